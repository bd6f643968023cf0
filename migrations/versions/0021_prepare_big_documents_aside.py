"""prepare big documents aside from the request and keep them for download

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-29 21:20:00

A whole plan's PDF or export can take longer than a web worker may spend on a request: the
request records a prepared_document row, a builder outside the request fills in its content,
and any web worker can then hand it out.
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prepared_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('status', sa.Enum('queued', 'building', 'ready', 'failed', name='prepared_document_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('problem', sa.Text(), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_prepared_document_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_prepared_document_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prepared_document')),
    sa.UniqueConstraint('token', name=op.f('uq_prepared_document_token'))
    )
    with op.batch_alter_table('prepared_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prepared_document_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_prepared_document_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('prepared_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prepared_document_created_at'))
        batch_op.drop_index(batch_op.f('ix_prepared_document_key'))

    op.drop_table('prepared_document')
