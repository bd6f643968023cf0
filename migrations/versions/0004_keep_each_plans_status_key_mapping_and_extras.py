"""keep each plan's status key, column mapping and extra columns

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:30:00

Every update and action recorded before this revision was rated through the default key (Red,
Amber, Green, Complete), so its status label, colour and exception are filled in from its RAG.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_COLOURS = ('red', 'amber', 'yellow', 'green', 'blue', 'grey', 'none')


def _colour(name):
    return sa.Enum(
        *_COLOURS, name=name, native_enum=False, create_constraint=True, length=24
    )


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_status_label', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('current_status_colour', _colour('status_colour'), nullable=True))
        batch_op.add_column(sa.Column('current_status_exception', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('extras', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_key', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('import_mapping', sa.JSON(), nullable=True))

    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_label', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('status_colour', _colour('status_colour'), nullable=True))
        batch_op.add_column(sa.Column('status_exception', sa.Boolean(), nullable=False, server_default=sa.false()))

    for table, rag, label, colour, exception in (
        ('action', 'current_rag', 'current_status_label', 'current_status_colour', 'current_status_exception'),
        ('status_update', 'rag', 'status_label', 'status_colour', 'status_exception'),
    ):
        op.execute(
            f"UPDATE {table} SET "
            f"{label} = CASE {rag} WHEN 'red' THEN 'Red' WHEN 'amber' THEN 'Amber' "
            f"WHEN 'green' THEN 'Green' WHEN 'complete' THEN 'Complete' END, "
            f"{colour} = CASE {rag} WHEN 'complete' THEN 'blue' ELSE {rag} END, "
            f"{exception} = CASE WHEN {rag} = 'red' THEN TRUE ELSE FALSE END "
            f"WHERE {rag} IS NOT NULL"
        )


def downgrade():
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_constraint('status_colour', type_='check')
        batch_op.drop_column('status_exception')
        batch_op.drop_column('status_colour')
        batch_op.drop_column('status_label')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('import_mapping')
        batch_op.drop_column('status_key')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint('status_colour', type_='check')
        batch_op.drop_column('extras')
        batch_op.drop_column('current_status_exception')
        batch_op.drop_column('current_status_colour')
        batch_op.drop_column('current_status_label')
