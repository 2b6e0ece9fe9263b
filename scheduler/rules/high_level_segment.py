"""Segments: the high-level segment (GA res. 56/119; 63/193 for 2010; first two days
in 2015) and any other segment of the congress (a treaty event segment, a special
segment in the middle days).

N contiguous meetings of one body inside a window of days anchored at the start or
at the end of the congress, or given as dates -- all data of the congress.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler import keys
from scheduler.problem import DEFAULT_SOURCE, FORMAL_SLOT_KINDS, HighLevelSegment, Problem
from scheduler.vars import Block, Grid, ModelVars, add, forbid
from scheduler.wording import counted, date_span

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def window_days(problem: Problem, h: HighLevelSegment, days: list[dt.date]) -> list[int]:
    """Indices (in `days`) of the days of the segment's window: its dates, or from the
    first to the last of the `window_days` days its body meets on at the start or the
    end (a closed weekend is not one of them)."""
    if h.anchor == "dates":
        return sorted(i for i, d in enumerate(days) if d in set(h.dates))
    first, last = problem.window_dates(h)
    return [i for i, d in enumerate(days) if first <= d <= last]


def window(problem: Problem, h: HighLevelSegment, mv: ModelVars) -> tuple[int, int]:
    """First and last slot index (inclusive) of the segment's window."""
    g = mv.grid
    ds = window_days(problem, h, g.days)
    if not ds:
        return g.T, -1
    return g.first_from(ds[0]), g.last_until(ds[-1])


def allowed_slots(problem: Problem, h: HighLevelSegment, g: Grid) -> set[int]:
    """Cells inside the window (a window of dates may have gaps)."""
    days = set(window_days(problem, h, g.days))
    return {t for t in range(g.T) if g.day(t) in days}


def describe_window(problem: Problem, h: HighLevelSegment, mv: ModelVars) -> str:
    g = mv.grid
    ds = [g.days[i] for i in window_days(problem, h, g.days)]
    if h.anchor == "dates":
        shown = list(h.dates)
        return date_span(shown) if shown else "no day"
    which = "first" if h.anchor == "start" else "last"
    body = next((b for b in problem.bodies if b.key == h.body), None)
    closed = any(not problem.meeting_day(d, body) for d in problem.days)
    days = counted(h.window_days, "meeting day" if closed else "day")
    lo, hi = window(problem, h, mv)
    if lo > hi:
        return f"the {which} {days} (no meeting slot)"
    return f"the {which} {days} ({date_span(ds)})"


def _name(h: HighLevelSegment, rule: str) -> str:
    """ "high_level_segment.window"; "high_level_segment.segment-treaty.window"."""
    if h.key == keys.HIGH_LEVEL_SEGMENT:
        return f"high_level_segment.{rule}"
    return f"high_level_segment.{h.key}.{rule}"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    for h in problem.all_segments:
        blk = segment_meetings(problem, model, mv, h)
        segment_window(problem, model, mv, h, blk)
        segment_near_anchor(problem, model, mv, h, blk)


def segment_meetings(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, h: HighLevelSegment
) -> Block:
    """The segment takes its number of contiguous meetings of one body."""
    blk = mv.add_block(
        model,
        Block(
            index=mv.next_block_index(),
            unit=h.key,
            kind="high-level",
            first_meeting=1,
            length=h.meetings,
            bodies=(h.body,),
            kinds=FORMAL_SLOT_KINDS,
        ),
    )
    name = problem.body(h.body).name
    lit = mv.rule(
        model,
        "high_level_segment",
        _name(h, "meetings"),
        SOURCE,
        f"{h.label} needs {counted(h.meetings, 'contiguous meeting')} of the {name}",
        (h.body, h.meetings),
        own=h.source,
    )
    add(model.add(mv.placed(blk.index) == 1), lit)
    return blk


def segment_window(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, h: HighLevelSegment, blk: Block
) -> None:
    """The segment is held within its window of days (GA res. 63/193)."""
    lo, hi = window(problem, h, mv)
    inside = allowed_slots(problem, h, mv.grid)
    wl = mv.rule(
        model,
        "high_level_segment",
        _name(h, "window"),
        SOURCE,
        f"{h.label} must be held within {describe_window(problem, h, mv)}",
        span=(h.body, lo, hi),
        own=h.source,
    )
    forbid(
        model,
        [
            v
            for b, t, v in mv.starts[blk.index]
            if any(x not in inside for x in mv.spans[blk.index][(b, t)])
        ],
        wl,
    )


def segment_near_anchor(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, h: HighLevelSegment, blk: Block
) -> None:
    """Preference: hug the anchor ("during the last two days" / "first two days"); a
    window of dates has no anchor to hug."""
    if h.anchor == "dates":
        return
    lo, hi = window(problem, h, mv)
    if problem.weights.segment_near_anchor:
        pen = model.new_int_var(
            0,
            mv.grid.T,
            "segment_distance" if h.key == keys.HIGH_LEVEL_SEGMENT else f"segment_distance_{h.key}",
        )
        if h.anchor == "start":
            model.add(pen >= mv.start(blk.index) - lo)
        else:
            target = hi
            closing = problem.closing_date_slot()
            c = problem.fixed("closing")
            if closing is not None and c is not None and c.body == h.body:
                tc = mv.grid.t(*closing)
                if tc is not None and lo <= tc <= hi:
                    target = tc - 1  # the closing takes the body's last meeting
            model.add(pen >= target - mv.end(blk.index))
        mv.soft(
            "segment_near_anchor",
            SOURCE,
            problem.weights.segment_near_anchor,
            pen,
            f"slots between {h.label} and its anchor",
            own=h.source,
        )
