"""Workshops: consecutive half-days of one body on one day; body chosen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from scheduler import Workshop, solve, validate
from tests.scheduler.instances import salvador_2010, tiny


def test_a_workshop_takes_two_half_days_of_one_body_on_one_day() -> None:
    p = tiny(2, bodies=("plenary", "committee"), workshops=(Workshop(1, "W1", meetings=2),))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    ms = [m for m in tt.meetings if m.kind == "workshop"]
    assert [m.key for m in ms] == ["workshop-1:1", "workshop-1:2"]
    assert ms[0].date == ms[1].date and ms[0].body == ms[1].body
    assert [m.slot for m in ms] == ["morning", "afternoon"]


def test_the_body_is_chosen_among_those_allowed() -> None:
    p = tiny(
        1, bodies=("plenary", "committee"), workshops=(Workshop(1, "W1", bodies=("committee",)),)
    )
    tt = solve(p, time_limit_s=5)
    assert {m.body for m in tt.meetings if m.kind == "workshop"} == {"committee"}


def test_never_two_workshops_in_one_body_and_slot() -> None:
    p = tiny(1, workshops=(Workshop(1, "W1"), Workshop(2, "W2")))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "grid.plenary" in tt.conflicting_rules


def test_three_half_days_do_not_fit_one_day() -> None:
    p = tiny(2, workshops=(Workshop(1, "Long", meetings=3),))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE" and tt.conflicting_rules == ["workshops.workshop-1"]


def test_2010_workshops_are_spread_over_the_week_after_their_item() -> None:
    p = salvador_2010()
    tt = solve(p, time_limit_s=10)
    starts = [m for m in tt.meetings if m.kind == "workshop" and m.key.endswith(":1")]
    assert len(starts) == 5
    per_day = Counter(m.date for m in starts)
    assert len(per_day) >= 3 and max(per_day.values()) <= 2  # spread over the week
    # Workshops follow the debate on their item (3+5 ends 13 April).
    assert min(m.date for m in starts) >= dt.date(2010, 4, 14)


def test_a_room_too_small_for_the_workshop_excludes_that_body() -> None:
    p = tiny(
        1, bodies=("plenary", "committee"), workshops=(Workshop(1, "W1", expected_attendance=500),)
    )
    rooms = (dataclasses.replace(p.rooms[0], capacity=600), p.rooms[1])
    p = dataclasses.replace(p, rooms=rooms)
    tt = solve(p, time_limit_s=5)
    assert {m.body for m in tt.meetings if m.kind == "workshop"} == {"plenary"}
