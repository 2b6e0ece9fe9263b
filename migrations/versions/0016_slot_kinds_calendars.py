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


revision: str = "0016_slot_kinds_calendars"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: SQLite rebuilds a table to drop a column: it keeps AUTOINCREMENT (ids
#: never reused, revision 0015).
_KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    # Added in place (SQLite's ADD COLUMN, no rebuild): rebuilding the congresses or the
    # bodies with foreign keys on would delete the rows that hang off them (cascade).
    op.add_column(
        "meeting_slots",
        sa.Column("kind", sa.String(length=40), server_default=sa.text("'formal'"), nullable=False),
    )
    op.add_column(
        "congresses",
        sa.Column(
            "max_duration_counts",
            sa.String(length=20),
            server_default=sa.text("'calendar'"),
            nullable=False,
        ),
    )
    op.add_column(
        "congresses",
        sa.Column(
            "max_duration_includes_pre_session",
            sa.Boolean(),
            server_default=sa.text("true"),
            nullable=False,
        ),
    )
    op.add_column(
        "congresses",
        sa.Column(
            "meetings_on_weekends", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
    )
    op.add_column(
        "congresses",
        sa.Column(
            "meetings_on_holidays", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
    )
    op.add_column(
        "congresses",
        sa.Column("day_slots", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )
    op.add_column("bodies", sa.Column("first_meeting_date", sa.Date(), nullable=True))
    op.add_column("bodies", sa.Column("first_meeting_slot", sa.String(length=40), nullable=True))
    op.add_column("bodies", sa.Column("meets_on_weekends", sa.Boolean(), nullable=True))
    op.add_column("bodies", sa.Column("meets_on_holidays", sa.Boolean(), nullable=True))
    op.add_column(
        "bodies",
        sa.Column("unavailable", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )
    op.add_column(
        "workshops",
        sa.Column("slot_kinds", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )


def _set_foreign_keys(on: bool) -> None:
    """SQLite rebuilds a table to drop a column: with foreign keys on, dropping a parent
    table would delete its children's rows (ON DELETE CASCADE). The PRAGMA works only
    outside a transaction (revision 0015 does the same)."""
    if op.get_context().dialect.name == "sqlite":
        with op.get_context().autocommit_block():
            op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def downgrade() -> None:
    _set_foreign_keys(False)
    with op.batch_alter_table("workshops", schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column("slot_kinds")
    with op.batch_alter_table("bodies", schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column("unavailable")
        batch_op.drop_column("meets_on_holidays")
        batch_op.drop_column("meets_on_weekends")
        batch_op.drop_column("first_meeting_slot")
        batch_op.drop_column("first_meeting_date")
    with op.batch_alter_table("congresses", schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column("day_slots")
        batch_op.drop_column("meetings_on_holidays")
        batch_op.drop_column("meetings_on_weekends")
        batch_op.drop_column("max_duration_includes_pre_session")
        batch_op.drop_column("max_duration_counts")
    with op.batch_alter_table("meeting_slots", schema=None, table_kwargs=_KEEP_IDS) as batch_op:
        batch_op.drop_column("kind")
    _set_foreign_keys(True)
