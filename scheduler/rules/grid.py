"""The grid: days x meeting slots; a body meets at most once per slot.

Bodies sharing a room cannot meet at the same time either.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem
from scheduler.vars import ModelVars, add

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    one_meeting_per_slot(problem, model, mv)
    shared_rooms(problem, model, mv)


def one_meeting_per_slot(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A body meets at most once per slot (A/CONF.213/1 annex)."""
    g = mv.grid
    for body in problem.bodies:
        lit = mv.rule(
            model,
            "grid",
            f"grid.{body.key}",
            SOURCE,
            f"the {body.name} meets at most once per slot",
        )
        for t in range(g.T):
            cov = mv.covering(body.key, t)
            if len(cov) > 1:
                add(model.add(sum(cov) <= 1), lit)


def shared_rooms(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Bodies that share a room never meet at the same time."""
    g = mv.grid
    by_room: dict[str, list[str]] = {}
    for body in problem.bodies:
        if body.room:
            by_room.setdefault(body.room, []).append(body.key)
    for room, keys in sorted(by_room.items()):
        if len(keys) < 2:
            continue
        lit = mv.rule(
            model,
            "rooms",
            f"rooms.{room}",
            "One meeting per room at a time",
            f"{', '.join(problem.body(k).name for k in keys)} share {room}",
        )
        for t in range(g.T):
            cov = [v for k in keys for v in mv.covering(k, t)]
            if len(cov) > 1:
                add(model.add(sum(cov) <= 1), lit)
