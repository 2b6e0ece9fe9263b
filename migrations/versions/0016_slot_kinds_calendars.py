"""slot kinds, per-day slots, calendar and duration rules, bodies' first meetings

Meeting slots say what they are for (formal, formal_no_interpretation, informal, side);
a congress may give dates their own slots, say whether it meets on weekends and
holidays, and count its duration rule in calendar or working days, from the
pre-Congress consultations or not; a body may have a fixed first meeting and days or
slots it does not meet in; a workshop the kinds of slots it may use. Existing rows keep
today's behaviour: formal slots, meetings every day, calendar days including the
consultations.

Revision ID: 0016_slot_kinds_calendars
Revises: 0015
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016_slot_kinds_calendars'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: SQLite rebuilds a table to add a column with a default: it keeps AUTOINCREMENT (ids
#: never reused, revision 0015).
_KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade() -> None:
    with op.batch_alter_table('meeting_slots', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=40), server_default=sa.text("'formal'"), nullable=False)
        )
    with op.batch_alter_table('congresses', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.add_column(
            sa.Column(
                'max_duration_counts',
                sa.String(length=20),
                server_default=sa.text("'calendar'"),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                'max_duration_includes_pre_session',
                sa.Boolean(),
                server_default=sa.text('true'),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column('meetings_on_weekends', sa.Boolean(), server_default=sa.text('true'), nullable=False)
        )
        batch_op.add_column(
            sa.Column('meetings_on_holidays', sa.Boolean(), server_default=sa.text('true'), nullable=False)
        )
        batch_op.add_column(
            sa.Column('day_slots', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
    with op.batch_alter_table('bodies', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('first_meeting_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('first_meeting_slot', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('meets_on_weekends', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('meets_on_holidays', sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column('unavailable', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
    with op.batch_alter_table('workshops', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.add_column(
            sa.Column('slot_kinds', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column('slot_kinds')
    with op.batch_alter_table('bodies', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column('unavailable')
        batch_op.drop_column('meets_on_holidays')
        batch_op.drop_column('meets_on_weekends')
        batch_op.drop_column('first_meeting_slot')
        batch_op.drop_column('first_meeting_date')
    with op.batch_alter_table('congresses', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column('day_slots')
        batch_op.drop_column('meetings_on_holidays')
        batch_op.drop_column('meetings_on_weekends')
        batch_op.drop_column('max_duration_includes_pre_session')
        batch_op.drop_column('max_duration_counts')
    with op.batch_alter_table('meeting_slots', schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column('kind')
