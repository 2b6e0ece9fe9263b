"""Maximum duration including the pre-Congress consultations.

GA res. 67/184 (2015): the Thirteenth Congress 'should not exceed
eight days, including pre-Congress consultations' -- consultations on 11 April
so meetings end by 18 April although the dates say 12-19 April.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from scheduler.vars import ModelVars, forbid, impossible
from scheduler.wording import long_date

SOURCE = "GA res. 67/184: not exceeding eight days, including pre-Congress consultations"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    d = problem.rules.max_days_including_consultations
    if d is None:
        return
    g = mv.grid
    first, last = problem.first_day(), problem.last_allowed_day()
    lit = mv.rule(
        model,
        "max_duration",
        "max_duration",
        SOURCE,
        f"the congress lasts at most {d} days including the pre-Congress consultations "
        f"({long_date(first)} to {long_date(last)})",
    )
    late = [
        v
        for blk in mv.blocks
        for _, s, v in mv.starts[blk.index]
        if g.date(s + blk.length - 1) > last
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
