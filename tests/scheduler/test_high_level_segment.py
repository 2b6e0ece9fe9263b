"""The high-level segment: contiguous meetings in a window at the start or end."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import HighLevelSegment, Pin, solve, validate
from tests.scheduler.instances import doha_2015, salvador_2010

D = dt.date


def _segment(tt: object) -> list[tuple[dt.date, str]]:
    return [(m.date, m.slot) for m in tt.meetings if m.kind == "high-level"]  # type: ignore[attr-defined]


def test_2010_segment_takes_the_last_days_before_the_closing() -> None:
    tt = solve(salvador_2010(), time_limit_s=10)
    assert _segment(tt) == [
        (D(2010, 4, 17), "afternoon"),
        (D(2010, 4, 18), "morning"),
        (D(2010, 4, 18), "afternoon"),
        (D(2010, 4, 19), "morning"),
    ]


def test_2015_segment_takes_the_first_two_days() -> None:
    p = doha_2015()
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    assert _segment(tt) == [
        (D(2015, 4, 12), "afternoon"),
        (D(2015, 4, 13), "morning"),
        (D(2015, 4, 13), "afternoon"),
    ]


def test_window_of_two_days_with_a_pin_on_the_last_morning_fails() -> None:
    # "the high-level segment needs 4 plenary meetings in the last two days,
    # but the closing and the pins on 19 April leave 3 (here 2)"
    p = salvador_2010(
        high_level_segment=HighLevelSegment(
            "plenary", 4, "end", 2, "GA res. 63/193: last two days"
        ),
    )
    tt = solve(p, time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    assert {
        "high_level_segment.meetings",
        "high_level_segment.window",
        "fixed_events.closing",
    } <= set(tt.conflicting_rules)
    assert tt.explanation and "last 2 days" in tt.explanation
    assert "the closure of the Congress takes 1, which leaves 3" in tt.explanation


def test_a_pinned_workshop_in_the_window_is_named_in_the_explanation() -> None:
    p = salvador_2010()
    w = tuple(dataclasses.replace(x, bodies=()) for x in p.workshops)
    p = dataclasses.replace(
        p, workshops=w, pins=(Pin("workshop-4", D(2010, 4, 18), "morning", body="plenary"),)
    )
    tt = solve(p, time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    names = set(tt.conflicting_rules)
    assert {
        "high_level_segment.meetings",
        "high_level_segment.window",
        "pins.0.workshop-4",
    } <= names
    assert "the pin of workshop 4 takes 2" in (tt.explanation or "")
    assert "at most 2 in a row" in (tt.explanation or "")
