"""Slot kinds: formal work in formal slots, workshops in formal or informal slots, side
slots for ancillary meetings only; the interpretation cap counts interpreted slots."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, FixedEvent, Rules, Slot, Workshop, solve, validate
from scheduler.timetable import Meeting, Timetable
from tests.scheduler.instances import tiny

T = dt.time
D = dt.date
MORNING = Slot("morning", "Morning", T(10), T(13))
AFTERNOON = Slot("afternoon", "Afternoon", T(15), T(18))
INFORMAL_AFTERNOON = Slot("afternoon", "Afternoon", T(15), T(18), kind="informal")
EVENING = Slot("evening", "Evening", T(18, 15), T(19, 45), kind="side")


def test_the_former_formal_flag_still_reads_as_a_side_slot() -> None:
    lunch = Slot("lunch", "Lunchtime", T(13, 15), T(14, 45), formal=False)
    assert lunch.kind == "side" and lunch.formal is False and not lunch.bodies_meet
    assert MORNING.kind == "formal" and MORNING.formal and MORNING.interpreted
    assert INFORMAL_AFTERNOON.formal is False and INFORMAL_AFTERNOON.bodies_meet


def test_agenda_meetings_avoid_informal_slots() -> None:
    p = tiny(1, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = dataclasses.replace(p, slots=(MORNING, INFORMAL_AFTERNOON))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    agenda = [m for m in tt.meetings if m.kind == "agenda"]
    assert [m.slot for m in agenda] == ["morning"]
    # The informal afternoon is the body's informal consultations.
    assert [(m.slot, m.kind) for m in tt.meetings] == [
        ("morning", "agenda"),
        ("afternoon", "informal"),
    ]


def test_formal_work_in_too_few_formal_slots_is_explained() -> None:
    p = tiny(1, units=(AgendaUnit("item-1", (1,), "plenary", 2),))
    p = dataclasses.replace(p, slots=(MORNING, INFORMAL_AFTERNOON))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "clusters.item-1" in tt.conflicting_rules
    assert (
        tt.explanation and "which has only 1 formal slot on Monday, 1 March 2021" in tt.explanation
    )


def test_a_workshop_may_use_an_informal_slot_unless_it_says_otherwise() -> None:
    units = (AgendaUnit("item-1", (1,), "plenary", 1),)
    workshop = Workshop(1, "Workshop on a topic", meetings=1, bodies=("plenary",))
    p = tiny(1, units=units, workshops=(workshop,))
    p = dataclasses.replace(p, slots=(MORNING, INFORMAL_AFTERNOON))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert [m.slot for m in tt.meetings if m.kind == "workshop"] == ["afternoon"]

    formal_only = dataclasses.replace(
        p, workshops=(dataclasses.replace(workshop, slot_kinds=("formal",)),)
    )
    tt = solve(formal_only, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "workshops.workshop-1" in tt.conflicting_rules
    assert (
        tt.explanation
        and "of the Plenary, in formal slots on one day; a day has 1 meeting slot" in tt.explanation
    )


def test_an_evening_side_slot_does_not_break_a_consecutive_cluster() -> None:
    opening = FixedEvent("opening", "Opening of the Congress", "plenary", D(2021, 3, 1), "morning")
    p = tiny(
        2,
        units=(AgendaUnit("item-2", (2,), "plenary", 3),),
        slots=(MORNING, AFTERNOON, EVENING),
        fixed_events=(opening,),
    )
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    agenda = [(m.date.day, m.slot) for m in tt.meetings if m.kind == "agenda"]
    assert agenda == [(1, "afternoon"), (2, "morning"), (2, "afternoon")]
    # Informal consultations never go into the side slot.
    assert not [m for m in tt.meetings if m.slot == "evening"]


def test_an_opening_in_a_side_or_informal_slot_is_explained() -> None:
    opening = FixedEvent(
        "opening", "Opening of the Congress", "plenary", D(2021, 3, 1), "afternoon"
    )
    p = tiny(1, fixed_events=(opening,))
    p = dataclasses.replace(p, slots=(MORNING, INFORMAL_AFTERNOON))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert {"fixed_events.opening", "slot_kinds.opening"} <= set(tt.conflicting_rules)
    assert tt.explanation and "is an informal slot" in tt.explanation


def test_the_interpretation_cap_counts_only_interpreted_slots() -> None:
    units = (
        AgendaUnit("item-1", (1,), "plenary", 2),
        AgendaUnit("item-2", (2,), "committee", 2),
    )
    p = tiny(1, bodies=("plenary", "committee"), units=units, rules=Rules(max_parallel_meetings=1))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "capacity.parallel" in tt.conflicting_rules
    no_interpretation = Slot(
        "afternoon", "Afternoon", T(15), T(18), kind="formal_no_interpretation"
    )
    p = dataclasses.replace(p, slots=(MORNING, no_interpretation))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"  # the morning still has two meetings at once
    p = dataclasses.replace(
        p, slots=(dataclasses.replace(MORNING, kind="formal_no_interpretation"), no_interpretation)
    )
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []


def test_the_validator_flags_an_agenda_meeting_in_an_informal_slot() -> None:
    p = tiny(1, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = dataclasses.replace(p, slots=(MORNING, INFORMAL_AFTERNOON))
    day = D(2021, 3, 1)
    bad = Meeting(
        key="plenary:item-1:1",
        date=day,
        slot="afternoon",
        body="plenary",
        body_name="Plenary",
        kind="agenda",
        start=dt.datetime.combine(day, T(15)),
        end=dt.datetime.combine(day, T(18)),
        agenda_items=(1,),
    )
    violations = validate(p, Timetable(status="FEASIBLE", meetings=[bad]))
    assert any(v.rule == "slot_kinds" and "an informal slot" in v.message for v in violations)


def test_an_informal_slot_between_two_formal_ones_does_not_break_a_cluster() -> None:
    midday = Slot("midday", "Midday", T(13), T(15), kind="informal")
    p = tiny(1, units=(AgendaUnit("item-1", (1,), "plenary", 2),))
    p = dataclasses.replace(p, slots=(MORNING, midday, AFTERNOON))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert [(m.slot, m.kind) for m in tt.meetings] == [
        ("morning", "agenda"),
        ("midday", "informal"),
        ("afternoon", "agenda"),
    ]
