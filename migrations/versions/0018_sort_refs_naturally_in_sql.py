"""keep each action's ref as a key that sorts naturally in SQL

Revision ID: 0018
Revises: 0016
Create Date: 2026-11-29 17:20:00

The plan's action list pages in SQL, so "1.9 before 1.10" must be an order the database can
use: ref_sort_key holds plan_order.ref_sort_key(ref), filled here for the actions there are.
"""
from alembic import op
import sqlalchemy as sa

from tracker.domain.plan_order import ref_sort_key


revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref_sort_key', sa.Text(), nullable=True))
    connection = op.get_bind()
    action = sa.table('action', sa.column('id', sa.Integer), sa.column('ref', sa.String),
                      sa.column('ref_sort_key', sa.String))
    rows = connection.execute(sa.select(action.c.id, action.c.ref).where(action.c.ref.is_not(None)))
    keys = [{'action_id': row.id, 'key': ref_sort_key(row.ref)} for row in rows]
    if keys:
        connection.execute(
            action.update()
            .where(action.c.id == sa.bindparam('action_id'))
            .values(ref_sort_key=sa.bindparam('key')),
            keys,
        )


def downgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('ref_sort_key')
