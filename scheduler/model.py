"""Composes the rule families into one CP-SAT model.

Formulation (compact, no big-M): every unit to place is cut into *blocks* of
consecutive meetings (a cluster with hard consecutiveness is one block; a
workshop is one block on one day; the high-level segment is one block). A
block gets one boolean per feasible (body, start slot); a body's occupancy of a
slot is the sum of the booleans of the blocks covering it. Sizes are
blocks x bodies x slots. Ancillary meetings get one boolean per allowed
(day, slot); rooms are handled by counting constraints on capacity thresholds
(see rules/ancillary.py).

Every hard rule instance is registered with a name, a source and a sentence;
when explaining an infeasibility each instance gets an enforcement literal so
that CP-SAT can return the assumptions responsible (explain.py).

The variables and the helpers the rules share live in vars.py; the families and
their order in rules/__init__.py (the registry this module iterates).
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler import rules
from scheduler.problem import Problem
from scheduler.vars import Grid, ModelVars


def build_model(
    problem: Problem,
    *,
    explain: bool = False,
    previous: dict[str, tuple[dt.date, str, str]] | None = None,
    disabled: frozenset[str] = frozenset(),
    objective: bool = True,
) -> tuple[cp_model.CpModel, ModelVars]:
    """Build the model; `previous` maps meeting keys to (date, slot, body).

    `explain`: guard every hard rule instance with an enforcement literal.
    `disabled`: rule instance names left out (used to test subsets of rules).
    `objective`: add the soft preferences (not when only feasibility matters)."""
    model = cp_model.CpModel()
    mv = ModelVars(
        problem=problem,
        grid=Grid(problem),
        explain=explain,
        disabled=disabled,
        previous=previous or {},
    )
    for build in rules.RULES:
        build(problem, model, mv)
    if objective and not explain:
        for build in rules.PREFERENCES:
            build(problem, model, mv)
        model.minimize(sum(t.weight * t.expr for t in mv.terms))
    return model, mv
