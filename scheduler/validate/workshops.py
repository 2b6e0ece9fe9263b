"""Checks of workshops (rules/workshops.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def workshop_meetings(c: Checked) -> list[Violation]:
    """A workshop has its consecutive meetings in one allowed body, in a room seating it."""
    out: list[Violation] = []
    problem = c.problem
    for w in problem.workshops:
        ms = [c.by_key.get(keys.workshop_meeting(w.number, n)) for n in range(1, w.meetings + 1)]
        present = [m for m in ms if m is not None]
        if len(present) != w.meetings:
            out.append(Violation("workshops", f"workshop {w.number} lacks meetings", (w.key,)))
            continue
        bodies = {m.body for m in present}
        ts2 = [c.ix.t_among(w.allowed_kinds, m.date, m.slot, m.body) for m in present]
        if len(bodies) != 1:
            out.append(Violation("workshops", f"workshop {w.number} is split between bodies"))
        elif w.bodies and present[0].body not in w.bodies:
            out.append(Violation("workshops", f"workshop {w.number} is held in a body not allowed"))
        if None in ts2 or ts2 != list(range(ts2[0] or 0, (ts2[0] or 0) + w.meetings)):
            out.append(
                Violation("workshops", f"workshop {w.number}: its meetings are not consecutive")
            )
        if problem.rules.workshops_same_day and len({m.date for m in present}) != 1:
            out.append(Violation("workshops", f"workshop {w.number} spans more than one day"))
        # The workshop's room (rules/workshops.workshop_room), checked with its workshop.
        if w.expected_attendance:
            room = problem.room(present[0].room)
            if room is not None and room.capacity < w.expected_attendance:
                out.append(Violation("capacity", f"workshop {w.number} does not fit {room.name}"))
    return out
