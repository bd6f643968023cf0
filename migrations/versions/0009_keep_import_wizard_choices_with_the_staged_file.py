"""keep the import wizard's choices with the staged file

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-29 10:20:00

The columns, header row, title row and status words an administrator confirms on each step of
the import are kept with the uploaded file until it is imported or discarded.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('choices', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.drop_column('choices')
