"""Killing the process that publishes: the version is either fully published or absent.

A child process publishes a draft through the real service function in one transaction
and tells the parent (a line on its stdout) when the publish's writes are flushed but
not committed, or when the commit has finished; the parent then SIGKILLs it. The
database must show the state before the publish, or the whole published version.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.database import transaction
from app.seeds.loader import LoadResult
from app.timetables import release, service
from app.timetables.models import TimetableMeeting, TimetableVersion
from tests.app.test_drafts import DRAFTS, SLUG, SWAP, client, new_draft  # noqa: F401
from tests.app.test_solve_jobs import bearer, tokens

#: Runs in the child: publish in one transaction, report, then hold or commit and wait.
PUBLISHER = textwrap.dedent(
    """
    import sys, time
    import app.models  # noqa: F401  every mapper
    from app.congresses.repository import find_congress
    from app.core.database import make_engine, make_session_factory
    from app.timetables import release, service

    url, slug, draft_id, mode = sys.argv[1:5]
    factory = make_session_factory(make_engine(url))
    session = factory()
    congress = find_congress(session, slug, full=True)
    version = release.publish_draft(session, congress, int(draft_id), "killed publish")
    session.flush()
    if mode == "commit":
        session.commit()
        print("committed", version.number, flush=True)
    else:
        print("flushed", version.number, flush=True)
    time.sleep(120)  # the parent kills us long before
    """
)


def publish_and_kill(database_url: str, draft_id: int, mode: str) -> str:
    child = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, database_url, SLUG, str(draft_id), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # the child prints exactly one line, or dies
        assert line, child.stderr.read() if child.stderr else "no output"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    return line.strip()


def snapshot(session_factory: sessionmaker[Session]) -> dict[str, Any]:
    """Every version's state and number, and every meeting's SEQUENCE."""
    with session_factory() as session:
        versions = sorted(
            (v.id, v.state.value, v.number, v.change_log)
            for v in session.scalars(select(TimetableVersion))
        )
        meetings = sorted(
            (m.version_id, m.key, m.sequence) for m in session.scalars(select(TimetableMeeting))
        )
    return {"versions": versions, "meetings": meetings}


def publish_now(
    session_factory: sessionmaker[Session], draft_id: int, change_log: str | None
) -> TimetableVersion:
    """A publish that runs to its end, through the same service function."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        version = release.publish_draft(session, congress, draft_id, change_log)
        session.flush()
        session.refresh(version, ["meetings"])
        return version


def second_draft(session_factory: sessionmaker[Session]) -> int:
    """Version 1 published; a second draft moving four meetings, ready to publish."""
    first = new_draft(session_factory)
    publish_now(session_factory, first, None)
    second = new_draft(session_factory)
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        draft = service.get_draft(session, congress, second)
        for key, day in SWAP:
            service.edit_meeting(
                session, congress, draft, key, {"date": dt.date.fromisoformat(day)}
            )
    return second


def test_a_publish_killed_before_commit_leaves_nothing(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    database_url: str,
    client: TestClient,  # noqa: F811
) -> None:
    organizer = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    draft = second_draft(session_factory)
    before = snapshot(session_factory)

    assert publish_and_kill(database_url, draft, "hold") == "flushed 2"

    # Still a draft, version number 2 not taken, no SEQUENCE changed.
    assert snapshot(session_factory) == before
    shown = client.get(f"{DRAFTS}/{draft}", headers=organizer)
    assert shown.status_code == 200  # still shown as a draft
    assert [v["number"] for v in client.get(f"/congresses/{SLUG}/timetable/versions").json()] == [1]

    # A normal publish afterwards succeeds and takes number 2.
    version = publish_now(session_factory, draft, None)
    assert version.number == 2
    sequences = {m.key: m.sequence for m in version.meetings}
    assert sequences["workshop-4:1"] == 1 and sequences["plenary:opening"] == 0


def test_a_publish_killed_after_commit_is_fully_there(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    database_url: str,
    client: TestClient,  # noqa: F811
) -> None:
    draft = second_draft(session_factory)

    assert publish_and_kill(database_url, draft, "commit") == "committed 2"

    versions = client.get(f"/congresses/{SLUG}/timetable/versions").json()
    assert [v["number"] for v in versions] == [1, 2]
    published = client.get(f"/congresses/{SLUG}/timetable").json()
    assert published["number"] == 2 and published["change_log"] == "killed publish"
    sequences = {m["key"]: m["sequence"] for m in published["meetings"]}
    assert {sequences[key] for key, _ in SWAP} == {1}
    assert sequences["plenary:opening"] == 0
    with session_factory() as session:
        row = session.get(TimetableVersion, draft)
        assert row is not None and row.number == 2 and row.state.value == "published"
