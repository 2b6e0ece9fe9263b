"""Capacity: interpretation teams cap parallel formal meetings; room sizes."""

from __future__ import annotations

import dataclasses

from scheduler import AgendaUnit, Problem, Rules, solve, validate
from tests.scheduler.instances import tiny


def _three_bodies(cap: int | None, days: int = 1) -> Problem:
    return tiny(
        days,
        bodies=("plenary", "committee-1", "committee-2"),
        units=(
            AgendaUnit("item-1", (1,), "plenary", 1),
            AgendaUnit("item-2", (2,), "committee-1", 1),
            AgendaUnit("item-3", (3,), "committee-2", 1),
        ),
        rules=Rules(max_parallel_meetings=cap),
    )


def test_at_most_p_formal_meetings_at_once() -> None:
    p = _three_bodies(2)
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    per_slot: dict[str, int] = {}
    for m in tt.meetings:
        if m.kind == "agenda":
            per_slot[m.slot] = per_slot.get(m.slot, 0) + 1
    assert max(per_slot.values()) <= 2


def test_informal_consultations_do_not_count() -> None:
    p = _three_bodies(1, days=2)
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    assert any(m.kind == "informal" for m in tt.meetings)


def test_too_few_interpretation_teams_is_explained() -> None:
    p = _three_bodies(1)
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "capacity.parallel" in tt.conflicting_rules
    assert "interpretation" in (tt.explanation or "")


def test_a_room_smaller_than_the_attendance_is_explained() -> None:
    p = tiny(1, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = dataclasses.replace(p, bodies=(dataclasses.replace(p.bodies[0], expected_attendance=500),))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert tt.conflicting_rules == ["capacity.room.plenary"]
    assert "seats 100" in (tt.explanation or "")
