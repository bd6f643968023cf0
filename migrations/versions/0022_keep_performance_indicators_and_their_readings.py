"""keep performance indicators and their readings

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29 23:45:00

Indicators with their tolerance bands per year, staged targets, benchmarks, links to the
actions that work towards them, and readings kept as history (a correction supersedes); each
plan says how many working days after a period ends its readings are chased. The audit trail
may now name indicators and readings.
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

OLD_ENTITIES = (
    'achievement', 'action', 'band', 'kept_whole_lead', 'objective', 'organisation',
    'outbox_message', 'person', 'plan', 'risk', 'theme', 'user_account', 'person_alias',
    'status_update',
)
NEW_ENTITIES = OLD_ENTITIES + ('indicator', 'indicator_reading')


def _audit_entities(entities):
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_event_audit_entity'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_audit_event_audit_entity'), sa.column('entity').in_(entities)
        )


def upgrade():
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('theme', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('unit', sa.Enum('percentage', 'number', 'rate_per_10000', 'days', 'money', name='indicator_unit', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('polarity', sa.Enum('high', 'low', 'within_limits', 'info', name='indicator_polarity', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('frequency', sa.Enum('monthly', 'quarterly', 'termly', 'annual', 'rolling_year', name='indicator_frequency', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('year_basis', sa.Enum('financial', 'academic', 'calendar', name='indicator_year_basis', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('ytd_method', sa.Enum('cumulative_sum', 'latest_value', 'average', name='indicator_ytd_method', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('rag_method', sa.Enum('tolerance', 'comparison', name='indicator_rag_method', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('owner_person_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_person_id'], ['person.id'], name=op.f('fk_indicator_owner_person_id_person')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_indicator_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('plan_id', 'ref', name=op.f('uq_indicator_plan_id'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_owner_person_id'), ['owner_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_plan_id'), ['plan_id'], unique=False)

    op.create_table('indicator_benchmark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('stat_neighbour_average', 'best_stat_neighbour', 'national_average', 'national_top_quartile', 'regional', name='indicator_benchmark_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('period_label', sa.String(length=100), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_benchmark_indicator_id_indicator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_benchmark')),
    sa.UniqueConstraint('indicator_id', 'kind', 'period_label', name=op.f('uq_indicator_benchmark_indicator_id'))
    )
    with op.batch_alter_table('indicator_benchmark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_benchmark_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('commentary', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_reading_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['user_account.id'], name=op.f('fk_indicator_reading_recorded_by_user_id_user_account')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['indicator_reading.id'], name=op.f('fk_indicator_reading_supersedes_id_indicator_reading')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_reading')),
    sa.UniqueConstraint('supersedes_id', name=op.f('uq_indicator_reading_supersedes_id'))
    )
    with op.batch_alter_table('indicator_reading', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_reading_order', ['indicator_id', 'period_end', 'recorded_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_reading_period_end'), ['period_end'], unique=False)

    op.create_table('indicator_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('applies_from', sa.Date(), nullable=True),
    sa.Column('applies_until', sa.Date(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_target_indicator_id_indicator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_target'))
    )
    with op.batch_alter_table('indicator_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_target_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_tolerance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year_start', sa.Date(), nullable=False),
    sa.Column('red', sa.String(length=200), nullable=False),
    sa.Column('amber', sa.String(length=200), nullable=False),
    sa.Column('green', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_tolerance_indicator_id_indicator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_tolerance')),
    sa.UniqueConstraint('indicator_id', 'year_start', name=op.f('uq_indicator_tolerance_indicator_id'))
    )
    with op.batch_alter_table('indicator_tolerance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_tolerance_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_action',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_indicator_action_action_id_action')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_action_indicator_id_indicator')),
    sa.PrimaryKeyConstraint('indicator_id', 'action_id', name=op.f('pk_indicator_action'))
    )
    with op.batch_alter_table('indicator_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_action_action_id'), ['action_id'], unique=False)

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reading_due_working_days', sa.Integer(), nullable=False, server_default='10'))

    _audit_entities(NEW_ENTITIES)



def downgrade():
    _audit_entities(OLD_ENTITIES)
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('reading_due_working_days')

    with op.batch_alter_table('indicator_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_action_action_id'))

    op.drop_table('indicator_action')
    with op.batch_alter_table('indicator_tolerance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_tolerance_indicator_id'))

    op.drop_table('indicator_tolerance')
    with op.batch_alter_table('indicator_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_target_indicator_id'))

    op.drop_table('indicator_target')
    with op.batch_alter_table('indicator_reading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_reading_period_end'))
        batch_op.drop_index('ix_indicator_reading_order')

    op.drop_table('indicator_reading')
    with op.batch_alter_table('indicator_benchmark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_benchmark_indicator_id'))

    op.drop_table('indicator_benchmark')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_plan_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_owner_person_id'))

    op.drop_table('indicator')
