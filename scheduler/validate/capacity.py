"""Checks of interpretation teams and room sizes (rules/capacity.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from scheduler import keys
from scheduler.timetable import FORMAL_KINDS, Violation
from scheduler.validate.context import Checked
from scheduler.wording import when


def interpretation_teams(c: Checked) -> list[Violation]:
    """No more interpreted meetings at once than interpretation teams."""
    problem = c.problem
    cap = problem.rules.max_parallel_meetings
    if cap is None:
        return []
    anc = {keys.ancillary_meeting(a.key): a for a in problem.ancillary}
    per_slot: Counter[tuple[dt.date, str]] = Counter()
    for m in c.meetings:
        side_workshop = m.kind == "workshop" and not m.body  # a room's, not a body's
        interpreted = (m.kind in FORMAL_KINDS and not side_workshop) or (
            m.kind == "ancillary" and m.key in anc and anc[m.key].interpretation
        )
        if interpreted and m.kind != "pre-congress" and _interpreted_slot(c, m.date, m.slot):
            per_slot[(m.date, m.slot)] += 1
    return [
        Violation(
            "capacity",
            f"{n} meetings with interpretation at once on {when(problem, d, s)} (at most {cap})",
        )
        for (d, s), n in sorted(per_slot.items())
        if n > cap
    ]


def _interpreted_slot(c: Checked, date: dt.date, slot: str) -> bool:
    """The slot has interpretation on that date (its kind is "formal")."""
    return next((s.interpreted for s in c.problem.slots_of(date) if s.key == slot), True)


def room_seats_body(c: Checked) -> list[Violation]:
    """A body's room seats its expected attendance."""
    out: list[Violation] = []
    for body in c.problem.bodies:
        room = c.problem.room(body.room)
        if room is not None and room.capacity < body.expected_attendance:
            out.append(Violation("capacity", f"{room.name} is too small for the {body.name}"))
    return out
