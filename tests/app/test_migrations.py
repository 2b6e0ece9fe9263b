"""Alembic migrations match the models and run both ways on the test's database backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text

from app.core import migrations
from app.core.database import has_surrogate_key, make_engine
from app.models import Base
from tests.support.databases import temporary_database


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_models_and_migrations_are_in_sync(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url)
        migrations.check(url)  # raises when `alembic check` finds a difference


def test_upgrade_downgrade_upgrade_round_trip(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url)
        assert _tables(url) == set(Base.metadata.tables)
        migrations.downgrade(url, "base")
        assert _tables(url) == set()
        migrations.upgrade(url)
        assert _tables(url) == set(Base.metadata.tables)
        migrations.check(url)


# ---------------------------------------------------------------- ids are never given twice


def _surrogate_key_tables() -> list[str]:
    return sorted(t.name for t in Base.metadata.tables.values() if has_surrogate_key(t))


def _never_reused(engine: Engine) -> dict[str, bool]:
    """Per table with an integer id of its own: whether the database never gives an id
    twice (SQLite: AUTOINCREMENT in its CREATE TABLE; PostgreSQL: a sequence)."""
    found = {}
    with engine.connect() as connection:
        for name in _surrogate_key_tables():
            if engine.dialect.name == "sqlite":
                sql = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"),
                    {"n": name},
                ).scalar_one()
                found[name] = "PRIMARY KEY AUTOINCREMENT" in " ".join(sql.split())
            else:
                sequence = connection.execute(
                    text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name}
                ).scalar_one()
                found[name] = sequence is not None
    return found


def test_every_integer_id_table_is_marked_once_in_the_models() -> None:
    # The models' one mechanism (app.core.database.Base) covers every such table.
    tables = _surrogate_key_tables()
    assert "speaker_entries" in tables and "speakers_audit" in tables
    for name in tables:
        assert Base.metadata.tables[name].dialect_options["sqlite"]["autoincrement"], name


def test_create_all_makes_ids_that_are_never_reused(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        engine = create_engine(url)
        try:
            Base.metadata.create_all(engine)
            found = _never_reused(engine)
        finally:
            engine.dispose()
    assert found == dict.fromkeys(_surrogate_key_tables(), True)


def test_migrations_make_ids_that_are_never_reused(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url)
        engine = create_engine(url)
        try:
            found = _never_reused(engine)
        finally:
            engine.dispose()
    assert found == dict.fromkeys(_surrogate_key_tables(), True)


#: A congress at revision 0014 (plain SQL: the models may have moved on since): two
#: delegations' speakers, the last of whom (entry 2) was withdrawn, so that SQLite
#: would give its id to the next entry.
_AT_0014 = [
    "INSERT INTO congresses (id, slug, name, venue, time_zone, start_date, end_date,"
    " languages, translations, workshops_same_day, agenda_order_within_body,"
    " created_at, updated_at) VALUES (1, 'c', 'Congress', 'Venue', 'America/Bahia',"
    " '2010-04-12', '2010-04-19', '[\"en\"]', '{}', false, false,"
    " '2010-01-01 00:00:00.000000', '2010-01-01 00:00:00.000000')",
    "INSERT INTO delegations (id, congress_id, name, kind, credentials_committee,"
    " created_at, updated_at) VALUES"
    " (1, 1, 'Brazil', 'member_state', false, '2010-01-01 00:00:00.000000',"
    " '2010-01-01 00:00:00.000000'),"
    " (2, 1, 'China', 'member_state', false, '2010-01-01 00:00:00.000000',"
    " '2010-01-01 00:00:00.000000')",
    "INSERT INTO speakers_lists (id, congress_id, target, agenda_items, title, opens_at,"
    " closes_at, time_limit_minutes, statements_per_delegation, allowed_kinds,"
    " next_sequence, created_at, updated_at) VALUES (1, 1, 'item-3', '[3]', 'Item 3',"
    " '2010-03-01 00:00:00.000000', '2010-04-12 00:00:00.000000', 5, 1,"
    " '[\"member_state\"]', 3, '2010-01-01 00:00:00.000000', '2010-01-01 00:00:00.000000')",
    "INSERT INTO speaker_entries (id, list_id, delegation_id, sequence, name, title,"
    " protocol_level, language, place_level, place_class, place_sequence, created_at,"
    " updated_at) VALUES"
    " (1, 1, 1, 1, 'First', 'Minister', 'minister', 'en', 3, 0, 1,"
    " '2010-03-02 00:00:00.000000', '2010-03-02 00:00:00.000000'),"
    " (2, 1, 2, 2, 'Second', 'Minister', 'minister', 'en', 3, 0, 2,"
    " '2010-03-03 00:00:00.000000', '2010-03-03 00:00:00.000000')",
    "INSERT INTO speakers_audit (congress_id, list_id, entry_id, action, at) VALUES"
    " (1, 1, 1, 'entry.register', '2010-03-02 00:00:00.000000'),"
    " (1, 1, 2, 'entry.register', '2010-03-03 00:00:00.000000'),"
    " (1, 1, 2, 'entry.withdraw', '2010-03-04 00:00:00.000000')",
    "DELETE FROM speaker_entries WHERE id = 2",
]


def _contents(
    engine: Engine, like: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows; with `like`, only the columns `_columns` found then (a later
    revision may add columns)."""
    with engine.connect() as connection:
        found: dict[str, list[tuple[object, ...]]] = {}
        for name in sorted(inspect(connection).get_table_names()):
            if name == "alembic_version":
                continue
            columns = ", ".join(f'"{c}"' for c in like[name]) if like and name in like else "*"
            found[name] = [
                tuple(row)
                for row in connection.execute(text(f'SELECT {columns} FROM "{name}" ORDER BY 1'))
            ]
        return found


def _columns(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        return {
            name: [c["name"] for c in inspector.get_columns(name)]
            for name in inspector.get_table_names()
        }


def test_upgrade_keeps_the_rows_and_never_gives_a_withdrawn_id_again(
    backend: str, tmp_path: Path
) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url, "0014")
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                for statement in _AT_0014:
                    connection.execute(text(statement))
                if backend == "postgresql":  # the rows above were given their ids
                    for name in ("congresses", "delegations", "speakers_lists"):
                        connection.execute(
                            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), 2)")
                        )
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence('speaker_entries', 'id'), 2)")
                    )
            before = _contents(engine)
            columns = _columns(engine)
            migrations.upgrade(url)
            # Everything is there as it was: rebuilding a parent table did not cascade
            # to its children (foreign keys were off), and they still point at it.
            assert _contents(engine, columns) == before
            assert before["speaker_entries"] and before["speakers_audit"]
            with engine.begin() as connection:
                if backend == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                    assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                new_id = connection.execute(
                    text(
                        "INSERT INTO speaker_entries (list_id, delegation_id, sequence, name,"
                        " title, protocol_level, language, place_level, place_class,"
                        " place_sequence, created_at, updated_at) VALUES (1, 1, 3, 'Third',"
                        " 'Minister', 'minister', 'en', 3, 0, 3, '2010-03-05 00:00:00.000000',"
                        " '2010-03-05 00:00:00.000000') RETURNING id"
                    )
                ).scalar_one()
            # Entry 2 was withdrawn before the upgrade (the highest id then, gone from
            # the table): the log still names it, so it is not given again.
            assert new_id == 3
            migrations.check(url)
        finally:
            engine.dispose()
