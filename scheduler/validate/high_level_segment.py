"""Checks of the segments (rules/high_level_segment.py)."""

from __future__ import annotations

from scheduler import keys
from scheduler.problem import FORMAL_SLOT_KINDS, HighLevelSegment
from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def _window(c: Checked, h: HighLevelSegment) -> set[int]:
    """Cell positions inside the segment's window (independent of the model): its dates,
    or the first / last `window_days` days its body meets on."""
    ix, problem = c.ix, c.problem
    if h.anchor == "dates":
        dates = set(h.dates)
    else:
        first, last = problem.window_dates(h)
        dates = {d for d in ix.days if first <= d <= last}
    return {t for t, (d, _) in enumerate(ix.cells) if d in dates}


def segment(c: Checked) -> list[Violation]:
    """Each segment has its contiguous meetings, in formal slots, within its window."""
    out: list[Violation] = []
    for h in c.problem.all_segments:
        name = h.label
        meeting_keys = [keys.unit_meeting(h.key, h.body, n) for n in range(1, h.meetings + 1)]
        ts = [c.pos(k) for k in meeting_keys]
        if None in ts:
            out.append(Violation("high_level_segment", f"{name} lacks meetings"))
            continue
        # Contiguous among the body's formal cells; the window is days, over every cell.
        formal = [c.pos(k, FORMAL_SLOT_KINDS, h.body) for k in meeting_keys]
        if None in formal:
            out.append(Violation("high_level_segment", f"{name} is not in formal slots"))
            continue
        tsf = [t for t in formal if t is not None]
        if tsf != list(range(tsf[0], tsf[0] + h.meetings)):
            out.append(Violation("high_level_segment", f"{name}'s meetings are not contiguous"))
        inside = _window(c, h)
        if any(t not in inside for t in ts if t is not None):
            out.append(Violation("high_level_segment", f"{name} is outside its window"))
    return out
