"""remember the other names a person goes by, so imports link them without asking

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 17:15:00

Adds person_alias: a name an organisation's plans give one of its people, kept by its matching
key, made when an administrator accepts a suggested match on import or merges two people.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('person_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('alias_key', sa.String(length=200), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_person_alias_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_alias_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_alias')),
    sa.UniqueConstraint('organisation_id', 'alias_key', name=op.f('uq_person_alias_organisation_id'))
    )
    with op.batch_alter_table('person_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_alias_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_alias_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('person_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_alias_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_alias_organisation_id'))
    op.drop_table('person_alias')
