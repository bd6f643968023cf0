"""check the values of a risk's status, an outbox message's status and kind, and an audit event's verb and entity

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 13:40:00

These columns were free strings that only the code kept to a few words. Each now accepts only
those words, as the other status columns do. A database holding any other word in them stops
the upgrade rather than keep a value the application cannot read.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

RISK_STATUSES = ('open', 'closed')
OUTBOX_STATUSES = ('pending', 'sending', 'sent', 'failed', 'unknown')
OUTBOX_KINDS = ('lead', 'escalation')
AUDIT_VERBS = ('create', 'update', 'delete', 'archive', 'restore', 'import', 'resend')
AUDIT_ENTITIES = (
    'achievement', 'action', 'band', 'kept_whole_lead', 'objective', 'organisation',
    'outbox_message', 'person', 'plan', 'risk', 'theme', 'user_account',
)

# (table, column, the enum's name, its values)
CHECKED = (
    ('risk', 'status', 'risk_status', RISK_STATUSES),
    ('outbox_message', 'status', 'outbox_status', OUTBOX_STATUSES),
    ('outbox_message', 'kind', 'outbox_kind', OUTBOX_KINDS),
    ('audit_event', 'verb', 'audit_verb', AUDIT_VERBS),
    ('audit_event', 'entity', 'audit_entity', AUDIT_ENTITIES),
)


def upgrade():
    for table in ('risk', 'outbox_message', 'audit_event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for checked_table, column, name, values in CHECKED:
                if checked_table == table:
                    batch_op.create_check_constraint(
                        op.f(f'ck_{table}_{name}'), sa.column(column).in_(values)
                    )


def downgrade():
    for table in ('audit_event', 'outbox_message', 'risk'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for checked_table, _column, name, _values in CHECKED:
                if checked_table == table:
                    batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')
