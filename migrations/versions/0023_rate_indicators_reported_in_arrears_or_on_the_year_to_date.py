"""rate indicators reported in arrears or on the year to date

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 00:50:00

An indicator may be reported some months in arrears (a paper rates last month's figure in this
month's column) and may be rated on its year to date instead of the period's reading.
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('months_in_arrears', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('rag_on', sa.Enum('period', 'year_to_date', name='indicator_rag_on', native_enum=False, create_constraint=True, length=24), nullable=False, server_default='period'))


def downgrade():
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_indicator_indicator_rag_on'), type_='check')
        batch_op.drop_column('rag_on')
        batch_op.drop_column('months_in_arrears')
