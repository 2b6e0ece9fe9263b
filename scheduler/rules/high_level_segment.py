"""The high-level segment (GA res. 56/119; 63/193 for 2010; first two days in 2015).

N contiguous meetings of one body inside a window of days anchored at the
start or at the end of the congress -- both are data of the congress.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import FORMAL_SLOT_KINDS, HighLevelSegment, Problem
from scheduler.vars import Block, ModelVars, add, forbid
from scheduler.wording import counted, long_date


def window(problem: Problem, h: HighLevelSegment, mv: ModelVars) -> tuple[int, int]:
    """First and last slot index (inclusive) of the segment's window."""
    g = mv.grid
    first, last = problem.window_dates(h)
    if last < first:
        return g.T, -1
    d0, d1 = g.day_index(first), g.day_index(last)
    assert d0 is not None and d1 is not None
    return g.first_from(d0), g.last_until(d1)


def describe_window(problem: Problem, h: HighLevelSegment, mv: ModelVars) -> str:
    lo, hi = window(problem, h, mv)
    g = mv.grid
    which = "first" if h.anchor == "start" else "last"
    body = next((b for b in problem.bodies if b.key == h.body), None)
    closed = any(not problem.meeting_day(d, body) for d in problem.days)
    days = counted(h.window_days, "meeting day" if closed else "day")
    if lo > hi:
        return f"the {which} {days} (no meeting slot)"
    return f"the {which} {days} ({long_date(g.date(lo))} to {long_date(g.date(hi))})"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    h = problem.high_level_segment
    if h is None:
        return
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
        "high_level_segment.meetings",
        h.source,
        f"the high-level segment needs {counted(h.meetings, 'contiguous meeting')} of the {name}",
        (h.body, h.meetings),
    )
    add(model.add(mv.placed(blk.index) == 1), lit)
    return blk


def segment_window(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, h: HighLevelSegment, blk: Block
) -> None:
    """The segment is held within its window of days (GA res. 63/193)."""
    lo, hi = window(problem, h, mv)
    wl = mv.rule(
        model,
        "high_level_segment",
        "high_level_segment.window",
        h.source,
        f"the high-level segment must be held within {describe_window(problem, h, mv)}",
        span=(h.body, lo, hi),
    )
    forbid(
        model,
        [v for b, t, v in mv.starts[blk.index] if t < lo or mv.last(blk.index, b, t) > hi],
        wl,
    )


def segment_near_anchor(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, h: HighLevelSegment, blk: Block
) -> None:
    """Preference: hug the anchor ("during the last two days" / "first two days")."""
    lo, hi = window(problem, h, mv)
    if problem.weights.segment_near_anchor:
        pen = model.new_int_var(0, mv.grid.T, "segment_distance")
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
            h.source,
            problem.weights.segment_near_anchor,
            pen,
            "slots between the high-level segment and its anchor",
        )
