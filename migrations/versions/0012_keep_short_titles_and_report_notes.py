"""keep an action's short title and a status update's note for the highlight report

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 11:40:00

The highlight report's four boxes list each action by a short title: an administrator may
write one, else the report cuts the action's text. A lead may add a note to an update (the
paper's "* Dependent upon outcomes of the Value for Money Review"), printed as a footnote under
the box. Both are empty for existing rows.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_title', sa.String(length=120), nullable=True))
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_note', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_column('report_note')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('short_title')
