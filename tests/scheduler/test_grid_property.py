"""Property: with slot kinds, per-date slots, closed weekends, bodies' first meetings and
unavailable cells, every timetable the solver returns passes the validator, and every
infeasible problem comes with a named conflicting set."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import (
    AgendaUnit,
    DaySlots,
    Duration,
    Problem,
    Rules,
    Slot,
    Unavailable,
    Workshop,
    solve,
    validate,
)
from tests.scheduler.instances import tiny

T = dt.time
FRIDAY = dt.date(2021, 3, 5)
KINDS = ("formal", "formal", "formal_no_interpretation", "informal")


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    days = draw(st.integers(1, 4))
    dates = [FRIDAY + dt.timedelta(days=i) for i in range(days)]
    bodies = ("plenary", "committee-1")[: draw(st.integers(1, 2))]
    slots = (
        Slot("morning", "Morning", T(10), T(13), kind=draw(st.sampled_from(KINDS[:3]))),
        Slot("midday", "Midday", T(13), T(15), kind=draw(st.sampled_from(("informal", "side")))),
        Slot("afternoon", "Afternoon", T(15), T(18), kind=draw(st.sampled_from(KINDS))),
        Slot("evening", "Evening", T(18, 15), T(19, 45), kind="side"),
    )
    units = tuple(
        AgendaUnit(f"unit-{i}", (i + 3,), draw(st.sampled_from(bodies)), draw(st.integers(1, 3)))
        for i in range(draw(st.integers(0, 3)))
    )
    workshops = tuple(
        Workshop(
            n,
            f"W{n}",
            meetings=draw(st.integers(1, 2)),
            slot_kinds=draw(st.sampled_from([(), ("formal",), ("informal",)])),
        )
        for n in range(1, draw(st.integers(0, 2)) + 1)
    )
    day_slots: tuple[DaySlots, ...] = ()
    if draw(st.booleans()):
        day_slots = (DaySlots(draw(st.sampled_from(dates)), (slots[0],)),)
    p = tiny(1, bodies=bodies, units=units)
    bs = list(p.bodies)
    if draw(st.booleans()):
        bs[-1] = dataclasses.replace(
            bs[-1],
            first_meeting=(
                draw(st.sampled_from(dates)),
                draw(st.sampled_from(["morning", "afternoon"])),
            ),
        )
    if draw(st.booleans()):
        bs[0] = dataclasses.replace(
            bs[0], unavailable=(Unavailable((draw(st.sampled_from(dates)),), ("afternoon",)),)
        )
    duration = draw(
        st.sampled_from([None, Duration(2, "working", False), Duration(3, "calendar", False)])
    )
    return dataclasses.replace(
        p,
        start_date=FRIDAY,
        end_date=dates[-1],
        slots=slots,
        day_slots=day_slots,
        bodies=tuple(bs),
        workshops=workshops,
        rules=Rules(
            max_parallel_meetings=draw(st.sampled_from([None, 1, 2])),
            meetings_on_weekends=draw(st.booleans()),
            max_duration=duration,
        ),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_solution_on_the_grid_passes_the_validator(problem: Problem) -> None:
    tt = solve(problem, time_limit_s=2, workers=1)
    if tt.ok:
        assert validate(problem, tt) == []
    else:
        assert tt.status == "INFEASIBLE"
        assert tt.explanation and tt.conflicting_rules
