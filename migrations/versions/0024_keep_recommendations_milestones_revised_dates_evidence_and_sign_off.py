"""keep recommendations, milestones, revised dates, evidence and sign-off

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30 03:23:01

Recommendations a plan answers and their links to actions; milestones with their own refs,
words and done dates (several may share a date); proposed target dates with who asked, why and
who decided; evidence notes, links and files; and sign-off of Completed updates, with the
plan's settings for approval and sign-off. The audit trail gains the verbs and entities for them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

OLD_VERBS = (
    'create', 'update', 'delete', 'archive', 'restore', 'import', 'resend', 'merge', 'send',
    'request',
)
NEW_VERBS = OLD_VERBS + ('propose', 'approve', 'decline', 'sign_off', 'return', 'upload')
OLD_ENTITIES = (
    'achievement', 'action', 'band', 'kept_whole_lead', 'objective', 'organisation',
    'outbox_message', 'person', 'plan', 'risk', 'theme', 'user_account', 'person_alias',
    'status_update', 'indicator', 'indicator_reading',
)
NEW_ENTITIES = OLD_ENTITIES + ('evidence', 'milestone', 'recommendation', 'target_date_revision')


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
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_recommendation_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('plan_id', 'ref', name=op.f('uq_recommendation_plan_id'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_plan_id'), ['plan_id'], unique=False)

    op.create_table('action_recommendation',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_recommendation_action_id_action')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_action_recommendation_recommendation_id_recommendation')),
    sa.PrimaryKeyConstraint('action_id', 'recommendation_id', name=op.f('pk_action_recommendation'))
    )
    with op.batch_alter_table('action_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_recommendation_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('target_date_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=True),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'declined', name='revision_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('proposed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_target_date_revision_action_id_action')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user_account.id'], name=op.f('fk_target_date_revision_decided_by_user_id_user_account')),
    sa.ForeignKeyConstraint(['proposed_by_user_id'], ['user_account.id'], name=op.f('fk_target_date_revision_proposed_by_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_date_revision'))
    )
    with op.batch_alter_table('target_date_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_date_revision_action_id'), ['action_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('status_update_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('text', 'link', 'file', name='evidence_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_evidence_action_id_action')),
    sa.ForeignKeyConstraint(['status_update_id'], ['status_update.id'], name=op.f('fk_evidence_status_update_id_status_update')),
    sa.ForeignKeyConstraint(['uploaded_by_user_id'], ['user_account.id'], name=op.f('fk_evidence_uploaded_by_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_status_update_id'), ['status_update_id'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_sign_off', sa.Enum('awaiting', 'signed_off', 'returned', name='sign_off', native_enum=False, create_constraint=True, length=24), nullable=True))

    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('done_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_constraint(batch_op.f('uq_milestone_action_id'), type_='unique')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revised_dates_need_approval', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('sign_off_required', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('panel_may_sign_off', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_off', sa.Enum('awaiting', 'signed_off', 'returned', name='sign_off', native_enum=False, create_constraint=True, length=24), nullable=True))

    _audit_words(NEW_VERBS, NEW_ENTITIES)



def downgrade():
    _audit_words(OLD_VERBS, OLD_ENTITIES)
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_status_update_sign_off'), type_='check')
        batch_op.drop_column('sign_off')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('panel_may_sign_off')
        batch_op.drop_column('sign_off_required')
        batch_op.drop_column('revised_dates_need_approval')

    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_milestone_action_id'), ['action_id', 'due_on'])
        batch_op.drop_column('position')
        batch_op.drop_column('done_on')
        batch_op.drop_column('text')
        batch_op.drop_column('ref')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_action_sign_off'), type_='check')
        batch_op.drop_column('current_sign_off')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_status_update_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_action_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('target_date_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_date_revision_action_id'))

    op.drop_table('target_date_revision')
    with op.batch_alter_table('action_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_recommendation_recommendation_id'))

    op.drop_table('action_recommendation')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_plan_id'))

    op.drop_table('recommendation')
