"""Checks of fixed events and of the bodies' life around them (rules/fixed_events.py)."""

from __future__ import annotations

from scheduler.timetable import FORMAL_KINDS, Violation
from scheduler.validate.context import Checked
from scheduler.wording import when


def fixed_events(c: Checked) -> list[Violation]:
    """Each fixed event is held on its date and slot, takes up the next unit when it
    should, and nothing of the closing's body is held after the closing."""
    out: list[Violation] = []
    problem = c.problem
    closing_ds = problem.closing_date_slot()
    for ev in problem.fixed_events:
        k = ev.meeting_key
        m = c.by_key.get(k)
        if ev.kind == "closing":
            assert closing_ds is not None
            date, slot = closing_ds
        else:
            date, slot = ev.date, ev.slot  # type: ignore[assignment]
        if m is None:
            out.append(Violation("fixed_events", f"{ev.title} is missing", (k,)))
            continue
        if date is None:
            continue
        if m.date != date or (slot and m.slot != slot) or m.body != ev.body:
            out.append(
                Violation("fixed_events", f"{ev.title} is not on {when(problem, date, slot)}", (k,))
            )
        if ev.takes_up_next_unit and not m.also:
            out.append(
                Violation("fixed_events", f"{ev.title} does not take up the next agenda unit", (k,))
            )
        if ev.kind == "closing":
            t_close = c.ix.t(m.date, m.slot)
            if t_close is not None:
                for o in c.meetings:
                    if o.body == ev.body and o.kind in FORMAL_KINDS and o is not m:
                        to = c.ix.t(o.date, o.slot)
                        if to is not None and to >= t_close:
                            out.append(
                                Violation(
                                    "fixed_events", f"{o.key} is held after the closing", (o.key,)
                                )
                            )
    return out


def committees(c: Checked) -> list[Violation]:
    """Committees meet after the opening and, when so marked, not during the closing."""
    out: list[Violation] = []
    t_open, t_close = c.fixed_t("opening"), c.fixed_t("closing")
    for body in c.problem.bodies:
        for m in c.meetings:
            if m.body != body.key or m.kind not in FORMAL_KINDS:
                continue
            t = c.ix.t(m.date, m.slot)
            if t is None:
                continue
            if body.meets_after_opening and t_open is not None and t <= t_open:
                out.append(
                    Violation(
                        "fixed_events",
                        f"{m.key}: the {body.name} meets before the opening",
                        (m.key,),
                    )
                )
            if body.meets_before_closing and t_close is not None and t >= t_close:
                out.append(
                    Violation(
                        "fixed_events",
                        f"{m.key}: the {body.name} meets during the closing",
                        (m.key,),
                    )
                )
    return out


def event_cells(c: Checked) -> list[Violation]:
    """What a fixed event takes is left to it: no other meeting of its body in its cells
    (a slot, or the formal slots its own times overlap); an event held in a room leaves
    no meeting in that room (bodies, ancillary meetings) at the same time."""
    out: list[Violation] = []
    problem = c.problem
    for ev in problem.fixed_events:
        if ev.single or ev.date is None:
            continue
        if ev.slot is not None:
            slots = {ev.slot}
        elif ev.start is not None and ev.end is not None:
            slots = {s.key for s in problem.slots if s.start < ev.end and ev.start < s.end}
        else:
            slots = set()
        own = ev.meeting_key
        for m in c.meetings:
            if m.key == own or m.date != ev.date or m.slot not in slots:
                continue
            if ev.body and m.body == ev.body:
                out.append(
                    Violation("fixed_events", f"{m.key} is held during {ev.title}", (m.key,))
                )
            elif not ev.body and ev.room is not None and m.room == ev.room:
                out.append(
                    Violation("fixed_events", f"{m.key} uses {ev.room} during {ev.title}", (m.key,))
                )
    return out
