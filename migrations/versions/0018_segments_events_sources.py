"""segments, fixed events of any kind, sources as data

Segments: a congress has any number of them (the high-level segment keyed "high-level",
a treaty event segment, ...), each with a key, a title and a window that may be a list
of dates. Fixed events: any number, of the kinds treaty_event, special_event, elections,
round_table and other too, each with a key, of a body or held in a room, with its source.
Congresses: `sources`, the citation of each rule family; pins and exclusions: `source`.

Existing rows: segments get the key "high-level"; fixed events the key of their kind
("opening", "closing", "pre-congress-consultations").

Revision ID: 0018
Revises: 0017_units_workshops
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0018'
down_revision: str | None = '0017_units_workshops'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ('pre_congress_consultations', 'opening', 'closing')
NEW_KINDS = (*OLD_KINDS, 'treaty_event', 'special_event', 'elections', 'round_table', 'other')
OLD_ANCHORS = ('start', 'end')
NEW_ANCHORS = (*OLD_ANCHORS, 'dates')
#: Tables rebuilt on SQLite keep AUTOINCREMENT (revision 0015).
KEEP = {'sqlite_autoincrement': True}


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _check(batch_op: object, table: str, column: str, name: str, values: Sequence[str]) -> None:
    batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')  # type: ignore[attr-defined]
    batch_op.create_check_constraint(op.f(f'ck_{table}_{name}'), _in(column, values))  # type: ignore[attr-defined]


def upgrade() -> None:
    # Added in place (SQLite's ADD COLUMN): rebuilding the congresses would cascade to
    # every table that hangs off them.
    op.add_column(
        'congresses',
        sa.Column('sources', sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )

    # Leaves of the congress: added in place too.
    op.add_column('pins', sa.Column('source', sa.Text(), nullable=True))
    op.add_column('exclusions', sa.Column('source', sa.Text(), nullable=True))

    with op.batch_alter_table('high_level_segments', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('window_dates', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('uq_high_level_segments_congress_id'), type_='unique')
        _check(batch_op, 'high_level_segments', 'window_anchor', 'window_anchor', NEW_ANCHORS)
    segments = sa.table('high_level_segments', sa.column('key'), sa.column('position'))
    op.execute(segments.update().values(key='high-level', position=0))
    with op.batch_alter_table('high_level_segments', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=60), nullable=False)
        batch_op.alter_column('position', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_high_level_segments_congress_id_key'), ['congress_id', 'key']
        )

    with op.batch_alter_table('fixed_events', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('room_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=True))
        batch_op.alter_column('body_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_fixed_events_room_id_rooms'), 'rooms', ['room_id'], ['id'],
            ondelete='CASCADE',
        )
        _check(batch_op, 'fixed_events', 'kind', 'fixed_event_kind', NEW_KINDS)
    events = sa.table('fixed_events', sa.column('id'), sa.column('kind'), sa.column('key'))
    connection = op.get_bind()
    for event_id, kind in connection.execute(sa.select(events.c.id, events.c.kind)):
        connection.execute(
            events.update().where(events.c.id == event_id).values(key=kind.replace('_', '-'))
        )
    with op.batch_alter_table('fixed_events', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_fixed_events_congress_id_key'), ['congress_id', 'key']
        )


def downgrade() -> None:
    connection = op.get_bind()
    # Only what the old schema can hold survives: the first event of each old kind that
    # has a body, and the high-level segment.
    events = sa.table(
        'fixed_events', sa.column('id'), sa.column('kind'), sa.column('body_id'),
        sa.column('congress_id'),
    )
    connection.execute(
        events.delete().where(sa.or_(events.c.kind.not_in(OLD_KINDS), events.c.body_id.is_(None)))
    )
    segments = sa.table(
        'high_level_segments', sa.column('key'), sa.column('window_anchor'),
    )
    connection.execute(segments.delete().where(segments.c.key != 'high-level'))
    connection.execute(segments.delete().where(segments.c.window_anchor == 'dates'))
    with op.batch_alter_table('fixed_events', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_fixed_events_congress_id_key'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_fixed_events_room_id_rooms'), type_='foreignkey')
        _check(batch_op, 'fixed_events', 'kind', 'fixed_event_kind', OLD_KINDS)
        batch_op.alter_column('body_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('source')
        batch_op.drop_column('room_id')
        batch_op.drop_column('key')
    with op.batch_alter_table('high_level_segments', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_high_level_segments_congress_id_key'), type_='unique'
        )
        _check(batch_op, 'high_level_segments', 'window_anchor', 'window_anchor', OLD_ANCHORS)
        batch_op.create_unique_constraint(
            batch_op.f('uq_high_level_segments_congress_id'), ['congress_id']
        )
        batch_op.drop_column('position')
        batch_op.drop_column('window_dates')
        batch_op.drop_column('title')
        batch_op.drop_column('key')
    with op.batch_alter_table('exclusions', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_column('source')
    with op.batch_alter_table('pins', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_column('source')
    op.drop_column('congresses', 'sources')
