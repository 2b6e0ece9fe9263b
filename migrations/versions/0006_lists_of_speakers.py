"""lists of speakers

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('speakers_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_role', sa.String(length=20), nullable=True),
    sa.Column('actor_token_id', sa.Integer(), nullable=True),
    sa.Column('actor_delegation_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_speakers_audit_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers_audit'))
    )
    with op.batch_alter_table('speakers_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_audit_list_id'), ['list_id'], unique=False)

    op.create_table('speakers_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=80), nullable=False),
    sa.Column('agenda_items', sa.JSON(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=False),
    sa.Column('statements_per_delegation', sa.Integer(), nullable=False),
    sa.Column('allowed_kinds', sa.JSON(), nullable=False),
    sa.Column('next_sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_speakers_lists_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers_lists')),
    sa.UniqueConstraint('congress_id', 'target', name=op.f('uq_speakers_lists_congress_id_target'))
    )
    op.create_table('speaker_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('protocol_level', sa.Enum('head_of_state_or_government', 'vice_president_or_crown_prince', 'deputy_prime_minister', 'minister', 'vice_minister', 'head_of_delegation', 'other', name='protocol_level', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('place_level', sa.Integer(), nullable=False),
    sa.Column('place_class', sa.Integer(), nullable=False),
    sa.Column('place_sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_speaker_entries_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['speakers_lists.id'], name=op.f('fk_speaker_entries_list_id_speakers_lists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_entries')),
    sa.UniqueConstraint('list_id', 'sequence', name=op.f('uq_speaker_entries_list_id_sequence'))
    )
    with op.batch_alter_table('speaker_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_entries_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaker_entries_list_id'), ['list_id'], unique=False)

    op.create_table('speaker_idempotency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_speaker_idempotency_keys_delegation_id_delegations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_idempotency_keys')),
    sa.UniqueConstraint('delegation_id', 'key', name=op.f('uq_speaker_idempotency_keys_delegation_id_key'))
    )


def downgrade() -> None:
    op.drop_table('speaker_idempotency_keys')
    with op.batch_alter_table('speaker_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_entries_list_id'))
        batch_op.drop_index(batch_op.f('ix_speaker_entries_delegation_id'))

    op.drop_table('speaker_entries')
    op.drop_table('speakers_lists')
    with op.batch_alter_table('speakers_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speakers_audit_list_id'))

    op.drop_table('speakers_audit')
