"""Capacity: interpretation teams and room sizes.

docs/UN-PRACTICE.md: interpretation teams cap how many formal meetings run at once
(three in 2010); informal consultations have no interpretation and do not
count. A body's room must seat its expected attendance.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem
from scheduler.vars import ModelVars, add, impossible

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)
ROOM_SOURCE = "A room's capacity at least the body's expected attendance"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    room_seats_body(problem, model, mv)
    interpretation_teams(problem, model, mv)


def room_seats_body(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A body's room seats its expected attendance."""
    for body in problem.bodies:
        room = problem.room(body.room)
        if room is not None and body.expected_attendance > room.capacity:
            lit = mv.rule(
                model,
                "capacity",
                f"capacity.room.{body.key}",
                ROOM_SOURCE,
                f"the {body.name} expects {body.expected_attendance} people but {room.name} "
                f"seats {room.capacity}",
            )
            impossible(model, lit)


def interpretation_teams(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Interpretation teams cap the formal meetings held at once."""
    g = mv.grid
    cap = problem.rules.max_parallel_meetings
    if cap is None:
        return
    lit = mv.rule(
        model,
        "capacity",
        "capacity.parallel",
        SOURCE,
        f"at most {cap} meetings with interpretation run at once (interpretation teams)",
    )
    for t in range(g.T):
        if not problem.slot(g.slot(t), g.date(t)).interpreted:
            continue  # no interpretation in this slot (its kind): nothing counts
        terms: list[cp_model.LinearExprT] = []
        const = 0
        for body in problem.bodies:
            if (body.key, t) in mv.fixed_at:
                const += 1  # the fixed event is that body's meeting in t
            else:
                terms.extend(mv.covering(body.key, t))
        d, s = g.day(t), g.slot(t)
        for ai, opts in mv.anc.items():
            if problem.ancillary[ai].interpretation:
                terms.extend(v for dd, ss, v in opts if dd == d and ss == s)
        if const > cap:
            impossible(model, lit)
        elif len(terms) + const > cap:
            add(model.add(sum(terms) + const <= cap), lit)
