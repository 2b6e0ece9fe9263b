"""side events: windows, rules, requests and their allocation; webcast and accessible rooms

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('side_event_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('max_per_organization_per_day', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_side_event_rules_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_side_event_rules')),
    sa.UniqueConstraint('congress_id', name=op.f('uq_side_event_rules_congress_id'))
    )
    op.create_table('side_event_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('lunchtime', 'evening', 'half_day', name='side_event_length', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_side_event_windows_congress_id_congresses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_side_event_windows')),
    sa.UniqueConstraint('congress_id', 'key', name=op.f('uq_side_event_windows_congress_id_key'))
    )
    op.create_table('side_event_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('organizer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('expected_attendance', sa.Integer(), nullable=False),
    sa.Column('length', sa.Enum('lunchtime', 'evening', 'half_day', name='side_event_length', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('preferred_dates', sa.JSON(), nullable=False),
    sa.Column('impossible_dates', sa.JSON(), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('agenda_item', sa.Integer(), nullable=True),
    sa.Column('workshop', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('submitted', 'placed', 'unplaced', 'confirmed', 'rejected', 'withdrawn', name='side_event_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('window_key', sa.String(length=40), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('unplaced_code', sa.String(length=40), nullable=True),
    sa.Column('unplaced_reason', sa.Text(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congresses.id'], name=op.f('fk_side_event_requests_congress_id_congresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_side_event_requests_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_side_event_requests_room_id_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_side_event_requests'))
    )
    with op.batch_alter_table('side_event_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_side_event_requests_congress_id'), ['congress_id'], unique=False)

    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('webcast', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('accessible', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.drop_column('accessible')
        batch_op.drop_column('webcast')

    with op.batch_alter_table('side_event_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_side_event_requests_congress_id'))

    op.drop_table('side_event_requests')
    op.drop_table('side_event_windows')
    op.drop_table('side_event_rules')
