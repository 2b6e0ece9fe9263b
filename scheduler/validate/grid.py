"""Checks of the grid (rules/grid.py): known cells, one meeting per body, slot and room."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import body_name, when


def meetings_once(c: Checked) -> list[Violation]:
    """No meeting key is held twice."""
    return [Violation("grid", f"meeting {k} appears twice", (k,)) for k in c.duplicates]


def one_meeting_per_slot(c: Checked) -> list[Violation]:
    """Meetings of known bodies in known days and slots; a body meets once per slot."""
    out: list[Violation] = []
    body_keys = {b.key for b in c.problem.bodies}
    slot_keys = {s.key for s in c.problem.slots}
    cells: Counter[tuple[str, dt.date, str]] = Counter()
    for m in c.meetings:
        if m.kind in ("ancillary", "room-event") or (m.kind == "workshop" and not m.body):
            continue  # side events, room events, side workshops: meetings of a room
        if m.body not in body_keys:
            out.append(Violation("grid", f"{m.key}: unknown body {m.body!r}", (m.key,)))
        if m.slot not in slot_keys:
            out.append(Violation("grid", f"{m.key}: unknown slot {m.slot!r}", (m.key,)))
        if m.kind != "pre-congress" and c.ix.t(m.date, m.slot) is None:
            out.append(
                Violation("grid", f"{m.key} is outside the congress's days and slots", (m.key,))
            )
        cells[(m.body, m.date, m.slot)] += 1
    for (b, d, s), n in sorted(cells.items()):
        if n > 1:
            out.append(
                Violation(
                    "grid",
                    f"the {body_name(c.problem, b)} has {n} meetings on {when(c.problem, d, s)}",
                )
            )
    return out


def one_meeting_per_room(c: Checked) -> list[Violation]:
    """A room holds one meeting at a time (bodies sharing a room, side events)."""
    rooms_used: defaultdict[tuple[dt.date, str, str], list[str]] = defaultdict(list)
    for m in c.meetings:
        if m.room:
            rooms_used[(m.date, m.slot, m.room)].append(m.key)
    return [
        Violation("rooms", f"{r} holds {len(ks)} meetings on {when(c.problem, d, s)}", tuple(ks))
        for (d, s, r), ks in sorted(rooms_used.items())
        if len(ks) > 1
    ]
