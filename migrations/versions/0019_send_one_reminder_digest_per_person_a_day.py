"""send one reminder digest per person, kind and day, at one send time for the instance

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 21:20:00

Plans lose their own reminder send time: the instance sends at TRACKER_REMINDER_SEND_TIME.

A digest's idempotency key was kind:person:plan:day and becomes kind:person:day. Every outbox
row is kept with its content, status and attempts. Of each person's rows of one kind for one
day, the earliest takes the new key, so a run after the upgrade on that same day finds the
person already had (or is being sent) that day's digest and sends no second one; the other rows
keep their per-plan keys, which no run makes any more, so none of them is made again either.
A plan whose digest had not been written yet on the day of the upgrade is therefore not sent
that day; it is in the next working day's digest, which is the price of never sending twice.

The downgrade gives each plan the send time 07:00 and turns each one-plan row's key back into
its per-plan form; a row covering several plans keeps its key, which the older code never makes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

outbox_message = sa.table(
    'outbox_message',
    sa.column('id', sa.Integer),
    sa.column('idempotency_key', sa.String),
    sa.column('plan_id', sa.Integer),
)


def _rows(connection):
    return connection.execute(
        sa.select(outbox_message.c.id, outbox_message.c.idempotency_key, outbox_message.c.plan_id)
        .order_by(outbox_message.c.id)
    ).all()


def _set_key(connection, row_id, key):
    connection.execute(
        outbox_message.update().where(outbox_message.c.id == row_id).values(idempotency_key=key)
    )


def upgrade():
    connection = op.get_bind()
    taken = set()
    for row_id, key, _ in _rows(connection):
        parts = key.split(':')
        if len(parts) != 4:
            taken.add(key)
            continue
        kind, person, _, day = parts
        new_key = f'{kind}:{person}:{day}'
        if new_key not in taken:
            _set_key(connection, row_id, new_key)
            taken.add(new_key)

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('reminder_send_time')


def downgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reminder_send_time', sa.Time(), nullable=False, server_default='07:00:00')
        )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.alter_column('reminder_send_time', existing_type=sa.Time(), server_default=None)

    connection = op.get_bind()
    rows = _rows(connection)
    taken = {key for _, key, _ in rows}
    for row_id, key, plan_id in rows:
        parts = key.split(':')
        if len(parts) != 3 or plan_id is None:
            continue
        kind, person, day = parts
        old_key = f'{kind}:{person}:{plan_id}:{day}'
        if old_key not in taken:
            _set_key(connection, row_id, old_key)
            taken.add(old_key)
