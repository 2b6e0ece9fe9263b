"""Checks of the bodies' first meetings and unavailable slots (rules/bodies.py)."""

from __future__ import annotations

from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import when


def first_meeting(c: Checked) -> list[Violation]:
    """A body with a fixed first meeting meets there and has no meeting before it."""
    out: list[Violation] = []
    for body in c.problem.bodies:
        if body.first_meeting is None:
            continue
        date, slot = body.first_meeting
        t0 = c.ix.t(date, slot)
        mine = [m for m in c.meetings if m.body == body.key and m.kind != "ancillary"]
        at = [m for m in mine if (m.date, m.slot) == (date, slot) and m.kind != "informal"]
        if not at:
            out.append(
                Violation(
                    "bodies",
                    f"the {body.name} does not meet on {when(c.problem, date, slot)}, "
                    "its first meeting",
                )
            )
        for m in mine:
            t = c.ix.t(m.date, m.slot)
            if (t is not None and t0 is not None and t < t0) or m.date < date:
                out.append(
                    Violation(
                        "bodies",
                        f"{m.key} is before the first meeting of the {body.name} "
                        f"({when(c.problem, date, slot)})",
                        (m.key,),
                    )
                )
    return out


def unavailable(c: Checked) -> list[Violation]:
    """A body holds no meeting (informal consultations included) where it is unavailable."""
    by_key = {b.key: b for b in c.problem.bodies}
    return [
        Violation(
            "bodies",
            f"{m.key}: the {by_key[m.body].name} does not meet on "
            f"{when(c.problem, m.date, m.slot)}",
            (m.key,),
        )
        for m in c.meetings
        if m.body in by_key and not by_key[m.body].available(m.date, m.slot)
    ]
