"""At most D days including the pre-Congress consultations (2015: 8 days)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, Rules, solve, validate
from tests.scheduler.instances import doha_2015

D = dt.date


def test_2015_meetings_end_by_18_april() -> None:
    p = doha_2015()
    assert p.last_allowed_day() == D(2015, 4, 18)
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    assert max(m.date for m in tt.meetings) == D(2015, 4, 18)
    closing = [m for m in tt.meetings if m.kind == "closing"]
    assert [(m.date, m.slot) for m in closing] == [(D(2015, 4, 18), "afternoon")]


def test_too_much_work_for_eight_days_is_explained() -> None:
    p = doha_2015()
    units = (*p.units, AgendaUnit("item-7", (7,), "plenary", 12))
    p = dataclasses.replace(
        p, units=units, rules=Rules(max_parallel_meetings=3, max_days_including_consultations=5)
    )
    tt = solve(p, time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    assert tt.explanation and "Plenary" in tt.explanation


def test_a_fixed_closing_after_the_limit_is_explained() -> None:
    p = doha_2015()
    fe = tuple(
        dataclasses.replace(e, date=D(2015, 4, 19), slot="afternoon") if e.kind == "closing" else e
        for e in p.fixed_events
    )
    tt = solve(dataclasses.replace(p, fixed_events=fe), time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    assert tt.conflicting_rules == ["max_duration"]
    assert "at most 8 days including the pre-Congress consultations" in (tt.explanation or "")
