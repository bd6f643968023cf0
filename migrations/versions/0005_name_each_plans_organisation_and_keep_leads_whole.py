"""name each plan's organisation and keep lead texts whole

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:40:00

Every plan and person recorded before this revision goes into one organisation, "Default
organisation", so people stay matched by name exactly as before. A person's name is then unique
within their organisation only. Downgrading needs every person's name to be unique again.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_DEFAULT_ORGANISATION = 'Default organisation'


def upgrade():
    organisation = op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name_key', name=op.f('uq_organisation_name_key'))
    )
    op.create_table('kept_whole_lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('text_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_kept_whole_lead_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_whole_lead')),
    sa.UniqueConstraint('organisation_id', 'text_key', name=op.f('uq_kept_whole_lead_organisation_id'))
    )
    with op.batch_alter_table('kept_whole_lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_whole_lead_organisation_id'), ['organisation_id'], unique=False)

    op.bulk_insert(organisation, [{
        'name': _DEFAULT_ORGANISATION,
        'name_key': _DEFAULT_ORGANISATION.casefold(),
        'created_at': datetime.now(timezone.utc),
    }])
    default_id = (
        "(SELECT id FROM organisation WHERE name_key = "
        f"'{_DEFAULT_ORGANISATION.casefold()}')"
    )

    for table in ('plan', 'person'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET organisation_id = {default_id}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_organisation_id'), ['organisation_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'])
            if table == 'person':
                batch_op.drop_constraint('uq_person_name_key', type_='unique')
                batch_op.create_unique_constraint(batch_op.f('uq_person_organisation_id'), ['organisation_id', 'name_key'])


def downgrade():
    for table in ('person', 'plan'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'person':
                batch_op.drop_constraint(batch_op.f('uq_person_organisation_id'), type_='unique')
                batch_op.create_unique_constraint(batch_op.f('uq_person_name_key'), ['name_key'])
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_organisation_id_organisation'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_organisation_id'))
            batch_op.drop_column('organisation_id')

    with op.batch_alter_table('kept_whole_lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_whole_lead_organisation_id'))

    op.drop_table('kept_whole_lead')
    op.drop_table('organisation')
