"""let the audit trail record merged people, their aliases, emailed links and status updates

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 17:05:00

Adds the verbs merge, send and request, and the entities person_alias and status_update, to
the words an audit event's verb and entity may hold.
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OLD_VERBS = ('create', 'update', 'delete', 'archive', 'restore', 'import', 'resend')
NEW_VERBS = OLD_VERBS + ('merge', 'send', 'request')
OLD_ENTITIES = (
    'achievement', 'action', 'band', 'kept_whole_lead', 'objective', 'organisation',
    'outbox_message', 'person', 'plan', 'risk', 'theme', 'user_account',
)
NEW_ENTITIES = OLD_ENTITIES + ('person_alias', 'status_update')


def _check(verbs, entities):
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_event_audit_verb'), type_='check')
        batch_op.drop_constraint(op.f('ck_audit_event_audit_entity'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_audit_event_audit_verb'), sa.column('verb').in_(verbs)
        )
        batch_op.create_check_constraint(
            op.f('ck_audit_event_audit_entity'), sa.column('entity').in_(entities)
        )


def upgrade():
    _check(NEW_VERBS, NEW_ENTITIES)


def downgrade():
    _check(OLD_VERBS, OLD_ENTITIES)
