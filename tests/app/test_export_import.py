"""`congress export` / `congress import`: a whole congress travels losslessly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.deps import Principal
from app.auth.models import Role
from app.congresses.repository import find_congress
from app.core.database import transaction
from app.core.problems import ProblemError
from app.models import Base
from app.seeds.loader import LoadResult
from app.speakers import inscription as speakers_inscription
from app.speakers import lists
from app.speakers import repository as speakers_repository
from app.speakers.models import IdempotencyKey, ProtocolLevel
from app.speakers.schemas import SpeakerCreate, SpeakersListCreate
from app.timetables import release, solving
from app.transfer.service import (
    export_congress,
    import_congress,
    json_references,
    soft_references,
)
from tests.app.test_cli import congress
from tests.support.databases import temporary_database
from tests.support.seeds import SALVADOR_2010

SLUG = "twelfth-congress-salvador-2010"


def normalized(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The tables with every id replaced by the row's position: equal documents describe
    the same congress whatever ids the database gave."""
    tables = document["tables"]
    positions: dict[str, dict[Any, int]] = {}
    for table in Base.metadata.sorted_tables:
        rows = tables.get(table.name, [])
        keys = list(table.primary_key.columns)
        if len(keys) == 1:
            positions[table.name] = {row[keys[0].name]: i for i, row in enumerate(rows)}
    result: dict[str, list[dict[str, Any]]] = {}
    for table in Base.metadata.sorted_tables:
        rows = tables.get(table.name, [])
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        fks |= soft_references(table)
        quoted = json_references(table)
        keys = [c.name for c in table.primary_key.columns]
        out = []
        for row in rows:
            row = dict(row)
            for column, target in fks.items():
                if row.get(column) is not None:
                    row[column] = position(positions, target, row[column])
            for column, inner in quoted.items():
                if isinstance(row.get(column), dict):
                    row[column] = {
                        k: position(positions, inner[k], v) if k in inner else v
                        for k, v in row[column].items()
                    }
            if len(keys) == 1 and keys[0] not in fks:
                row.pop(keys[0])
            out.append(row)
        if out:
            result[table.name] = out
    return result


def position(positions: dict[str, dict[Any, int]], table: str, old: Any) -> Any:
    """Where the row an id names stands in its table; a row that is gone (a withdrawn
    speaker) is "gone" whatever number stands for it."""
    if table not in positions:
        return "not exported"
    return positions[table].get(old, "gone")


def publish_once(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        found = find_congress(session, SLUG, full=True)
        assert found is not None
        _, draft = solving.solve_congress(session, found, time_limit_s=20)
        assert draft is not None
        release.publish(session, draft)


def inscribe_a_speaker(session_factory: sessionmaker[Session]) -> None:
    """A list of speakers with an inscription, and one withdrawn (so audit records that
    name an entry that no longer exists), by the real paths."""
    with transaction(session_factory) as session:
        found = find_congress(session, SLUG, full=True)
        assert found is not None
        created = lists.create_list(
            session,
            found,
            SpeakersListCreate(
                target="item-4",
                opens_at=dt.datetime(2010, 3, 8, tzinfo=dt.UTC),
                closes_at=dt.datetime(2010, 4, 16, tzinfo=dt.UTC),
                time_limit_minutes=7,
            ),
            None,
        )
        inscription = speakers_repository.find_list_of(session, SLUG, created.target)
        assert inscription is not None

        def inscribe(delegation_name: str, name: str, title: str) -> tuple[Principal, int]:
            delegation = next(d for d in found.delegations if d.name == delegation_name)
            caller = Principal(
                role=Role.DELEGATION, delegation_id=delegation.id, congress_id=found.id
            )
            registered = speakers_inscription.register(
                session,
                inscription,
                SpeakerCreate(
                    name=name, title=title, protocol_level=ProtocolLevel.MINISTER, language="en"
                ),
                caller,
                idempotency_key=f"export-test-{delegation_name}",
                fingerprint=f"export-test-{delegation_name}",
                now=dt.datetime(2010, 3, 9, tzinfo=dt.UTC),
            )
            return caller, int(registered.body["id"])

        inscribe("Jamaica", "K. Brown", "Attorney General")
        caller, gone = inscribe("Brazil", "A. Souza", "Minister of Justice")
        speakers_list = speakers_repository.find_list(session, found.id, created.target)
        assert speakers_list is not None
        speakers_inscription.withdraw(session, found, speakers_list, gone, caller, if_match="*")


def test_round_trip_into_another_database_is_lossless(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    backend: str,
    tmp_path: Path,
) -> None:
    publish_once(session_factory)
    inscribe_a_speaker(session_factory)
    with session_factory() as session:
        found = find_congress(session, SLUG)
        assert found is not None
        exported = export_congress(session, found)
    tables = exported["tables"]
    assert len(tables["timetable_meetings"]) > 30
    assert [e["name"] for e in tables["speaker_entries"]] == ["K. Brown"]
    assert len(tables["speakers_audit"]) >= 3  # list, inscriptions, withdrawal
    # Through JSON text, as the CLI writes it.
    document = json.loads(json.dumps(exported))
    with temporary_database(backend, tmp_path) as other_url:
        from app.core import migrations
        from app.core.database import make_engine, make_session_factory

        migrations.upgrade(other_url)
        other_engine = make_engine(other_url)
        try:
            other = make_session_factory(other_engine)
            # Other congresses there first, so that every id differs from the export's:
            # one copy, or two when the export's own id is small enough to be the next one
            # (ids are never given twice, so after other tests the source may have id 2).
            with transaction(other) as session:
                for n in range(1 if found.id > 2 else 2):
                    copy = json.loads(json.dumps(document))
                    copy["tables"]["congresses"][0]["slug"] = f"a-copy-of-2010-{n}"
                    import_congress(session, copy)
                import_congress(session, document)
            with other() as session:
                again = find_congress(session, SLUG, full=True)
                assert again is not None
                assert again.id != found.id
                assert normalized(export_congress(session, again)) == normalized(exported)
                assert_the_log_names_the_imported_rows(session, again.id)
        finally:
            other_engine.dispose()


def assert_the_log_names_the_imported_rows(session: Session, congress_id: int) -> None:
    """The audit log and the stored answers name the rows of this database."""
    speakers_list = speakers_repository.find_list(session, congress_id, "item-4")
    assert speakers_list is not None
    (entry,) = speakers_list.entries
    log = speakers_repository.audit_of(session, speakers_list.id)
    actions = sorted(r.action for r in log)
    assert actions == ["entry.register", "entry.register", "entry.withdraw", "list.create"]
    created = next(r for r in log if r.action == "entry.register" and r.entry_id == entry.id)
    assert created.entry_id == entry.id
    assert created.actor_delegation_id == entry.delegation_id
    assert created.after is not None and created.after["delegation_id"] == entry.delegation_id
    assert created.actor_token_id is None  # tokens do not travel
    # The withdrawn speaker's records still go together, under a number no row can have.
    withdrawn = [r for r in log if r.entry_id not in (None, entry.id)]
    assert len(withdrawn) == 2 and len({r.entry_id for r in withdrawn}) == 1
    assert withdrawn[0].entry_id is not None and withdrawn[0].entry_id < 0
    answer = session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.delegation_id == entry.delegation_id)
    )
    assert answer is not None and answer.response["id"] == entry.id


def test_importing_over_an_existing_congress_needs_replace(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        found = find_congress(session, SLUG)
        assert found is not None
        document = export_congress(session, found)
    with pytest.raises(ProblemError) as raised, transaction(session_factory) as session:
        import_congress(session, document)
    assert "--replace" in raised.value.detail
    with transaction(session_factory) as session:
        import_congress(session, document, replace=True)
    with session_factory() as session:
        again = find_congress(session, SLUG, full=True)
        assert again is not None and len(again.agenda_items) == 11


def test_cli_export_then_import(backend: str, tmp_path: Path) -> None:
    exported = tmp_path / "salvador.json"
    with temporary_database(backend, tmp_path) as url:
        assert congress("db", "upgrade", database_url=url).returncode == 0
        assert congress("seed", "load", str(SALVADOR_2010), database_url=url).returncode == 0
        result = congress("export", SLUG, "-o", str(exported), database_url=url)
        assert result.returncode == 0, result.stderr
    with temporary_database(backend, tmp_path) as url:
        assert congress("db", "upgrade", database_url=url).returncode == 0
        result = congress("import", str(exported), database_url=url)
        assert result.returncode == 0, result.stderr
        assert f"imported {SLUG}" in result.stdout
        broken = tmp_path / "broken.json"
        broken.write_text("{not json", encoding="utf-8")
        result = congress("import", str(broken), database_url=url)
        assert result.returncode == 1
        assert f"{broken}: not a JSON document" in result.stderr


def test_an_export_from_before_a_new_column_imports_with_its_default(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        found = find_congress(session, SLUG)
        assert found is not None
        document = json.loads(json.dumps(export_congress(session, found)))
    # As written before migration 0008 gave congresses their preference weights.
    del document["tables"]["congresses"][0]["preference_weights"]
    # … and before migration 0013 gave rooms their keys.
    for room in document["tables"]["rooms"]:
        del room["key"]
    with transaction(session_factory) as session:
        import_congress(session, document, replace=True)
    with session_factory() as session:
        again = find_congress(session, SLUG, full=True)
        assert again is not None
        assert again.preference_weights == {}
        assert {r.name: r.key for r in again.rooms}["Plenary Hall"] == "plenary-hall"
        assert len(again.agenda_items) == 11


def test_every_seed_and_the_rules_language_round_trip_unchanged(
    session_factory: sessionmaker[Session], backend: str, tmp_path: Path
) -> None:
    """The three seeds, and the 2010 seed with segments, fixed events of other kinds (of
    a body and in a room), pins, exclusions and sources, travel unchanged."""
    from tests.app.test_seed_programme import SLUG as PROGRAMME_SLUG
    from tests.app.test_seed_programme import with_programme, write
    from tests.support.seeds import DOHA_2015, VIENNA_2007, load

    for path in (SALVADOR_2010, DOHA_2015, VIENNA_2007):
        load(session_factory, path)
    load(session_factory, write(tmp_path, with_programme()))
    slugs = [SLUG, "thirteenth-congress-doha-2015", "ctoc-working-group-2007", PROGRAMME_SLUG]
    with session_factory() as session:
        documents = {}
        for slug in slugs:
            found = find_congress(session, slug)
            assert found is not None
            documents[slug] = json.loads(json.dumps(export_congress(session, found)))
    programme = documents[PROGRAMME_SLUG]["tables"]
    assert {e["key"] for e in programme["fixed_events"]} >= {"cybercrime", "elections"}
    assert len(programme["high_level_segments"]) == 2
    assert programme["pins"][0]["source"] == "the Bureau's decision"
    assert programme["congresses"][0]["sources"]["grid"].startswith("A/CONF.213/1 annex")
    with temporary_database(backend, tmp_path) as other_url:
        from app.core import migrations
        from app.core.database import make_engine, make_session_factory

        migrations.upgrade(other_url)
        other_engine = make_engine(other_url)
        try:
            other = make_session_factory(other_engine)
            with transaction(other) as session:
                for document in documents.values():
                    import_congress(session, json.loads(json.dumps(document)))
            with other() as session:
                for slug, document in documents.items():
                    again = find_congress(session, slug, full=True)
                    assert again is not None
                    assert normalized(export_congress(session, again)) == normalized(document)
        finally:
            other_engine.dispose()
