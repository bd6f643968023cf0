"""say when an action was complete before the plan came in, its completion date not known

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 10:30:00

A row already complete at its first import, with no completed-on date, was completed on or
before that import's as-at date; the update (and the action's current state) says so instead
of dating the completion to the import. Everything recorded before this revision keeps its dates.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_completed_on_unknown', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_on_unknown', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_column('completed_on_unknown')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('current_completed_on_unknown')
