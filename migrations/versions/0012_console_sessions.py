"""console sessions and install secrets

The organizer console's cookie held the raw API token; it now holds a signed random
session id, stored here only as its hash. install_secrets keeps the key that signs the
cookies when CONGRESS_SESSION_SECRET is not set (generated once per installation).

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'console_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('token_id', sa.Integer(), nullable=False),
        sa.Column('congress_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['congress_id'], ['congresses.id'], name=op.f('fk_console_sessions_congress_id_congresses'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['token_id'], ['api_tokens.id'], name=op.f('fk_console_sessions_token_id_api_tokens'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_console_sessions')),
        sa.UniqueConstraint('id_hash', name=op.f('uq_console_sessions_id_hash')),
    )
    op.create_table(
        'install_secrets',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_install_secrets')),
    )


def downgrade() -> None:
    op.drop_table('install_secrets')
    op.drop_table('console_sessions')
