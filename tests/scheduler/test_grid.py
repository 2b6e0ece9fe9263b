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


def test_a_day_with_its_own_slots() -> None:
    """A shorter second day: no afternoon, and a morning from 9:00 to 12:00."""
    import datetime as dt

    from scheduler import DaySlots, Slot

    short = DaySlots(dt.date(2021, 3, 2), (Slot("morning", "Morning", dt.time(9), dt.time(12)),))
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 3),), day_slots=(short,))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    cells = [(m.date.day, m.slot, m.start.time()) for m in tt.meetings]
    assert cells == [
        (1, "morning", dt.time(10)),
        (1, "afternoon", dt.time(15)),
        (2, "morning", dt.time(9)),
    ]
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 4),), day_slots=(short,))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert tt.explanation and "which has only 3 slots" in tt.explanation


def test_no_informal_consultations_in_a_slot_a_day_does_not_have() -> None:
    import datetime as dt

    from scheduler import DaySlots, Slot

    short = DaySlots(
        dt.date(2021, 3, 1), (Slot("afternoon", "Afternoon", dt.time(14), dt.time(17)),)
    )
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 1),), day_slots=(short,))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert [(m.date.day, m.slot) for m in tt.meetings] == [
        (1, "afternoon"),
        (2, "morning"),
        (2, "afternoon"),
    ]
