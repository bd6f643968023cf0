"""keep each outbox attempt with the message as sent, and each plan's overdue repeat

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 17:10:00

Each attempt to hand a reminder to the mail server is kept: when, how it ended, the server's
reply or the error, and the message exactly as it went over the wire, so administrators can
see what was sent. Each plan says how many working days pass before an overdue action is
listed again in its lead's reminder; existing plans start at 5.
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

OUTCOMES = ('delivered', 'temporary', 'permanent', 'unknown')


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_repeat_working_days', sa.Integer(), nullable=False, server_default='5'))

    op.create_table('outbox_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('raw_message', sa.Text(), nullable=True),
    sa.CheckConstraint(sa.column('outcome').in_(OUTCOMES), name=op.f('ck_outbox_attempt_outbox_attempt_outcome')),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attempt_outbox_message_id_outbox_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attempt'))
    )
    with op.batch_alter_table('outbox_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attempt_outbox_message_id'), ['outbox_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attempt_outbox_message_id'))

    op.drop_table('outbox_attempt')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('reminder_repeat_working_days')
