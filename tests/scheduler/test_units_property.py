"""Property (issue #15): with units that choose their body, have days of their own and
tracks, and workshops with spans, morning starts and side workshops in rooms, every
timetable the solver returns passes the validator, and every infeasible problem comes
with a named conflicting set."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import AgendaUnit, Problem, Room, Rules, Slot, Track, Workshop, solve, validate
from tests.scheduler.instances import tiny

SLOTS = (
    Slot("morning", "Morning", dt.time(10), dt.time(13)),
    Slot("afternoon", "Afternoon", dt.time(15), dt.time(18)),
    Slot("evening", "Evening", dt.time(18), dt.time(20), formal=False),
)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    days = draw(st.integers(1, 3))
    bodies = ("plenary", "committee-1", "committee-2")[: draw(st.integers(1, 3))]
    first = dt.date(2021, 3, 1)
    units = []
    for i in range(draw(st.integers(0, 3))):
        allowed = draw(st.lists(st.sampled_from(bodies), min_size=1, max_size=3, unique=True))
        lo = draw(st.integers(0, days - 1))
        hi = draw(st.integers(lo, days - 1))
        windowed = draw(st.booleans())
        units.append(
            AgendaUnit(
                f"item-{i + 3}",
                (i + 3,),
                allowed[0],
                draw(st.integers(1, 3)),
                consecutive=draw(st.sampled_from(["hard", "soft", "off"])),
                bodies=tuple(allowed) if len(allowed) > 1 else (),
                earliest=first + dt.timedelta(days=lo) if windowed else None,
                latest=first + dt.timedelta(days=hi) if windowed else None,
            )
        )
    workshops = []
    for n in range(1, draw(st.integers(0, 2)) + 1):
        in_room = draw(st.booleans())
        workshops.append(
            Workshop(
                n,
                f"W{n}",
                meetings=draw(st.integers(1, 3)),
                span=draw(st.sampled_from([None, "same_day", "consecutive_days"])),
                start=draw(st.sampled_from(["any", "morning"])),
                room=draw(st.sampled_from(["Side", "Room plenary"])) if in_room else None,
                slots=draw(st.sampled_from([(), ("evening",), ("afternoon", "evening")]))
                if in_room
                else (),
            )
        )
    keys = [u.key for u in units] + [w.key for w in workshops if w.room is None]
    tracks = ()
    if len(keys) >= 2 and draw(st.booleans()):
        order = draw(st.permutations(keys))
        tracks = (Track("t", tuple(order[:2]), strength=draw(st.sampled_from(["hard", "soft"]))),)
    p = tiny(days, bodies=bodies, units=tuple(units), workshops=tuple(workshops))
    rules = Rules(
        max_parallel_meetings=draw(st.sampled_from([None, 1, 2])),
        max_days_including_consultations=draw(st.sampled_from([None, 1, 2])),
        agenda_order=draw(st.sampled_from(["hard", "soft", "off"])),
    )
    return dataclasses.replace(
        p, slots=SLOTS, rooms=(*p.rooms, Room("Side", 50)), tracks=tracks, rules=rules
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_solution_passes_the_validator(problem: Problem) -> None:
    assert problem.check() == []
    tt = solve(problem, time_limit_s=2, workers=1)
    if tt.ok:
        assert validate(problem, tt) == []
    else:
        assert tt.status == "INFEASIBLE"
        assert tt.explanation and tt.conflicting_rules
