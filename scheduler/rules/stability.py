"""Stability: when re-solving after a change, move as few meetings as possible
from the previous timetable (each moved meeting costs `weights.stability`)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler import keys
from scheduler.problem import Problem
from scheduler.vars import ModelVars

SOURCE = "Published timetables change as little as possible"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    previous = mv.previous
    w = problem.weights.stability
    if not previous or not w:
        return
    g = mv.grid
    stay: list[cp_model.LinearExprT] = []
    count = 0
    for blk in mv.blocks:
        for k in range(blk.length):
            n = blk.first_meeting + k
            # Workshop keys do not name a body; agenda and segment keys do.
            candidates = {blk.meeting_key(body, n) for body in blk.bodies}
            for key in sorted(candidates & previous.keys()):
                date, slot, pbody = previous[key]
                count += 1
                t = g.t(date, slot)
                if t is not None and pbody in blk.bodies:
                    stay.append(cp_model.LinearExpr.sum(mv.at_meeting(blk.index, pbody, k, t)))
    anc_index = {keys.ancillary_meeting(a.key): i for i, a in enumerate(problem.ancillary)}
    for key, (date, slot, _) in sorted(previous.items()):
        if key in anc_index:
            di = g.day_index(date)
            count += 1
            stay.append(
                cp_model.LinearExpr.sum(
                    [v for d, s, v in mv.anc[anc_index[key]] if d == di and s == slot]
                )
            )
    # Side workshops: each meeting where it was, in its room's sequence of slots.
    for ws in problem.workshops:
        if ws.room is None:
            continue
        seq = problem.room_workshop_slots(ws)
        for k in range(ws.meetings):
            was = previous.get(keys.workshop_meeting(ws.number, k + 1))
            if was is None:
                continue
            count += 1
            opts = mv.room_ws.get(ws.number, [])
            stay.append(cp_model.LinearExpr.sum([v for p, v in opts if seq[p + k] == was[:2]]))
    if count:
        mv.soft(
            "stability",
            SOURCE,
            w,
            count - sum(stay),
            "meetings moved from the previous timetable",
        )
