"""keep staged import files in the database

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staged_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_staged_import_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_import')),
    sa.UniqueConstraint('token', name=op.f('uq_staged_import_token'))
    )
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staged_import_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staged_import_expires_at'))

    op.drop_table('staged_import')
