"""count sign-in attempts by account and address

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 08:20:00

The failures were kept per bucket name, which cannot tell how many different accounts failed
from one address. The table holds only recent failures, so it is recreated empty.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('rate_limit_event')
    op.create_table('rate_limit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('account', sa.String(length=400), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_event'))
    )
    with op.batch_alter_table('rate_limit_event', schema=None) as batch_op:
        batch_op.create_index('ix_rate_limit_event_account', ['kind', 'account', 'occurred_at'], unique=False)
        batch_op.create_index('ix_rate_limit_event_address', ['kind', 'address', 'occurred_at'], unique=False)
        batch_op.create_index('ix_rate_limit_event_occurred_at', ['occurred_at'], unique=False)


def downgrade():
    op.drop_table('rate_limit_event')
    op.create_table('rate_limit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=400), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_event'))
    )
    with op.batch_alter_table('rate_limit_event', schema=None) as batch_op:
        batch_op.create_index('ix_rate_limit_event_bucket_at', ['bucket', 'occurred_at'], unique=False)
