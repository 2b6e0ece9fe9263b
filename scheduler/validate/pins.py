"""Checks of pins and exclusions (rules/pins.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def pins(c: Checked) -> list[Violation]:
    """A pinned meeting is where the organizer put it."""
    out: list[Violation] = []
    for p in c.problem.pins:
        cand = [
            m for m in c.meetings if any(keys.is_meeting_of(k, p.target, p.meeting) for k in m.keys)
        ]
        if (
            not cand
            or cand[0].date != p.date
            or cand[0].slot != p.slot
            or (p.body and cand[0].body != p.body)
        ):
            out.append(
                Violation(
                    "pins",
                    f"the pin of {p.target} (meeting {p.meeting}) on {p.date} {p.slot} is not kept",
                )
            )
    return out


def exclusions(c: Checked) -> list[Violation]:
    """No meeting of an excluded body or unit in the excluded days and slots."""
    out: list[Violation] = []
    for e in c.problem.exclusions:
        for m in c.meetings:
            if m.kind == "informal":
                continue
            if e.body is not None and m.body != e.body:
                continue
            if e.target is not None and not any(keys.names_target(k, e.target) for k in m.keys):
                continue
            if e.body is None and e.target is None:
                continue
            if (e.dates is None or m.date in e.dates) and (not e.slots or m.slot in e.slots):
                if m.kind in ("opening", "closing", "pre-congress") and e.target is None:
                    continue
                out.append(Violation("exclusions", f"{m.key} is in an excluded slot", (m.key,)))
    return out
