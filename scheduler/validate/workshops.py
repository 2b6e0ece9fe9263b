"""Checks of workshops (rules/workshops.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.problem import Workshop
from scheduler.timetable import Meeting, Violation
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
        if w.room is not None:
            out += _room_workshop(c, w, present)
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
        if w.same_day(problem.rules) and len({m.date for m in present}) != 1:
            out.append(Violation("workshops", f"workshop {w.number} spans more than one day"))
        if w.start == "morning" and ts2[0] and c.ix.cells[ts2[0] - 1][0] == c.ix.cells[ts2[0]][0]:
            out.append(
                Violation("workshops", f"workshop {w.number} does not start in a day's first slot")
            )
        # The workshop's room (rules/workshops.workshop_room), checked with its workshop.
        if w.expected_attendance:
            room = problem.room(present[0].room)
            if room is not None and room.capacity < w.expected_attendance:
                out.append(Violation("capacity", f"workshop {w.number} does not fit {room.name}"))
    return out


def _room_workshop(c: Checked, w: Workshop, present: list[Meeting]) -> list[Violation]:
    """A side workshop: its room, its own slots, consecutive among them, of no body.
    (A room holding one meeting at a time is grid.one_meeting_per_room.)"""
    out: list[Violation] = []
    seq = c.problem.room_workshop_slots(w)
    pos = {ds: i for i, ds in enumerate(seq)}
    at = [pos.get((m.date, m.slot)) for m in present]
    if any(m.room != w.room or m.body for m in present):
        out.append(Violation("workshops", f"workshop {w.number} is not held in {w.room}"))
    if None in at:
        out.append(Violation("workshops", f"workshop {w.number} is held outside its slots"))
        return out
    first = at[0] or 0
    if at != list(range(first, first + w.meetings)):
        out.append(Violation("workshops", f"workshop {w.number}: its meetings are not consecutive"))
    if w.same_day(c.problem.rules) and len({m.date for m in present}) != 1:
        out.append(Violation("workshops", f"workshop {w.number} spans more than one day"))
    if w.start == "morning" and first > 0 and seq[first - 1][0] == seq[first][0]:
        out.append(
            Violation("workshops", f"workshop {w.number} does not start in a day's first slot")
        )
    room = c.problem.room(w.room)
    if w.expected_attendance and room is not None and room.capacity < w.expected_attendance:
        out.append(Violation("capacity", f"workshop {w.number} does not fit {room.name}"))
    return out
