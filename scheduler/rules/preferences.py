"""Cross-cutting preference: formal debate early, informal consultations later.

A/CONF.213/1: the report (item 11) is adopted at the end and drafted during the
congress; GA res. 63/193 places the segment so that leaders can focus on the
substantive items. The annex accordingly takes up the substantive items and
workshops first and leaves informal consultations to the last days.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem
from scheduler.vars import ModelVars

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    compact_bodies(problem, model, mv)
    formal_meetings_early(problem, model, mv)


def formal_meetings_early(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Formal debate early: the later a formal meeting, the more it costs."""
    w = problem.weights.formal_meetings_early
    if not w:
        return
    # Sum of the slot indices of every agenda and workshop meeting.
    # (The slot indices of a block starting in s sum to L*s + L(L-1)/2 on a run of
    # successive cells; the constant is left out, as it always was.)
    expr = sum(
        cp_model.LinearExpr.weighted_sum(
            [v for _, _, v in mv.starts[blk.index]],
            [
                sum(mv.span(blk.index, b, s)) - blk.length * (blk.length - 1) // 2
                for b, s, _ in mv.starts[blk.index]
            ],
        )
        for blk in mv.blocks
        if blk.kind in ("agenda", "workshop")
    )
    mv.soft("formal_meetings_early", SOURCE, w, expr, "sum of slot indices of formal meetings")


COMPACT_SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def compact_bodies(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Idle slots between a body's first and last formal meeting cost."""
    w = problem.weights.compact_bodies
    if not w:
        return
    g = mv.grid
    for body in problem.bodies:
        opts = [
            (s, mv.last(blk.index, b, s), blk.length, v)
            for blk in mv.blocks
            for b, s, v in mv.starts[blk.index]
            if b == body.key
        ]
        if not opts:
            continue
        fixed = [t for (b, t), _ in mv.fixed_at.items() if b == body.key]
        first = model.new_int_var(0, g.T - 1, f"first_{body.key}")
        last = model.new_int_var(0, g.T - 1, f"last_{body.key}")
        for t in fixed:
            model.add(first <= t)
            model.add(last >= t)
        for s, end, _, v in opts:
            model.add(first <= s).only_enforce_if(v)
            model.add(last >= end).only_enforce_if(v)
        # Meetings held: fixed events not shared with a block, plus blocks.
        shared = [v for t in fixed for v in mv.covering(body.key, t)]
        held = len(fixed) + sum(length * v for _, _, length, v in opts) - sum(shared)
        idle = model.new_int_var(0, g.T, f"idle_{body.key}")
        model.add(idle >= last - first + 1 - held)
        mv.soft("compact_bodies", COMPACT_SOURCE, w, idle, f"idle slots of the {body.name}")
