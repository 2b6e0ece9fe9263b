"""Seeds of UN meetings of other shapes, written in the rule language of issue #15: a
regular session of the Commission on Narcotic Drugs (a Committee of the Whole from the
Monday afternoon, lunchtime and evening side slots, a side workshop in a room in the
evening, "a maximum of five working days"), a session of the Conference of the Parties
to UNTOC (working groups in parallel, a one-day opening segment, items the Plenary or a
working group may take up) and a session of the UNCAC Conference of the States Parties
at a venue whose weekend is Friday and Saturday (documentation due dates in its working
days).

Each seed is loaded through the real reader and loader on the test database, its
Problem built as the app builds it, solved with a small time limit on one worker, and
the solution checked by the independent validator and against the rules the seed
states."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.documentation.service import documentation_plan
from app.main import create_app
from app.seeds.errors import SeedError
from app.seeds.reader import read_seed_file
from app.timetables import release
from app.timetables.problem import build_problem
from app.transfer.service import export_congress, import_congress
from tests.app.test_export_import import normalized
from tests.support.seeds import SEEDS, load

CND_2025 = SEEDS / "cnd-68th-session-vienna-2025.yaml"
UNTOC_2022 = SEEDS / "untoc-cop-11th-session-vienna-2022.yaml"
UNCAC_2021 = SEEDS / "uncac-cosp-9th-session-sharm-el-sheikh-2021.yaml"
ALL = (CND_2025, UNTOC_2022, UNCAC_2021)
D = dt.date


def _problem(session_factory: sessionmaker[Session], path: Path) -> scheduler.Problem:
    loaded = load(session_factory, path)
    with session_factory() as session:
        congress = find_congress(session, loaded.slug, full=True)
        assert congress is not None
        return build_problem(session, congress)


def _solve(problem: scheduler.Problem) -> scheduler.Timetable:
    """A small, deterministic solve (one worker, as the other seed tests), validated."""
    timetable = scheduler.solve(problem, time_limit_s=10, seed=0, workers=1)
    assert timetable.status in ("OPTIMAL", "FEASIBLE"), timetable.explanation
    assert timetable.wall_time_s < 10
    assert scheduler.validate(problem, timetable) == []
    return timetable


def _of(timetable: scheduler.Timetable, body: str) -> list[scheduler.Meeting]:
    return sorted(
        (m for m in timetable.meetings if m.body == body and m.kind != "informal"),
        key=lambda m: m.start,
    )


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_the_seed_loads_solves_and_passes_the_validator(
    session_factory: sessionmaker[Session], path: Path
) -> None:
    problem = _problem(session_factory, path)
    assert problem.check() == []
    _solve(problem)


def test_cnd_committee_of_the_whole_side_slots_and_working_days(
    session_factory: sessionmaker[Session],
) -> None:
    problem = _problem(session_factory, CND_2025)
    # "a maximum of five working days", Saturday and Sunday closed.
    assert problem.rules.duration == scheduler.Duration(5, "working", False)
    assert not problem.rules.meetings_on_weekends
    assert problem.last_allowed_day() == D(2025, 3, 14)
    assert problem.body("committee-of-the-whole").first_meeting == (D(2025, 3, 10), "afternoon")
    kinds = {s.key: s.kind for s in problem.slots}
    assert kinds == {"morning": "formal", "lunch": "side", "afternoon": "formal", "evening": "side"}

    tt = _solve(problem)
    # The Committee of the Whole's first meeting is on Monday at 15:00, none before it.
    cow = _of(tt, "committee-of-the-whole")
    assert cow[0].start == dt.datetime(2025, 3, 10, 15, 0)
    assert all(
        m.start >= dt.datetime(2025, 3, 10, 15, 0) for m in tt.meetings if m.body == cow[0].body
    )
    # Both bodies meet in parallel (at most two formal meetings at a time).
    plenary_cells = {(m.date, m.slot) for m in _of(tt, "plenary")}
    assert plenary_cells & {(m.date, m.slot) for m in cow}
    # No meeting of a body (formal or informal consultations) at lunchtime or in the
    # evening: those slots are for side events.
    side = [m for m in tt.meetings if m.slot in ("lunch", "evening")]
    assert all(m.body == "" for m in side)
    # The side workshop is held in its room in the evening.
    (workshop,) = [m for m in tt.meetings if m.kind == "workshop" and m.body == ""]
    assert workshop.room == "Conference Room M3"
    assert workshop.slot == "evening"
    assert (workshop.start.time(), workshop.end.time()) == (dt.time(18), dt.time(20))
    # Nothing after the last working day the duration rule allows, nothing on a weekend.
    assert max(m.date for m in tt.meetings) <= D(2025, 3, 14)
    assert all(m.date.isoweekday() <= 5 for m in tt.meetings)
    # The opening takes items 1 and 2 first; the report is adopted at the last meeting.
    first = min(_of(tt, "plenary"), key=lambda m: m.start)
    assert (first.date, first.slot, first.agenda_items[:2]) == (D(2025, 3, 10), "morning", (1, 2))
    last = max(_of(tt, "plenary"), key=lambda m: m.start)
    assert 12 in last.agenda_items and last.date == D(2025, 3, 14)
    # The draft resolutions are considered before they are approved (track).
    consider = [m for m in cow if m.workshop and m.workshop.startswith("Consideration")]
    approve = [m for m in cow if m.workshop and m.workshop.startswith("Approval")]
    assert max(m.start for m in consider) < min(m.start for m in approve)


def test_cnd_a_closing_after_the_working_days_is_refused_at_load(tmp_path: Path) -> None:
    text = CND_2025.read_text(encoding="utf-8")
    old = "max_duration: {days: 5, counts: working, includes_pre_session: false}"
    assert old in text
    path = tmp_path / CND_2025.name
    path.write_text(text.replace(old, old.replace("days: 5", "days: 4")), encoding="utf-8")
    with pytest.raises(SeedError) as raised:
        read_seed_file(path)
    message = raised.value.describe()
    assert "rules.max_duration.days: 4 working days from 2025-03-10 end on 2025-03-13" in message
    assert "before the closing event on 2025-03-14" in message


def test_cnd_more_drafts_than_the_committee_of_the_whole_can_hold_is_explained(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """Eight meetings on the drafts and one to approve them do not fit in the eight
    meetings of the Committee of the Whole between the opening and the closing."""
    text = CND_2025.read_text(encoding="utf-8")
    old = "    meetings: 6                          # choice\n"
    assert text.count(old) == 1
    path = tmp_path / CND_2025.name
    path.write_text(text.replace(old, old.replace("6", "8")), encoding="utf-8")
    problem = _problem(session_factory, path)
    tt = scheduler.solve(problem, time_limit_s=10, seed=0, workers=1)
    assert tt.status == "INFEASIBLE"
    explanation = tt.explanation or ""
    assert "8 consecutive half-days of the Committee of the Whole" in explanation
    assert "the Committee of the Whole meets only after the opening meeting" in explanation
    assert "the Committee of the Whole does not meet during or after the closing" in explanation
    assert "choice: the Committee of the Whole's consideration" in explanation


def test_untoc_working_groups_opening_segment_and_bodies_chosen(
    session_factory: sessionmaker[Session],
) -> None:
    problem = _problem(session_factory, UNTOC_2022)
    (segment,) = problem.segments
    assert (segment.anchor, segment.window_days, segment.body) == ("start", 1, "plenary")
    tt = _solve(problem)
    # The opening segment is on the first day.
    in_segment = [m for m in tt.meetings if m.kind == "segment"]
    assert in_segment and all(m.date == D(2022, 10, 17) for m in in_segment)
    assert all(m.body == "plenary" for m in in_segment)
    # The Plenary and both working groups meet in parallel, three at most.
    groups = ("wg-international-cooperation", "wg-technical-assistance")
    cells = [{(m.date, m.slot) for m in _of(tt, b)} for b in ("plenary", *groups)]
    assert cells[0] & cells[1] & cells[2]
    # Items the Plenary or a working group may take up are held in one of them, all
    # their meetings in that body; the working groups' own items in their group.
    allowed = {5: {"plenary", groups[1]}, 6: {"plenary", groups[1]}, 7: {"plenary", groups[0]}}
    for number, bodies in allowed.items():
        held = {m.body for m in tt.meetings if number in m.agenda_items}
        assert len(held) == 1 and held <= bodies, (number, held)
    assert {m.body for m in tt.meetings if 8 in m.agenda_items} == {groups[0]}
    assert {m.body for m in tt.meetings if 9 in m.agenda_items} == {groups[1]}
    # The working groups meet after the opening and not during the closing.
    opening = dt.datetime(2022, 10, 17, 10, 0)
    closing = max(_of(tt, "plenary"), key=lambda m: m.start)
    assert 13 in closing.agenda_items
    for b in groups:
        assert all(opening < m.start and m.start != closing.start for m in _of(tt, b))


def test_uncac_friday_saturday_weekend_and_documentation_due_dates(
    session_factory: sessionmaker[Session],
) -> None:
    problem = _problem(session_factory, UNCAC_2021)
    # Friday and Saturday are the venue's weekend; the session meets on the Friday.
    assert problem.calendar.weekend == frozenset({5, 6})
    assert problem.rules.meetings_on_weekends
    tt = _solve(problem)
    closing = max(_of(tt, "plenary"), key=lambda m: m.start)
    assert closing.date == D(2021, 12, 17) and 10 in closing.agenda_items
    assert _of(tt, "committee-of-the-whole")[0].start == dt.datetime(2021, 12, 14, 10, 0)

    # The documentation plan counts 30 working days of the venue (Sunday to Thursday)
    # back from the first meeting taking up each item.
    with transaction(session_factory) as session:
        congress = find_congress(session, UNCAC_2021.stem, full=True)
        assert congress is not None
        draft = release.save_draft(session, congress, tt, seed=0, based_on=None)
        version = release.publish(session, draft)
        plan = documentation_plan(congress, version, D(2021, 10, 1))
    assert plan.working_days == 30 and plan.weekend_days == [5, 6]
    due = {p.number: (p.first_meeting, p.due_on) for p in plan.items if p.documents}
    assert set(due) == {2, 3, 4, 5, 6, 7}
    for first_meeting, due_on in due.values():
        assert first_meeting is not None and due_on is not None
        assert due_on.isoweekday() not in (5, 6)  # never a Friday or a Saturday
        days = [due_on + dt.timedelta(n) for n in range((first_meeting - due_on).days)]
        # Counting the due day itself, as the Secretariat does.
        assert sum(1 for d in days if d.isoweekday() not in (5, 6)) == 30
    # Item 2 is taken up on Monday 13 December: due six weeks before, Monday 1 November.
    assert due[2] == (D(2021, 12, 13), D(2021, 11, 1))
    # Where the weekends differ: 30 working days before Friday 17 December are counted
    # back to Sunday 7 November at this venue (Friday 5 November with Saturday-Sunday).
    assert problem.calendar.working_days_before(D(2021, 12, 17), 30) == D(2021, 11, 7)
    vienna = scheduler.Calendar(frozenset({6, 7}))
    assert vienna.working_days_before(D(2021, 12, 17), 30) == D(2021, 11, 5)


def test_the_seeds_round_trip_through_export_and_import(
    session_factory: sessionmaker[Session],
) -> None:
    for path in ALL:
        load(session_factory, path)
    for path in ALL:
        with session_factory() as session:
            found = find_congress(session, path.stem)
            assert found is not None
            document = json.loads(json.dumps(export_congress(session, found)))
        with transaction(session_factory) as session:
            import_congress(session, json.loads(json.dumps(document)), replace=True)
        with session_factory() as session:
            again = find_congress(session, path.stem, full=True)
            assert again is not None
            assert normalized(export_congress(session, again)) == normalized(document)


def test_loading_a_seed_again_changes_nothing(session_factory: sessionmaker[Session]) -> None:
    for path in ALL:
        load(session_factory, path)
        assert load(session_factory, path).outcome.value == "unchanged"


def test_the_published_seeds_show_in_pages_exports_and_feeds(
    session_factory: sessionmaker[Session], engine: Engine, database_url: str
) -> None:
    """Each seed's organization of work, once published, is served: the congress, the
    annex-like page (with the side workshop under "Other meetings"), the timetable, the
    exports, the feeds and the documentation plan."""
    for path in ALL:
        problem = _problem(session_factory, path)
        tt = _solve(problem)
        with transaction(session_factory) as session:
            congress = find_congress(session, path.stem, full=True)
            assert congress is not None
            release.publish(
                session, release.save_draft(session, congress, tt, seed=0, based_on=None)
            )
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    with TestClient(app) as client:
        for path in ALL:
            base = f"/congresses/{path.stem}"
            for route in (
                "",
                "/agenda",
                "/timetable",
                "/organization-of-work",
                "/exports/timetable.csv",
                "/exports/schedule.xml",
                "/exports/organization-of-work.docx",
                "/feeds/congress.ics",
                "/documentation-plan",
            ):
                answer = client.get(base + route)
                assert answer.status_code == 200, (base + route, answer.text[:500])
        page = client.get(f"/congresses/{CND_2025.stem}/organization-of-work").text
        assert "Conference Room M3" in page and "Workshop for competent authorities" in page
