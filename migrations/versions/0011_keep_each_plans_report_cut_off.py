"""keep each plan's default report cut-off

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-29 11:00:00

A highlight report for a month shows the plan as at its cut-off date: by default this many
working days after the month's last day. Existing plans keep reporting as at the month's last
day, so every one starts at 0.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_cut_off_working_days', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('report_cut_off_working_days')
