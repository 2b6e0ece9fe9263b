"""A congress with units, workshops and tracks of its own travels unchanged through
`congress export` / `congress import` (issue #15), and an export from before migration
0017 imports with the old behaviour."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.database import transaction
from app.timetables.problem import build_problem
from app.transfer.service import export_congress, import_congress
from tests.app.test_export_import import normalized
from tests.app.test_seed_units import GOOD
from tests.support.seeds import load, salvador_2010_with


def test_units_workshops_and_tracks_survive_export_and_import(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    slug = load(session_factory, salvador_2010_with(tmp_path, *GOOD)).slug
    with session_factory() as session:
        found = find_congress(session, slug, full=True)
        assert found is not None
        problem = build_problem(session, found)
        document = json.loads(json.dumps(export_congress(session, found)))
    with transaction(session_factory) as session:
        import_congress(session, json.loads(json.dumps(document)), replace=True)
    with session_factory() as session:
        again = find_congress(session, slug, full=True)
        assert again is not None
        assert normalized(export_congress(session, again)) == normalized(document)
        assert build_problem(session, again) == problem
        assert again.tracks and again.tracks[0]["units"] == ["item-4", "workshop-3"]


def test_an_export_from_before_0017_imports_as_before(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    slug = load(session_factory, salvador_2010_with(tmp_path)).slug
    with session_factory() as session:
        found = find_congress(session, slug, full=True)
        assert found is not None
        before = build_problem(session, found)
        document = json.loads(json.dumps(export_congress(session, found)))
    tables = document["tables"]
    for column in ("units_consecutive", "tracks"):
        del tables["congresses"][0][column]
    for name in ("agenda_items", "clusters"):
        for row in tables[name]:
            for column in ("bodies", "consecutive", "earliest", "latest"):
                del row[column]
    for row in tables["workshops"]:
        for column in ("bodies", "span", "start", "slots"):
            del row[column]
    with transaction(session_factory) as session:
        import_congress(session, document, replace=True)
    with session_factory() as session:
        again = find_congress(session, slug, full=True)
        assert again is not None
        assert build_problem(session, again) == before
