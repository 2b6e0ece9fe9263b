"""When a body meets: its fixed first meeting and the days and slots it may not use.

"The Committee of the Whole starts Monday 15:00" (a commission session's organization of
work): `body.first_meeting` -- no meeting of the body before it, and the body meets in
that cell. `body.unavailable`: days and/or slots the body may not meet in (its room is
taken, its members attend another body); no informal consultations are shown there.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import Body, Problem
from scheduler.vars import ModelVars, add, forbid, impossible, impossible_together, lit_of
from scheduler.wording import long_date, slot_name, when

SOURCE = "The organization of work: the body's first meeting and the days it meets"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    for body in problem.bodies:
        first_meeting(problem, model, mv, body)
        unavailable(problem, model, mv, body)


def first_meeting(problem: Problem, model: cp_model.CpModel, mv: ModelVars, body: Body) -> None:
    """The body's first meeting is held on its date and slot, and none before it."""
    if body.first_meeting is None:
        return
    date, slot = body.first_meeting
    g = mv.grid
    t0 = g.t(date, slot)
    lit = mv.rule(
        model,
        "bodies",
        f"bodies.first_meeting.{body.key}",
        SOURCE,
        f"the {body.name} holds its first meeting on {when(problem, date, slot)}",
        label=f"the first meeting of the {body.name}",
    )
    if t0 is None:
        impossible(model, lit)
        return
    early = [v for blk in mv.blocks for b, s, v in mv.starts[blk.index] if b == body.key and s < t0]
    forbid(model, early, lit)
    early_fixed = [kind for (b, t), kind in mv.fixed_at.items() if b == body.key and t < t0]
    for kind in early_fixed:
        impossible_together(model, [lit_of(mv, f"fixed_events.{kind}"), lit])
    if (body.key, t0) not in mv.fixed_at:
        cov = mv.covering(body.key, t0)
        if cov:
            add(model.add(sum(cov) == 1), lit)
        else:
            impossible(model, lit)


def unavailable(problem: Problem, model: cp_model.CpModel, mv: ModelVars, body: Body) -> None:
    """The body does not meet in the days and slots it is unavailable."""
    g = mv.grid
    for i, u in enumerate(body.unavailable):
        ts = {t for t in range(g.T) if u.covers(g.date(t), g.slot(t))}
        dates = "; ".join(long_date(d) for d in u.dates) if u.dates is not None else "every day"
        slots = f" ({', '.join(slot_name(problem, s) for s in u.slots)})" if u.slots else ""
        lit = mv.rule(
            model,
            "bodies",
            f"bodies.unavailable.{body.key}.{i}",
            SOURCE,
            f"the {body.name} does not meet on {dates}{slots}",
        )
        bad = [
            v
            for blk in mv.blocks
            for b, s, v in mv.starts[blk.index]
            if b == body.key and any(t in ts for t in mv.span(blk.index, b, s))
        ]
        forbid(model, bad, lit)
        for (b, t), kind in mv.fixed_at.items():
            if b == body.key and t in ts:
                impossible_together(model, [lit_of(mv, f"fixed_events.{kind}"), lit])
