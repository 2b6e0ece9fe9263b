"""Fixed events: pre-Congress consultations, opening, closing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import solve, validate
from tests.scheduler.instances import salvador_2010, vienna_2007

D = dt.date


def test_2010_opening_takes_up_items_1_2_3_and_5() -> None:
    p = salvador_2010()
    tt = solve(p, time_limit_s=10)
    opening = tt.find(D(2010, 4, 12), "morning", "plenary")
    assert opening is not None and opening.kind == "opening"
    assert opening.agenda_items == (1, 2, 3, 5)
    assert opening.also == ("plenary:cluster-3-5:1",)


def test_pre_congress_consultations_the_day_before_are_kept_off_the_grid() -> None:
    tt = solve(salvador_2010(), time_limit_s=10)
    pre = tt.meetings[0]
    assert pre.kind == "pre-congress" and pre.date == D(2010, 4, 11)
    assert pre.start == dt.datetime(2010, 4, 11, 15) and pre.slot == "afternoon"


def test_committees_exist_after_the_opening_and_before_the_closing() -> None:
    p = salvador_2010()
    tt = solve(p, time_limit_s=10)
    for body in ("committee-1", "committee-2"):
        assert tt.find(D(2010, 4, 12), "morning", body) is None
        assert tt.find(D(2010, 4, 19), "afternoon", body) is None
    closing = tt.find(D(2010, 4, 19), "afternoon", "plenary")
    assert closing is not None and closing.kind == "closing" and closing.agenda_items == (11,)


def test_closing_is_the_last_meeting_of_its_body() -> None:
    p = vienna_2007()
    tt = solve(p, time_limit_s=5)
    assert tt.status == "OPTIMAL" and validate(p, tt) == []
    assert tt.meetings[-1].kind == "closing"


def test_closing_outside_the_congress_days_is_explained() -> None:
    p = vienna_2007()
    fe = tuple(
        dataclasses.replace(e, date=D(2007, 10, 9)) if e.kind == "closing" else e
        for e in p.fixed_events
    )
    tt = solve(dataclasses.replace(p, fixed_events=fe), time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert tt.conflicting_rules == ["fixed_events.closing"]
