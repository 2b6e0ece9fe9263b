"""Solving a stored congress, drafts, publication, SEQUENCE and diffs between versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.core.problems import ProblemError
from app.main import create_app
from app.programme.models import Pin
from app.seeds.loader import LoadResult
from app.timetables import release, solving
from app.timetables.models import TimetableVersion, VersionState
from app.timetables.problem import build_problem

SLUG = "twelfth-congress-salvador-2010"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


def solve_and_publish(
    session_factory: sessionmaker[Session], change_log: str | None = None
) -> TimetableVersion:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=20)
        assert timetable.ok, timetable.explanation
        assert draft is not None
        return release.publish(session, draft, change_log)


def test_the_problem_carries_the_congress_rules(
    salvador_2010: LoadResult, session: Session
) -> None:
    congress = find_congress(session, SLUG, full=True)
    assert congress is not None
    problem = build_problem(session, congress)
    units = {u.key: (u.items, u.body, u.meetings) for u in problem.units}
    assert units == {
        "cluster-3-5": ((3, 5), "plenary", 4),
        "cluster-7-9": ((7, 9), "committee-1", 2),
        "cluster-6-10": ((6, 10), "plenary", 4),
        "item-4": ((4,), "committee-1", 3),
        "item-8": ((8,), "committee-2", 3),
    }
    assert problem.rules.max_parallel_meetings == 3
    segment = problem.high_level_segment
    assert segment is not None
    assert (segment.anchor, segment.window_days, segment.meetings) == ("end", 3, 4)
    opening = problem.fixed("opening")
    assert opening is not None and opening.takes_up_next_unit


def test_a_draft_is_not_public_until_published(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        _, draft = solving.solve_congress(session, congress, time_limit_s=20)
        assert draft is not None and draft.state is VersionState.DRAFT
    response = client.get(f"/congresses/{SLUG}/timetable")
    assert response.status_code == 404
    assert "no published timetable yet" in response.json()["detail"]


def test_published_timetable_in_local_time_of_the_venue(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    version = solve_and_publish(session_factory)
    assert version.number == 1
    body = client.get(f"/congresses/{SLUG}/timetable").json()
    assert body["number"] == 1
    assert body["change_log"] == "First published organization of work."
    opening = next(m for m in body["meetings"] if m["kind"] == "opening")
    # Salvador is three hours behind UTC (America/Bahia has no summer time in 2010).
    assert opening["start"] == "2010-04-12T10:00:00-03:00"
    assert opening["body_name"] == "Plenary"
    assert all(m["sequence"] == 0 for m in body["meetings"])
    closing = next(m for m in body["meetings"] if m["kind"] == "closing")
    assert closing["start"].startswith("2010-04-19T15:00")
    assert client.get(f"/congresses/{SLUG}/timetable/versions").json()[0]["number"] == 1


def test_republishing_a_moved_meeting_bumps_only_its_sequence(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    first = solve_and_publish(session_factory)
    before = {m.key: m for m in first.meetings}
    workshop_key = next(k for k in before if k.startswith("workshop-5:"))
    old = before[workshop_key]
    # The secretariat pins workshop 5 to Friday 16 April (a day it does not hold now).
    target_day = dt.date(2010, 4, 16) if old.date != dt.date(2010, 4, 16) else dt.date(2010, 4, 15)
    with transaction(session_factory) as session:
        session.add(
            Pin(
                congress_id=salvador_2010.congress_id,
                target="workshop-5",
                meeting=1,
                date=target_day,
                slot_key="morning",
            )
        )
    second = solve_and_publish(session_factory, "Workshop 5 moved at the host's request.")
    assert second.number == 2
    after = {m.key: m for m in second.meetings}
    assert after[workshop_key].date == target_day
    assert after[workshop_key].sequence == 1
    unchanged = [k for k in after if k in before and after[k].start == before[k].start]
    assert unchanged and all(
        after[k].sequence == 0 for k in unchanged if after[k].room == before[k].room
    )
    diff = client.get(f"/congresses/{SLUG}/timetable/diff?from=1&to=2").json()
    assert workshop_key in [m["key"] for m in diff["moved"]]
    v2 = client.get(f"/congresses/{SLUG}/timetable/versions/2").json()
    assert v2["change_log"] == "Workshop 5 moved at the host's request."
    # Version 1 stays readable and unchanged.
    v1 = client.get(f"/congresses/{SLUG}/timetable/versions/1").json()
    assert (
        next(m for m in v1["meetings"] if m["key"] == workshop_key)["date"] == old.date.isoformat()
    )


def test_a_published_version_cannot_be_published_again(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    version = solve_and_publish(session_factory)
    with transaction(session_factory) as session:
        again = session.get(TimetableVersion, version.id)
        assert again is not None
        with pytest.raises(ProblemError) as raised:
            release.publish(session, again)
    assert raised.value.status == 409


def test_an_unknown_version_is_a_404(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    solve_and_publish(session_factory)
    response = client.get(f"/congresses/{SLUG}/timetable/versions/7")
    assert response.status_code == 404
    assert "no published version 7" in response.json()["detail"]
