"""Segments other than the high-level one: any number, each with its window (the first or
last days, or given dates: "the middle days"), feasible, infeasible and explained."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import FixedEvent, HighLevelSegment, solve, validate
from scheduler.timetable import Timetable
from tests.scheduler.instances import salvador_2010

D = dt.date


def treaty_segment(meetings: int, *dates: dt.date, source: str = "") -> HighLevelSegment:
    return HighLevelSegment(
        "plenary",
        meetings,
        "dates",
        len(dates),
        source,
        key="segment-treaty-event",
        title="Treaty event segment",
        dates=dates,
    )


def test_a_segment_in_the_middle_days_is_held_there() -> None:
    p = salvador_2010(segments=(treaty_segment(2, D(2010, 4, 14), D(2010, 4, 15)),))
    tt = solve(p, time_limit_s=10, seed=0)
    assert tt.status in ("OPTIMAL", "FEASIBLE")
    assert validate(p, tt) == []
    held = [m for m in tt.meetings if m.kind == "segment"]
    assert [m.key for m in held] == [
        "plenary:segment-treaty-event:1",
        "plenary:segment-treaty-event:2",
    ]
    assert all(m.date in (D(2010, 4, 14), D(2010, 4, 15)) for m in held)
    assert held[0].title == "Treaty event segment"
    # The high-level segment keeps its place and its kind.
    assert sum(1 for m in tt.meetings if m.kind == "high-level") == 4


def test_a_window_too_short_for_the_segment_is_explained() -> None:
    p = salvador_2010(segments=(treaty_segment(3, D(2010, 4, 14)),))
    tt = solve(p, time_limit_s=10, seed=0)
    assert tt.status == "INFEASIBLE"
    assert set(tt.conflicting_rules) == {
        "high_level_segment.segment-treaty-event.meetings",
        "high_level_segment.segment-treaty-event.window",
    }
    text = tt.explanation or ""
    assert "the treaty event segment needs 3 contiguous meetings of the Plenary" in text
    assert "must be held within Wednesday, 14 April 2010" in text
    assert "The window (Wednesday, 14 April 2010) holds only 2 meetings of the Plenary." in text


def test_a_fixed_event_in_the_window_is_counted_against_the_segment() -> None:
    event = FixedEvent(
        "treaty_event",
        "Treaty event",
        "plenary",
        D(2010, 4, 15),
        "morning",
        key="signing",
        source="A/CONF.213/1, para. 20",
    )
    p = salvador_2010(
        segments=(treaty_segment(3, D(2010, 4, 14), D(2010, 4, 15), source="Bureau, 1 March"),),
        fixed_events=(*salvador_2010().fixed_events, event),
    )
    tt = solve(p, time_limit_s=10, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "fixed_events.treaty_event.signing" in tt.conflicting_rules
    text = tt.explanation or ""
    assert (
        "The window (14 to 15 April 2010) holds 4 meetings of the Plenary; the treaty event "
        "takes 1, which leaves 3 (at most 2 in a row) for the 3 contiguous meetings needed."
    ) in text
    # Each rule cites what the congress says of it.
    assert "(Bureau, 1 March)" in text and "(A/CONF.213/1, para. 20)" in text


def test_the_validator_finds_a_segment_outside_its_window() -> None:
    p = salvador_2010(segments=(treaty_segment(2, D(2010, 4, 14), D(2010, 4, 15)),))
    tt = solve(p, time_limit_s=10, seed=0)
    moved = [
        dataclasses.replace(m, date=D(2010, 4, 13)) if m.kind == "segment" else m
        for m in tt.meetings
    ]
    broken = Timetable(status=tt.status, meetings=moved)
    messages = [v.message for v in validate(p, broken) if v.rule == "high_level_segment"]
    assert messages == ["the treaty event segment is outside its window"]


def test_a_window_of_dates_is_reported_by_the_problem_check() -> None:
    p = salvador_2010(segments=(dataclasses.replace(treaty_segment(2), dates=()),))
    assert "the treaty event segment has a window of dates but no date" in p.check()
