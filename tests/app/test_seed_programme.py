"""Seed files: segments (a list, windows of dates), fixed events of any kind (of a body or
in a room), pins, exclusions and sources; what is impossible on its face is refused with
the file, the field and the reason."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.congresses.repository import find_congress
from app.seeds.errors import SeedError
from app.seeds.reader import parse_seed
from app.timetables.problem import build_problem
from tests.support.seeds import SALVADOR_2010, load

D = dt.date
SLUG = "salvador-with-a-treaty-event"


def base() -> dict[str, Any]:
    data = yaml.safe_load(SALVADOR_2010.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def with_programme() -> dict[str, Any]:
    data = base()
    data["segments"] = [
        {
            "key": "treaty-event",
            "title": "Treaty event segment",
            "body": "committee-2",
            "meetings": 2,
            "window": {"from": "2010-04-14", "to": "2010-04-15"},
            "source": "A/CONF.213/1, para. 20",
        }
    ]
    data["fixed_events"] += [
        {
            "kind": "special_event",
            "key": "cybercrime",
            "title": "Special event on cybercrime",
            "room": "Committee Room I",
            "date": "2010-04-13",
            "slot": "afternoon",
            "source": "the host country's offer",
        },
        {
            "kind": "elections",
            "key": "elections",
            "title": "Elections of the Credentials Committee",
            "body": "committee-2",
            "date": "2010-04-14",
            "slot": "morning",
        },
    ]
    data["pins"] = [
        {
            "target": "segment-treaty-event",
            "meeting": 1,
            "date": "2010-04-14",
            "slot": "afternoon",
            "reason": "after the elections",
            "source": "the Bureau's decision",
        }
    ]
    data["exclusions"] = [
        {"body": "committee-1", "dates": ["2010-04-15"], "slots": ["morning"], "reason": "room"}
    ]
    return data


def write(tmp_path: Path, data: dict[str, Any], slug: str = SLUG) -> Path:
    path = tmp_path / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def refusals(data: dict[str, Any]) -> list[str]:
    raw = yaml.safe_dump(data, sort_keys=False).encode()
    with pytest.raises(SeedError) as raised:
        parse_seed(raw, slug=SLUG, shown="x.yaml")
    return [str(p) for p in raised.value.problems]


def test_a_seed_with_segments_events_pins_exclusions_and_sources_loads_and_solves(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    load(session_factory, write(tmp_path, with_programme()))
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        problem = build_problem(session, congress)
    assert [s.key for s in problem.all_segments] == ["high-level-segment", "segment-treaty-event"]
    treaty = problem.segments[0]
    assert treaty.dates == (D(2010, 4, 14), D(2010, 4, 15)) and treaty.anchor == "dates"
    assert treaty.source == "A/CONF.213/1, para. 20"
    events = {e.unit_key: e for e in problem.fixed_events}
    assert events["event-cybercrime"].room == "Committee Room I"
    assert events["event-cybercrime"].body == ""
    assert events["event-elections"].body == "committee-2"
    assert problem.pins[0].source == "the Bureau's decision"
    assert problem.exclusions[0].body == "committee-1"
    assert problem.sources["grid"].startswith("A/CONF.213/1 annex")
    assert problem.check() == []
    tt = scheduler.solve(problem, time_limit_s=20, seed=0)
    assert tt.status in ("OPTIMAL", "FEASIBLE"), tt.explanation
    assert scheduler.validate(problem, tt) == []
    assert {"event:cybercrime", "committee-2:event-elections"} <= set(tt.by_key())
    held = tt.by_key()["committee-2:segment-treaty-event:1"]
    assert (held.date, held.slot, held.kind) == (D(2010, 4, 14), "afternoon", "segment")


def test_reloading_the_same_programme_keeps_the_rows(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write(tmp_path, with_programme())
    load(session_factory, path)
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        before = sorted((s.key, s.id) for s in congress.segments)
        events = sorted((e.key, e.id) for e in congress.fixed_events)
    changed = with_programme()
    changed["segments"][0]["meetings"] = 1
    load(session_factory, write(tmp_path, changed))
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        assert sorted((s.key, s.id) for s in congress.segments) == before
        assert sorted((e.key, e.id) for e in congress.fixed_events) == events
        treaty = next(s for s in congress.segments if s.key == "treaty-event")
        assert treaty.meetings == 1


def test_the_high_level_segment_may_be_written_under_segments(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    data = base()
    old = data.pop("high_level_segment")
    data["segments"] = [{"key": "high-level", **old}]
    load(session_factory, write(tmp_path, data))
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        problem = build_problem(session, congress)
    assert problem.high_level_segment is not None and problem.segments == ()
    assert problem.high_level_segment.window_days == 3


def test_a_fixed_event_outside_the_dates_is_refused() -> None:
    data = with_programme()
    data["fixed_events"][3]["date"] = "2010-04-25"
    assert refusals(data) == [
        "fixed_events[3].date: 2010-04-25 is outside the congress (2010-04-12 to 2010-04-19)"
    ]


def test_a_segment_window_longer_than_the_session_is_refused() -> None:
    data = with_programme()
    data["high_level_segment"]["window"]["days"] = 12
    assert refusals(data) == [
        "high_level_segment.window.days: the window of 12 days is longer than the congress (8 days)"
    ]
    data = with_programme()
    data["segments"][0]["window"] = {"from": "2010-04-18", "to": "2010-04-21"}
    found = refusals(data)
    outside = "is outside the congress (2010-04-12 to 2010-04-19)"
    assert found == [
        f"segments[0].window.dates[2]: 2010-04-20 {outside}",
        f"segments[0].window.dates[3]: 2010-04-21 {outside}",
    ]


def test_more_meetings_than_the_window_holds_is_refused() -> None:
    data = with_programme()
    data["segments"][0]["meetings"] = 5
    assert refusals(data) == [
        "segments[0].meetings: 5 contiguous meetings do not fit a window of 2 consecutive "
        "day(s) of 2 meeting slot(s)"
    ]


def test_two_fixed_events_with_the_same_key_are_refused() -> None:
    data = with_programme()
    data["fixed_events"][4]["key"] = "cybercrime"
    assert refusals(data) == ["fixed_events[4].key: a second fixed event with the key 'cybercrime'"]


def test_an_event_of_a_body_and_a_room_at_once_is_refused() -> None:
    data = with_programme()
    data["fixed_events"][3]["body"] = "plenary"
    assert refusals(data) == [
        "fixed_events[3].room: an event is of a body (it takes the body's meeting) or held in "
        "a room, not both: leave out one of 'body' and 'room'"
    ]


def test_two_events_in_one_cell_are_refused() -> None:
    data = with_programme()
    data["fixed_events"][4].update(date="2010-04-12", slot="morning", body="plenary")
    assert refusals(data) == [
        "fixed_events[4].slot: the plenary already holds another fixed event on 2010-04-12, morning"
    ]


def test_unknown_sources_family_is_refused() -> None:
    data = with_programme()
    data["rules"]["sources"]["gird"] = "typo"
    (problem,) = refusals(data)
    assert problem.startswith("rules.sources: unknown rule family 'gird'")


def test_a_pin_naming_an_unknown_unit_is_refused_at_load(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    data = with_programme()
    data["pins"][0]["target"] = "cluster-4-7"
    with pytest.raises(SeedError) as raised:
        load(session_factory, write(tmp_path, data))
    (problem,) = raised.value.problems
    assert str(problem).startswith("pins[0].target: unknown scheduling unit 'cluster-4-7'")
    assert "segment-treaty-event" in str(problem)
    with session_factory() as session:
        assert find_congress(session, SLUG) is None  # nothing was loaded


def test_an_exclusion_of_an_unknown_slot_is_refused_at_load(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    data = copy.deepcopy(with_programme())
    data["exclusions"][0]["slots"] = ["evening"]
    with pytest.raises(SeedError) as raised:
        load(session_factory, write(tmp_path, data))
    assert [str(p) for p in raised.value.problems] == [
        "exclusions[0].slots[0]: unknown meeting slot 'evening'; the slots are: morning, afternoon"
    ]
