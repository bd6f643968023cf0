"""keep personal access tokens for the api

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 07:20:20

Personal access tokens for the JSON API: the account, name, scope, expiry, last use and the
rate limit's window of each, keeping only a hash of the token. The audit trail names the token
a change was made with, and gains the verb "revoke" and the entity "api_token".
"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

OLD_VERBS = (
    'create', 'update', 'delete', 'archive', 'restore', 'import', 'resend', 'merge', 'send',
    'request', 'propose', 'approve', 'decline', 'sign_off', 'return', 'upload',
)
NEW_VERBS = OLD_VERBS + ('revoke',)
OLD_ENTITIES = (
    'achievement', 'action', 'band', 'kept_whole_lead', 'objective', 'organisation',
    'outbox_message', 'person', 'plan', 'risk', 'theme', 'user_account', 'person_alias',
    'status_update', 'indicator', 'indicator_reading', 'evidence', 'milestone', 'recommendation',
    'target_date_revision',
)
NEW_ENTITIES = OLD_ENTITIES + ('api_token',)


def _audit_words(verbs, entities):
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
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('shown_prefix', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.Enum('read', 'write', name='token_scope', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('window_count', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('api_token_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_api_token_id_api_token'), 'api_token', ['api_token_id'], ['id'])

    _audit_words(NEW_VERBS, NEW_ENTITIES)



def downgrade():
    _audit_words(OLD_VERBS, OLD_ENTITIES)
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_event_api_token_id_api_token'), type_='foreignkey')
        batch_op.drop_column('api_token_id')

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_api_token_token_scope'), type_='check')
    op.drop_table('api_token')
