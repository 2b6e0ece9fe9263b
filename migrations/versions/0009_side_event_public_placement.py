"""side event public placement

Where a side event was when last confirmed, so that the feeds show it there as
cancelled once it leaves the public programme.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('side_event_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('public_window_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('public_room', sa.String(length=120), nullable=True))
    # Events confirmed before this revision: where they are now is where they are public.
    op.execute(
        "UPDATE side_event_requests SET public_date = date, public_window_key = window_key, "
        "public_room = (SELECT rooms.name FROM rooms WHERE rooms.id = side_event_requests.room_id) "
        "WHERE state = 'confirmed'"
    )


def downgrade() -> None:
    with op.batch_alter_table('side_event_requests', schema=None) as batch_op:
        batch_op.drop_column('public_room')
        batch_op.drop_column('public_window_key')
        batch_op.drop_column('public_date')
