"""Grid rule: days x slots; a body meets at most once per slot."""

from __future__ import annotations

from scheduler import AgendaUnit, Room, solve, validate
from tests.scheduler.instances import tiny


def test_two_units_share_a_body_without_overlap() -> None:
    p = tiny(
        2,
        units=(AgendaUnit("item-1", (1,), "plenary", 2), AgendaUnit("item-2", (2,), "plenary", 2)),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "OPTIMAL"
    assert validate(p, tt) == []
    cells = [(m.date, m.slot) for m in tt.meetings if m.kind == "agenda"]
    assert len(cells) == len(set(cells)) == 4


def test_more_meetings_than_slots_fails_and_names_the_grid() -> None:
    p = tiny(
        1,
        units=(AgendaUnit("item-1", (1,), "plenary", 2), AgendaUnit("item-2", (2,), "plenary", 1)),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert {"clusters.item-1", "clusters.item-2"} <= set(tt.conflicting_rules)
    assert tt.explanation and "item 1 needs 2 consecutive meetings" in tt.explanation


def test_bodies_sharing_a_room_do_not_meet_at_once() -> None:
    p = tiny(
        1,
        bodies=("plenary", "committee"),
        units=(
            AgendaUnit("item-1", (1,), "plenary", 1),
            AgendaUnit("item-2", (2,), "committee", 1),
        ),
    )
    bodies = tuple(type(b)(b.key, b.name, b.kind, "Hall", 10) for b in p.bodies)
    p = type(p)(**{**p.__dict__, "bodies": bodies, "rooms": (Room("Hall", 100),)})
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    slots = {m.slot for m in tt.meetings if m.kind == "agenda"}
    assert slots == {"morning", "afternoon"}


def test_empty_slots_of_an_existing_body_are_informal_consultations() -> None:
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    tt = solve(p, time_limit_s=5)
    kinds = [m.kind for m in tt.meetings]
    assert kinds == ["agenda", "informal", "informal", "informal"]
    assert validate(p, tt) == []
