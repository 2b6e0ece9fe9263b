"""ids never reused

Without AUTOINCREMENT SQLite gives a new row max(id) + 1, so deleting the last row
hands its id to the next one: a withdrawn speaker's public feed URL, its calendar UID
and its `entry_id` in the speakers' log passed to the next delegation's speaker (#13
item 4). Every table with an integer id of its own is rebuilt with AUTOINCREMENT, which
never gives an id twice (sqlite_sequence keeps the highest ever given). The models ask
for it (app.core.database.Base), so new tables get it from create_table.

Ids deleted before this revision are gone from the tables, but the speakers' log still
names them: the counters of speaker entries and lists start above the highest id the
log knows too.

PostgreSQL: nothing to do, its sequences never go back.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tables with an integer id of their own at revision 0014, parents first (the
#: order does not matter with foreign keys off, it only reads better).
TABLES = (
    'congresses',
    'clusters',
    'delegations',
    'documents',
    'exclusions',
    'general_committee_seats',
    'meeting_slots',
    'pins',
    'rooms',
    'side_event_rules',
    'side_event_windows',
    'speakers_audit',
    'speakers_lists',
    'timetable_versions',
    'api_tokens',
    'bodies',
    'delegation_feed_tokens',
    'side_event_requests',
    'solve_jobs',
    'speaker_entries',
    'speaker_idempotency_keys',
    'timetable_meetings',
    'agenda_items',
    'console_sessions',
    'fixed_events',
    'high_level_segments',
    'officers',
    'agenda_sub_items',
    'workshops',
)

#: Ids the speakers' log names (its rows outlive the rows they describe): table →
#: column of speakers_audit.
LOGGED_IDS = {'speaker_entries': 'entry_id', 'speakers_lists': 'list_id'}


def _set_foreign_keys(on: bool) -> None:
    # SQLite ignores this PRAGMA inside a transaction: it must run outside one.
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _rebuild(autoincrement: bool) -> None:
    """Every table recreated (new table, rows copied, old one dropped, new one renamed)
    with or without AUTOINCREMENT.

    Foreign keys are off meanwhile: dropping a parent table with them on would delete
    its children's rows (ON DELETE CASCADE), and SQLite cannot switch them off within
    the migration's transaction.
    """
    _set_foreign_keys(False)
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
        ):
            pass
    if not op.get_context().as_sql:
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            # Raised before foreign keys are back on, whose autocommit block would
            # commit the half-done rebuild: the migration's transaction rolls back.
            raise RuntimeError(f'foreign keys broken by the rebuild: {broken[:10]}')
    _set_foreign_keys(True)


def upgrade() -> None:
    if op.get_context().dialect.name != 'sqlite':
        return
    _rebuild(autoincrement=True)
    # Copying the rows set each counter to the table's highest id; raise those of the
    # log's ids above it (a speaker withdrawn last, before this revision).
    for table, column in LOGGED_IDS.items():
        highest = f'(SELECT max({column}) FROM speakers_audit)'
        op.execute(
            sa.text(
                f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', 0 "
                f"WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}')"
            )
        )
        op.execute(
            sa.text(
                f'UPDATE sqlite_sequence SET seq = {highest} '
                f"WHERE name = '{table}' AND {highest} > seq"
            )
        )


def downgrade() -> None:
    if op.get_context().dialect.name != 'sqlite':
        return
    _rebuild(autoincrement=False)
