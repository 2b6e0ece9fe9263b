"""Checks of ancillary meetings (rules/ancillary.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def ancillary_meetings(c: Checked) -> list[Violation]:
    """Each ancillary meeting is held in an allowed slot, in a free room seating it."""
    out: list[Violation] = []
    problem = c.problem
    anc = {keys.ancillary_meeting(a.key): a for a in problem.ancillary}
    for key, am in sorted(anc.items()):
        m = c.by_key.get(key)
        if m is None:
            out.append(Violation("ancillary", f"{am.title} is not scheduled", (key,)))
            continue
        informal_slots = [s.key for s in problem.slots if not s.formal] or [
            s.key for s in problem.slots
        ]
        allowed = am.slots or tuple(informal_slots)
        if m.slot not in allowed or (am.dates is not None and m.date not in am.dates):
            out.append(Violation("ancillary", f"{am.title} is in a slot not allowed", (key,)))
        room = problem.room(m.room)
        if room is None or room.capacity < am.attendance:
            out.append(
                Violation("ancillary", f"{am.title} has no room seating {am.attendance}", (key,))
            )
        elif problem.slot(m.slot).formal and any(b.room == room.name for b in problem.bodies):
            out.append(Violation("rooms", f"{am.title} uses {room.name}, held by a body", (key,)))
    return out
