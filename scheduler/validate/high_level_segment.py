"""Checks of the high-level segment (rules/high_level_segment.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.problem import FORMAL_SLOT_KINDS
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def segment(c: Checked) -> list[Violation]:
    """The segment has its contiguous meetings within its window of days."""
    out: list[Violation] = []
    problem, ix = c.problem, c.ix
    h = problem.high_level_segment
    if h is None:
        return out
    ts3 = [c.pos(keys.unit_meeting(h.key, h.body, n)) for n in range(1, h.meetings + 1)]
    if None in ts3:
        out.append(Violation("high_level_segment", "the high-level segment lacks meetings"))
        return out
    # Contiguous among the formal cells; the window is days, over every cell.
    formal = [
        c.pos(keys.unit_meeting(h.key, h.body, n), FORMAL_SLOT_KINDS, h.body)
        for n in range(1, h.meetings + 1)
    ]
    if None in formal:
        out.append(Violation("high_level_segment", "the high-level segment is not in formal slots"))
        return out
    tsf = [t for t in formal if t is not None]
    tsi = [t for t in ts3 if t is not None]
    if tsf != list(range(tsf[0], tsf[0] + h.meetings)):
        out.append(
            Violation("high_level_segment", "the high-level segment's meetings are not contiguous")
        )
    first, last = problem.window_dates(h)
    if last < first:
        lo, hi = len(ix.cells), -1
    else:
        lo, hi = ix.first_from(ix.days.index(first)), ix.last_until(ix.days.index(last))
    if min(tsi) < lo or max(tsi) > hi:
        out.append(Violation("high_level_segment", "the high-level segment is outside its window"))
    return out
