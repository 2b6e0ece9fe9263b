"""Maximum duration including the pre-Congress consultations.

GA res. 67/184 (2015): the Thirteenth Congress 'should not exceed
eight days, including pre-Congress consultations' -- consultations on 11 April
so meetings end by 18 April although the dates say 12-19 April.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem
from scheduler.vars import ModelVars, forbid, impossible
from scheduler.wording import counted, long_date

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)
WORKING_SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def describe(problem: Problem) -> str:
    """'the congress lasts at most 8 days including the pre-Congress consultations
    (Saturday, 11 April 2015 to Saturday, 18 April 2015)'; '10 working days'."""
    d = problem.rules.duration
    assert d is not None
    first, last = problem.duration_first_day(), problem.last_allowed_day()
    unit = counted(d.days, "working day") if d.counts == "working" else counted(d.days, "day")
    pre = " including the pre-Congress consultations" if d.includes_pre_session else ""
    return f"the congress lasts at most {unit}{pre} ({long_date(first)} to {long_date(last)})"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    d = problem.rules.duration
    if d is None:
        return
    g = mv.grid
    last = problem.last_allowed_day()
    lit = mv.rule(
        model,
        "max_duration",
        "max_duration",
        SOURCE if d.includes_pre_session and d.counts == "calendar" else WORKING_SOURCE,
        describe(problem),
    )
    late = [
        v
        for blk in mv.blocks
        for b, s, v in mv.starts[blk.index]
        if g.date(mv.last(blk.index, b, s)) > last
    ]
    late += [v for opts in mv.anc.values() for dd, _, v in opts if g.days[dd] > last]
    for w in problem.workshops:  # side workshops, in their room's slots
        seq = problem.room_workshop_slots(w) if w.room else []
        late += [v for p, v in mv.room_ws.get(w.number, []) if seq[p + w.meetings - 1][0] > last]
    forbid(model, late, lit)
    for ev in problem.fixed_events:
        date = ev.date
        if ev.kind == "closing":
            ds = problem.closing_date_slot()
            date = ds[0] if ds else None
        if date is not None and date > last:
            impossible(model, lit)
