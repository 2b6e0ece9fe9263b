"""delegation feed tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('delegation_feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_delegation_feed_tokens_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_delegation_feed_tokens_delegation_id_delegations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_feed_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_delegation_feed_tokens_token_hash'))
    )
    with op.batch_alter_table('delegation_feed_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_feed_tokens_delegation_id'), ['delegation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('delegation_feed_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_feed_tokens_delegation_id'))

    op.drop_table('delegation_feed_tokens')
