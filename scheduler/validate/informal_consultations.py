"""Informal consultations fill a body's empty slots while it exists.

No rule family posts this: extract.py fills the slots after the solve. It is
checked all the same, so that a hand-edited timetable keeps the annex's shape.
"""

from __future__ import annotations

from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import counted


def informal_consultations(c: Checked) -> list[Violation]:
    """Between its first meeting and its end, a body has no empty formal slot."""
    out: list[Violation] = []
    problem, ix, meetings = c.problem, c.ix, c.meetings
    if not problem.rules.informal_consultations:
        return out
    t_close = c.fixed_t("closing")
    last = problem.last_allowed_day()
    horizon = ix.last_until(ix.days.index(last)) if last in ix.days else len(ix.cells) - 1
    for body in problem.bodies:
        ts4 = sorted(
            t for m in meetings if m.body == body.key and (t := ix.t(m.date, m.slot)) is not None
        )
        if not ts4:
            continue
        end = horizon
        closing = problem.fixed("closing")
        if t_close is not None and closing is not None:
            if closing.body == body.key:
                end = t_close
            elif body.meets_before_closing:
                end = t_close - 1
        taken = {
            t
            for m in meetings
            if m.body != body.key
            and body.room
            and m.room == body.room
            and (t := ix.t(m.date, m.slot)) is not None
        }
        taken |= _taken_by_events(c, body.key)
        # Cells where the body may not meet (unavailable, excluded) stay empty.
        closed = {
            t for t in range(ts4[0], end + 1) if not problem.body_may_meet(body, *ix.cells[t])
        }
        missing = sorted(set(range(ts4[0], end + 1)) - set(ts4) - taken - closed)
        if missing:
            out.append(
                Violation(
                    "informal_consultations",
                    f"the {body.name} has {counted(len(missing), 'empty slot')} "
                    "without informal consultations",
                )
            )
    return out


def _taken_by_events(c: Checked, body: str) -> set[int]:
    """Cells that the body's events held at their own times overlap."""
    out: set[int] = set()
    for ev in c.problem.fixed_events:
        if ev.body != body or ev.single or ev.slot is not None or ev.date is None:
            continue
        if ev.start is None or ev.end is None:
            continue
        for s in c.problem.slots_of(ev.date):
            if s.bodies_meet and s.start < ev.end and ev.start < s.end:
                t = c.ix.t(ev.date, s.key)
                if t is not None:
                    out.add(t)
    return out
