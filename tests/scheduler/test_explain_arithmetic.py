"""Explanations count what the conflicting rules ask for against what the session has:
the interpretation cap and a room shared by bodies (issue #15, point 10)."""

from __future__ import annotations

import dataclasses

from scheduler import AgendaUnit, Body, HighLevelSegment, Problem, Rules, solve
from tests.scheduler.instances import tiny


def _three_bodies(cap: int, days: int = 1, meetings: int = 2) -> Problem:
    """Three bodies, each with one unit of `meetings` meetings, in `days` days of two
    formal slots, with at most `cap` meetings with interpretation at once."""
    return tiny(
        days,
        bodies=("plenary", "committee-1", "committee-2"),
        units=(
            AgendaUnit("item-1", (1,), "plenary", meetings),
            AgendaUnit("item-2", (2,), "committee-1", meetings),
            AgendaUnit("item-3", (3,), "committee-2", meetings),
        ),
        rules=Rules(max_parallel_meetings=cap),
    )


def test_the_interpretation_cap_is_explained_with_meetings_and_places() -> None:
    # 6 meetings, 2 slots, at most 2 at once: 4 places.
    tt = solve(_three_bodies(2), time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "capacity.parallel" in tt.conflicting_rules
    text = tt.explanation or ""
    assert (
        "Together they ask for 6 meetings; at most 2 meetings with interpretation at once "
        "in 2 slots with interpretation make 4 places." in text
    )


def test_enough_places_for_the_cap_solves() -> None:
    tt = solve(_three_bodies(2, days=2), time_limit_s=5)
    assert tt.ok


def test_a_shared_room_is_explained_with_meetings_and_slots() -> None:
    p = tiny(
        1,
        bodies=("plenary", "committee-1"),
        units=(
            AgendaUnit("item-1", (1,), "plenary", 1),
            AgendaUnit("item-2", (2,), "committee-1", 2),
        ),
    )
    shared = tuple(dataclasses.replace(b, room="Room plenary") for b in p.bodies)
    p = dataclasses.replace(p, bodies=shared)
    assert all(isinstance(b, Body) for b in p.bodies)
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "rooms.Room plenary" in tt.conflicting_rules
    text = tt.explanation or ""
    assert (
        "The Plenary and the Committee 1 share Room plenary: together they ask for 3 meetings, "
        "and the room has 2 slots for them (Monday, 1 March 2021)." in text
    )


def test_a_segment_window_counts_only_the_slots_formal_work_may_use() -> None:
    """The afternoons are informal: the window of the last day holds one formal meeting."""
    p = tiny(2, high_level_segment=HighLevelSegment("plenary", 2, "end", 1))
    informal_afternoon = dataclasses.replace(p.slots[1], kind="informal")
    p = dataclasses.replace(p, slots=(p.slots[0], informal_afternoon))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    text = tt.explanation or ""
    assert "The window (Tuesday, 2 March 2021) holds only 1 meeting of the Plenary." in text
