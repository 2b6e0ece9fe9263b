"""Fixed events of any kind and number: of a body (they take its slot) or held in a room
(they take the room from the bodies meeting there and from ancillary meetings)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, AncillaryMeeting, FixedEvent, Room, Slot, solve, validate
from scheduler.timetable import Timetable
from tests.scheduler.instances import salvador_2010, tiny

D = dt.date
T = dt.time


def _events() -> tuple[FixedEvent, ...]:
    return (
        FixedEvent(
            "treaty_event", "Treaty event", "plenary", D(2010, 4, 14), "morning", key="signing-1"
        ),
        FixedEvent(
            "round_table",
            "Round table on victims",
            "committee-2",
            D(2010, 4, 15),
            "afternoon",
            key="victims",
        ),
        FixedEvent(
            "special_event",
            "Special event on cybercrime",
            "",
            D(2010, 4, 13),
            "afternoon",
            key="cyber",
            room="Committee Room I",
        ),
    )


def test_events_of_a_body_and_in_a_room_take_their_cells() -> None:
    p = salvador_2010(fixed_events=(*salvador_2010().fixed_events, *_events()))
    assert p.check() == []
    tt = solve(p, time_limit_s=10, seed=0)
    assert tt.status in ("OPTIMAL", "FEASIBLE")
    assert validate(p, tt) == []
    by_key = tt.by_key()
    first = by_key["plenary:event-signing-1"]
    assert (first.date, first.slot, first.kind) == (D(2010, 4, 14), "morning", "event")
    assert by_key["committee-2:event-victims"].slot == "afternoon"
    room = by_key["event:cyber"]
    assert (room.kind, room.body, room.room) == ("room-event", "", "Committee Room I")
    # Committee I meets in that room: not then, not even informally.
    assert tt.find(D(2010, 4, 13), "afternoon", "committee-1") is None


def test_two_events_in_one_cell_are_explained_with_their_titles() -> None:
    elections = FixedEvent(
        "elections",
        "Elections of officers",
        "plenary",
        D(2010, 4, 19),
        "afternoon",
        key="elections",
    )
    p = salvador_2010(fixed_events=(*salvador_2010().fixed_events, elections))
    tt = solve(p, time_limit_s=10, seed=0)
    assert tt.status == "INFEASIBLE"
    assert {"fixed_events.elections.elections", "fixed_events.closing"} <= set(tt.conflicting_rules)
    text = tt.explanation or ""
    assert (
        "Elections of officers takes the Plenary's meeting on Monday, 19 April 2010, afternoon"
        in text
    )
    assert "Closure of the Congress takes the Plenary's meeting on Monday, 19 April 2010" in text


def test_an_event_in_a_room_keeps_side_events_out() -> None:
    p = tiny(1)
    lunch = Slot("lunch", "Lunchtime", T(13, 15), T(14, 45), formal=False)
    p = dataclasses.replace(
        p,
        slots=(*p.slots, lunch),
        rooms=(*p.rooms, Room("Hall", 500)),
        ancillary=(AncillaryMeeting("a", "Side event on prisons", 200),),
    )
    assert solve(p, time_limit_s=5).ok
    reception = FixedEvent(
        "other", "Reception", "", D(2021, 3, 1), None, T(13), T(15), key="reception", room="Hall"
    )
    blocked = dataclasses.replace(p, fixed_events=(reception,))
    tt = solve(blocked, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "fixed_events.other.reception" in tt.conflicting_rules
    assert "Reception takes Hall on Monday, 1 March 2021" in (tt.explanation or "")


def test_the_validator_finds_a_meeting_during_an_event() -> None:
    p = salvador_2010(fixed_events=(*salvador_2010().fixed_events, *_events()))
    tt = solve(p, time_limit_s=10, seed=0)
    moved = [
        dataclasses.replace(
            m, key="committee-1:informal:x", body="committee-1", room="Committee Room I"
        )
        if m.key == "event:cyber"
        else m
        for m in tt.meetings
    ]
    extra = next(m for m in tt.meetings if m.key == "event:cyber")
    broken = Timetable(status=tt.status, meetings=[*moved, extra])
    messages = [v.message for v in validate(p, broken) if v.rule == "fixed_events"]
    assert (
        "committee-1:informal:x uses Committee Room I during Special event on cybercrime"
        in messages
    )


def test_a_room_event_needs_a_known_room() -> None:
    odd = FixedEvent(
        "round_table", "Round table", "", D(2010, 4, 14), "morning", key="rt", room="Attic"
    )
    assert "Round table names an unknown room 'Attic'" in salvador_2010(fixed_events=(odd,)).check()


def test_the_keys_of_events_and_segments() -> None:
    from scheduler import keys

    assert keys.segment_unit("high-level") == keys.HIGH_LEVEL_SEGMENT
    assert keys.segment_unit("treaty-event") == "segment-treaty-event"
    assert keys.parse_unit("segment-treaty-event") == keys.UnitKey(
        "segment", "segment-treaty-event"
    )
    assert keys.event_meeting("plenary", "signing") == "plenary:event-signing"
    assert keys.event_meeting(None, "reception") == "event:reception"
    parsed = keys.parse_meeting("event:reception")
    assert parsed is not None and (parsed.kind, parsed.body) == ("fixed-event", None)
    parsed = keys.parse_meeting("plenary:event-signing")
    assert parsed is not None and (parsed.kind, parsed.unit) == ("fixed-event", "event-signing")
    assert keys.unit_of_meeting("plenary:segment-treaty-event:2") == ("segment-treaty-event", 2)


def test_an_event_at_its_own_times_takes_the_slots_they_overlap() -> None:
    long_event = FixedEvent(
        "elections", "Elections", "plenary", D(2021, 3, 1), None, T(11), T(16), key="vote"
    )
    p = tiny(2, units=(AgendaUnit("item-2", (2,), "plenary", 2),), fixed_events=(long_event,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    # 11:00-16:00 overlaps the morning and the afternoon: the first day is the event's.
    assert [m.key for m in tt.meetings if m.date == D(2021, 3, 1)] == ["plenary:event-vote"]
    three = dataclasses.replace(p, units=(AgendaUnit("item-2", (2,), "plenary", 3),))
    tt = solve(three, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "fixed_events.elections.vote" in tt.conflicting_rules
    assert "Elections is held on Monday, 1 March 2021" in (tt.explanation or "")
