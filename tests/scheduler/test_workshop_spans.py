"""Workshops: a span per workshop (one day, or consecutive days over the night), a start
in the morning, and side workshops held in a room outside the bodies (issue #15)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import Exclusion, Room, Rules, Slot, Workshop, solve, validate
from tests.scheduler.instances import tiny

D = dt.date
WITH_EVENING = (
    Slot("morning", "Morning", dt.time(10), dt.time(13)),
    Slot("afternoon", "Afternoon", dt.time(15), dt.time(18)),
    Slot("evening", "Evening", dt.time(18), dt.time(20), formal=False),
)


def _ws(tt: object) -> list[object]:
    return [m for m in tt.meetings if m.kind == "workshop"]  # type: ignore[attr-defined]


def _at(tt: object) -> list[tuple[dt.date, str]]:
    return [(m.date, m.slot) for m in _ws(tt)]  # type: ignore[attr-defined]


# ---- span ----------------------------------------------------------------------


def test_a_two_day_workshop_from_a_morning() -> None:
    w = Workshop(1, "Two days", meetings=4, span="consecutive_days", start="morning")
    p = tiny(3, workshops=(w,), exclusions=(Exclusion(body="plenary", dates=(D(2021, 3, 1),)),))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    assert _at(tt) == [
        (D(2021, 3, 2), "morning"),
        (D(2021, 3, 2), "afternoon"),
        (D(2021, 3, 3), "morning"),
        (D(2021, 3, 3), "afternoon"),
    ]


def test_an_afternoon_into_the_next_morning_only_over_consecutive_days() -> None:
    w = Workshop(1, "Overnight", meetings=2, span="consecutive_days")
    ex = (
        Exclusion(body="plenary", dates=(D(2021, 3, 1),), slots=("morning",)),
        Exclusion(body="plenary", dates=(D(2021, 3, 2),), slots=("afternoon",)),
    )
    p = tiny(2, workshops=(w,), exclusions=ex)
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    assert _at(tt) == [(D(2021, 3, 1), "afternoon"), (D(2021, 3, 2), "morning")]
    same = dataclasses.replace(p, workshops=(dataclasses.replace(w, span="same_day"),))
    tt = solve(same, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "workshops.workshop-1" in tt.conflicting_rules
    # ... and a hand-made overnight workshop breaks the same-day rule.


def test_the_span_defaults_to_the_congress_flag() -> None:
    w = Workshop(1, "W", meetings=3)
    assert solve(tiny(2, workshops=(w,)), time_limit_s=5).status == "INFEASIBLE"
    p = tiny(2, workshops=(w,), rules=Rules(workshops_same_day=False))
    assert solve(p, time_limit_s=5).ok


def test_a_morning_start_that_cannot_be_had_is_explained_with_numbers() -> None:
    w = Workshop(1, "Two days", meetings=4, span="consecutive_days", start="morning")
    p = tiny(
        2,
        workshops=(w,),
        exclusions=(Exclusion(body="plenary", dates=(D(2021, 3, 1),), slots=("morning",)),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    text = tt.explanation or ""
    assert (
        "workshop 1 (Two days) needs 4 consecutive half-days of the Plenary from the first "
        "slot of a day, over consecutive days if need be; the congress has 2 days of 2 "
        "meeting slots" in text
    )
    assert "1 consecutive meetings" not in text and "on one body" not in text


def test_the_validator_checks_span_and_start() -> None:
    w = Workshop(1, "W", meetings=2, span="consecutive_days", start="morning")
    p = tiny(2, workshops=(w,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    a, b = _ws(tt)
    moved = dataclasses.replace(
        tt,
        meetings=[
            dataclasses.replace(a, date=D(2021, 3, 1), slot="afternoon"),  # type: ignore[type-var]
            dataclasses.replace(b, date=D(2021, 3, 2), slot="morning"),  # type: ignore[type-var]
        ],
    )
    msgs = [v.message for v in validate(p, moved)]
    assert "workshop 1 does not start in a day's first slot" in msgs
    same = dataclasses.replace(p, workshops=(dataclasses.replace(w, span="same_day", start="any"),))
    assert "workshop 1 spans more than one day" in [v.message for v in validate(same, moved)]


# ---- side workshops in a room ------------------------------------------------------


def _side(meetings: int = 1, **kw: object) -> Workshop:
    return Workshop(9, "Side workshop", meetings=meetings, room="Room B", slots=("evening",), **kw)  # type: ignore[arg-type]


def _with_room_b(days: int, *ws: Workshop, **kw: object) -> object:
    p = tiny(days, workshops=ws, **kw)
    return dataclasses.replace(p, slots=WITH_EVENING, rooms=(*p.rooms, Room("Room B", 40)))


def test_a_side_workshop_is_a_meeting_in_its_room_in_an_evening() -> None:
    p = _with_room_b(
        1, _side(), exclusions=(Exclusion(body="plenary"),)
    )  # the body's exclusion does not bind it
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.ok and validate(p, tt) == []  # type: ignore[arg-type]
    (m,) = _ws(tt)
    assert (m.slot, m.room, m.body, m.key) == ("evening", "Room B", "", "workshop-9:1")  # type: ignore[attr-defined]
    assert m.start.time() == dt.time(18)  # type: ignore[attr-defined]


def test_side_workshops_share_their_room_one_at_a_time() -> None:
    two = (_side(), dataclasses.replace(_side(), number=8, title="Other"))
    p = _with_room_b(1, *two)
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.status == "INFEASIBLE"
    assert "rooms.Room B.workshops" in tt.conflicting_rules
    assert "Room B holds one meeting at a time (workshop 8, workshop 9)" in (tt.explanation or "")
    p2 = _with_room_b(2, *two)
    tt = solve(p2, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.ok and validate(p2, tt) == []  # type: ignore[arg-type]


def test_a_side_workshop_waits_for_a_body_meeting_in_its_room() -> None:
    w = Workshop(9, "In the hall", meetings=1, room="Room plenary")
    p = tiny(1, workshops=(w,), units=())
    from scheduler import AgendaUnit

    busy = dataclasses.replace(p, units=(AgendaUnit("item-4", (4,), "plenary", 2),))
    tt = solve(busy, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "rooms.Room plenary.workshops" in tt.conflicting_rules
    free = dataclasses.replace(p, units=(AgendaUnit("item-4", (4,), "plenary", 1),))
    tt = solve(free, time_limit_s=5)
    assert tt.ok and validate(free, tt) == []
    slots = {m.slot for m in tt.meetings if m.room == "Room plenary"}
    assert slots == {"morning", "afternoon"}  # no informal consultations over the workshop


def test_a_two_evening_side_workshop_runs_on_consecutive_days() -> None:
    w = _side(2, span="consecutive_days")
    p = _with_room_b(2, w)
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.ok and validate(p, tt) == []  # type: ignore[arg-type]
    assert _at(tt) == [(D(2021, 3, 1), "evening"), (D(2021, 3, 2), "evening")]
    same = _with_room_b(2, _side(2, span="same_day"))
    tt = solve(same, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.status == "INFEASIBLE"
    assert (
        "workshop 9 (Side workshop) needs 2 consecutive half-days in Room B (evening slots) "
        "on one day; a day has 1 meeting slot" in (tt.explanation or "")
    )


def test_the_validator_keeps_a_side_workshop_in_its_room_and_slots() -> None:
    p = _with_room_b(1, _side())
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    (m,) = _ws(tt)
    moved = dataclasses.replace(
        tt, meetings=[dataclasses.replace(m, slot="morning", room="Room plenary")]
    )  # type: ignore[type-var]
    msgs = [v.message for v in validate(p, moved)]  # type: ignore[arg-type]
    assert "workshop 9 is not held in Room B" in msgs
    assert "workshop 9 is held outside its slots" in msgs


def test_a_side_workshop_keeps_its_room_from_ancillary_meetings() -> None:
    from scheduler import AncillaryMeeting

    side = AncillaryMeeting("reception", "Reception", attendance=30, slots=("evening",))
    p = _with_room_b(1, _side())
    only_b = dataclasses.replace(p, rooms=(Room("Room B", 40),), bodies=(), ancillary=(side,))  # type: ignore[type-var]
    tt = solve(only_b, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    two = dataclasses.replace(only_b, rooms=(Room("Room B", 40), Room("Room C", 40)))
    tt = solve(two, time_limit_s=5)
    assert tt.ok and validate(two, tt) == []
    rooms = {m.key: m.room for m in tt.meetings}
    assert rooms == {"workshop-9:1": "Room B", "ancillary:reception": "Room C"}


def test_a_side_workshop_can_be_pinned_excluded_and_stays_on_a_re_solve() -> None:
    from scheduler import Pin

    w = _side(1)
    p = _with_room_b(3, w)
    pinned = dataclasses.replace(p, pins=(Pin("workshop-9", D(2021, 3, 3), "evening"),))  # type: ignore[type-var]
    tt = solve(pinned, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.ok and _at(tt) == [(D(2021, 3, 3), "evening")]
    again = solve(p, time_limit_s=5, previous=tt)  # type: ignore[arg-type]
    assert _at(again) == [(D(2021, 3, 3), "evening")]
    excluded = dataclasses.replace(
        pinned,  # type: ignore[type-var]
        exclusions=(Exclusion(target="workshop-9", dates=(D(2021, 3, 3),)),),
    )
    tt = solve(excluded, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.status == "INFEASIBLE"
    assert {"pins.0.workshop-9", "exclusions.0"} <= set(tt.conflicting_rules)


def test_a_side_workshop_keeps_to_the_maximum_duration() -> None:
    p = _with_room_b(3, _side(1), rules=Rules(max_days_including_consultations=1))
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.ok and validate(p, tt) == []  # type: ignore[arg-type]
    assert _at(tt) == [(D(2021, 3, 1), "evening")]
    from scheduler import Pin

    late = dataclasses.replace(p, pins=(Pin("workshop-9", D(2021, 3, 2), "evening"),))  # type: ignore[type-var]
    tt = solve(late, time_limit_s=5)  # type: ignore[arg-type]
    assert tt.status == "INFEASIBLE"
    assert {"max_duration", "pins.0.workshop-9"} <= set(tt.conflicting_rules)


def test_the_text_grid_lists_a_side_workshop_in_its_room() -> None:
    p = _with_room_b(1, _side())
    tt = solve(p, time_limit_s=5)  # type: ignore[arg-type]
    grid = tt.render_grid()
    assert (
        "Other meetings\n  Monday, 01 March 2021 Evening: Workshop: Side workshop (Room B)" in grid
    )
