"""Ancillary meetings (side events) get a slot and a room by capacity."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AncillaryMeeting, Problem, Room, Slot, solve, validate
from tests.scheduler.instances import tiny

T = dt.time


def _with_lunch(n_rooms: int, *anc: AncillaryMeeting, days: int = 1) -> Problem:
    p = tiny(days)
    slots = (*p.slots, Slot("lunch", "Lunchtime", T(13, 15), T(14, 45), formal=False))
    rooms = (*p.rooms, *(Room(f"Side room {i}", 50 * (i + 1)) for i in range(n_rooms)))
    return dataclasses.replace(p, slots=slots, rooms=rooms, ancillary=anc)


def test_side_events_get_rooms_that_seat_them() -> None:
    p = _with_lunch(
        2,
        AncillaryMeeting("a", "Side event A", 90),
        AncillaryMeeting("b", "Side event B", 40),
        AncillaryMeeting("c", "Side event C", 100),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    anc = [m for m in tt.meetings if m.kind == "ancillary"]
    assert len(anc) == 3 and all(m.slot == "lunch" for m in anc)
    for m in anc:
        room = p.room(m.room)
        attendance = next(a.attendance for a in p.ancillary if f"ancillary:{a.key}" == m.key)
        assert room is not None and room.capacity >= attendance


def test_too_many_large_side_events_is_explained() -> None:
    p = _with_lunch(
        1,
        AncillaryMeeting("a", "A", 90),
        AncillaryMeeting("b", "B", 90),
        AncillaryMeeting("c", "C", 90),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "ancillary.rooms" in tt.conflicting_rules


def test_preferred_slot_is_honoured_when_possible() -> None:
    p = _with_lunch(
        1,
        AncillaryMeeting("a", "A", 10, preferred=((dt.date(2021, 3, 2), "lunch"),)),
        days=2,
    )
    tt = solve(p, time_limit_s=5)
    m = tt.by_key()["ancillary:a"]
    assert (m.date, m.slot) == (dt.date(2021, 3, 2), "lunch")
