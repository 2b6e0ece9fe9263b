"""A body's fixed first meeting, and the days and slots it may not meet in."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, Unavailable, solve, validate
from scheduler.timetable import Meeting, Timetable
from tests.scheduler.instances import tiny

D = dt.date
MONDAY, TUESDAY = D(2021, 3, 1), D(2021, 3, 2)


def with_body(p: object, key: str, **changes: object) -> object:
    bodies = tuple(
        dataclasses.replace(b, **changes) if b.key == key else b
        for b in p.bodies  # type: ignore[attr-defined]
    )
    return dataclasses.replace(p, bodies=bodies)  # type: ignore[type-var]


def test_the_committee_starts_at_its_first_meeting() -> None:
    p = tiny(
        3, bodies=("plenary", "committee"), units=(AgendaUnit("item-2", (2,), "committee", 2),)
    )
    p = with_body(
        p, "committee", first_meeting=(MONDAY, "afternoon"), name="Committee of the Whole"
    )
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    agenda = [(m.date, m.slot) for m in tt.meetings if m.kind == "agenda"]
    assert agenda[0] == (MONDAY, "afternoon")


def test_too_few_slots_after_the_first_meeting_are_explained() -> None:
    p = tiny(2, bodies=("committee",), units=(AgendaUnit("item-2", (2,), "committee", 3),))
    p = with_body(p, "committee", first_meeting=(TUESDAY, "morning"), name="Committee of the Whole")
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "bodies.first_meeting.committee" in tt.conflicting_rules
    assert tt.explanation is not None
    assert (
        "The Committee of the Whole needs 3 meetings and has 2 slots from its first meeting "
        "(Tuesday, 2 March 2021, morning) to the end of the session (Tuesday, 2 March 2021)"
    ) in tt.explanation


def test_a_body_does_not_meet_where_it_is_unavailable() -> None:
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = with_body(p, "plenary", unavailable=(Unavailable((MONDAY,), ("afternoon",)),))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    cells = {(m.date, m.slot) for m in tt.meetings}
    # Not even informal consultations in the unavailable cell.
    assert (MONDAY, "afternoon") not in cells and len(cells) == 3


def test_unavailable_days_leaving_too_few_slots_are_explained() -> None:
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 3),))
    p = with_body(p, "plenary", unavailable=(Unavailable((TUESDAY,)),))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "bodies.unavailable.plenary.0" in tt.conflicting_rules
    assert tt.explanation and "the Plenary does not meet on Tuesday, 2 March 2021" in tt.explanation


def test_the_validator_flags_a_meeting_before_the_first_meeting() -> None:
    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = with_body(p, "plenary", first_meeting=(TUESDAY, "morning"))
    m = Meeting(
        key="plenary:item-1:1",
        date=MONDAY,
        slot="morning",
        body="plenary",
        body_name="Plenary",
        kind="agenda",
        start=dt.datetime.combine(MONDAY, dt.time(10)),
        end=dt.datetime.combine(MONDAY, dt.time(13)),
    )
    violations = validate(p, Timetable(status="FEASIBLE", meetings=[m]))  # type: ignore[arg-type]
    rules = [v for v in violations if v.rule == "bodies"]
    assert len(rules) == 2  # does not meet at its first meeting; one meeting before it


def test_no_informal_consultations_where_an_exclusion_keeps_the_body_away() -> None:
    from scheduler import Exclusion

    p = tiny(2, units=(AgendaUnit("item-1", (1,), "plenary", 1),))
    p = dataclasses.replace(p, exclusions=(Exclusion(body="plenary", dates=(TUESDAY,)),))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert {m.date for m in tt.meetings} == {MONDAY}
