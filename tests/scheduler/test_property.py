"""Property: every timetable the solver returns passes the validator, and
every infeasible problem comes with a named conflicting set."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import (
    AgendaUnit,
    FixedEvent,
    HighLevelSegment,
    Problem,
    Rules,
    Workshop,
    solve,
    validate,
)
from tests.scheduler.instances import tiny


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    days = draw(st.integers(1, 4))
    n_bodies = draw(st.integers(1, 3))
    bodies = tuple(["plenary", "committee-1", "committee-2"][:n_bodies])
    units = []
    item = 3
    for i in range(draw(st.integers(0, 4))):
        body = draw(st.sampled_from(bodies))
        units.append(
            AgendaUnit(
                f"unit-{i}",
                (item,),
                body,
                draw(st.integers(1, 3)),
                consecutive=draw(st.sampled_from(["hard", "hard", "soft"])),
            )
        )
        item += 1
    workshops = tuple(
        Workshop(n, f"W{n}", meetings=draw(st.integers(1, 2)))
        for n in range(1, draw(st.integers(0, 2)) + 1)
    )
    hls = None
    if draw(st.booleans()):
        hls = HighLevelSegment(
            "plenary", draw(st.integers(1, 3)), draw(st.sampled_from(["start", "end"])), 2
        )
    fixed: list[FixedEvent] = []
    if draw(st.booleans()):
        fixed.append(
            FixedEvent(
                "opening", "Opening", "plenary", dt.date(2021, 3, 1), "morning", agenda_items=(1, 2)
            )
        )
    if draw(st.booleans()):
        fixed.append(FixedEvent("closing", "Closing", "plenary", agenda_items=(99,)))
    cap = draw(st.sampled_from([None, 1, 2, 3]))
    p = tiny(days, bodies=bodies, units=tuple(units))
    bs = tuple(
        b if b.key == "plenary" else type(b)(b.key, b.name, "committee", b.room, 10, True, True)
        for b in p.bodies
    )
    return Problem(
        name=p.name,
        time_zone=p.time_zone,
        start_date=p.start_date,
        end_date=p.end_date,
        slots=p.slots,
        bodies=bs,
        rooms=p.rooms,
        units=tuple(units),
        workshops=workshops,
        high_level_segment=hls,
        fixed_events=tuple(fixed),
        rules=Rules(
            max_parallel_meetings=cap, agenda_order=draw(st.sampled_from(["hard", "soft"]))
        ),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_solution_passes_the_validator(problem: Problem) -> None:
    tt = solve(problem, time_limit_s=2, workers=1)
    if tt.ok:
        assert validate(problem, tt) == []
    else:
        assert tt.status == "INFEASIBLE"
        assert tt.explanation and tt.conflicting_rules
