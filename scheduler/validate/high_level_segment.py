"""Checks of segments: the high-level segment and the others (rules/high_level_segment.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.problem import HighLevelSegment
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def _window(c: Checked, h: HighLevelSegment) -> set[int]:
    """Cell positions inside the segment's window (independent of the model)."""
    ix, problem = c.ix, c.problem
    if h.anchor == "dates":
        days = [i for i, d in enumerate(ix.days) if d in set(h.dates)]
    elif h.anchor == "start":
        days = list(range(min(len(ix.days), h.window_days)))
    else:
        last = problem.last_allowed_day()
        d1 = ix.days.index(last) if last in ix.days else len(ix.days) - 1
        days = list(range(max(0, d1 - h.window_days + 1), d1 + 1))
    dates = {ix.days[i] for i in days}
    return {t for t, (d, _) in enumerate(ix.cells) if d in dates}


def segment(c: Checked) -> list[Violation]:
    """Each segment has its contiguous meetings within its window of days."""
    out: list[Violation] = []
    for h in c.problem.all_segments:
        name = h.label
        ts = [c.pos(keys.unit_meeting(h.key, h.body, n)) for n in range(1, h.meetings + 1)]
        if None in ts:
            out.append(Violation("high_level_segment", f"{name} lacks meetings"))
            continue
        tsi = [t for t in ts if t is not None]
        if tsi != list(range(tsi[0], tsi[0] + h.meetings)):
            out.append(Violation("high_level_segment", f"{name}'s meetings are not contiguous"))
        inside = _window(c, h)
        if any(t not in inside for t in tsi):
            out.append(Violation("high_level_segment", f"{name} is outside its window"))
    return out
