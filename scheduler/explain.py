"""Explain an infeasible problem: the smallest set of conflicting rules.

Each hard rule instance is guarded by an enforcement literal; all literals are
assumptions. CP-SAT returns a sufficient subset
(`SufficientAssumptionsForInfeasibility`), which is then shrunk by deletion
until every remaining rule is needed (a minimal conflicting set). When the
assumptions solve does not conclude in time (enforcement literals weaken the
relaxation of large models), subsets are tested on rebuilt models instead:
whole rule families first, then single instances.
"""

from __future__ import annotations

import time
from typing import Any

from ortools.sat.python import cp_model

from scheduler.model import build_model
from scheduler.parameters import SolverParameters, solver_for
from scheduler.problem import Problem
from scheduler.rules.ancillary import allowed_slots, free_rooms
from scheduler.vars import RuleInstance
from scheduler.wording import counted, long_date, unit_label


def _solve(
    model: cp_model.CpModel, lits: list[cp_model.IntVar], time_limit_s: float
) -> tuple[Any, list[int]]:
    model.clear_assumptions()
    model.add_assumptions(lits)
    solver = solver_for(SolverParameters(time_limit_s))  # one worker: assumption cores
    status = solver.solve(model)
    core = (
        list(solver.sufficient_assumptions_for_infeasibility())
        if status == cp_model.INFEASIBLE
        else []
    )
    return status, core


def conflicting_rules(problem: Problem, *, time_limit_s: float = 10.0) -> list[RuleInstance] | None:
    """A minimal set of rule instances that cannot hold together, or None if
    the rules are satisfiable (or nothing could be isolated in time).

    `time_limit_s` bounds the whole search; if shrinking runs out of time the
    set returned is sufficient but perhaps not minimal (see `explain_infeasibility`).
    """
    rules, _ = _conflicting_rules(problem, time_limit_s)
    return rules


def _conflicting_rules(
    problem: Problem, time_limit_s: float
) -> tuple[list[RuleInstance] | None, bool]:
    deadline = time.monotonic() + time_limit_s
    model, mv = build_model(problem, explain=True)
    guarded = [r for r in mv.rules if r.lit is not None]
    by_index = {r.lit.index: r for r in guarded if r.lit is not None}
    status, core = _solve(model, [r.lit for r in guarded if r.lit is not None], time_limit_s / 3)
    if status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
        return None, True
    if status != cp_model.INFEASIBLE:
        # Enforcement literals weaken the linear relaxation; on large models
        # the assumptions solve may not conclude. Test subsets by rebuilding.
        return _by_rebuilding(problem, mv.rules, deadline)
    current = [by_index[i] for i in core if i in by_index] or guarded
    # Deletion-based shrinking; stable order (registration order) keeps it
    # deterministic.
    order = {id(r): n for n, r in enumerate(mv.rules)}
    current.sort(key=lambda r: order[id(r)])
    i = 0
    minimal = True
    while i < len(current):
        left = deadline - time.monotonic()
        if left <= 0:
            minimal = False  # out of time: sufficient, maybe not minimal
            break
        trial = current[:i] + current[i + 1 :]
        st, sub = _solve(model, [r.lit for r in trial if r.lit is not None], left)
        if st == cp_model.INFEASIBLE:
            keep = {by_index[j].name for j in sub if j in by_index}
            current = [r for r in trial if r.name in keep] if keep else trial
            # Restart from the position: earlier rules were already needed.
            i = min(i, len(current))
        else:
            i += 1
    return current, minimal


def _infeasible_with(problem: Problem, disabled: frozenset[str], time_limit_s: float) -> bool:
    """True when the rules minus `disabled` are proven impossible."""
    model, _ = build_model(problem, disabled=disabled, objective=False)
    solver = solver_for(SolverParameters(max(0.01, time_limit_s)))
    return bool(solver.solve(model) == cp_model.INFEASIBLE)


def _by_rebuilding(
    problem: Problem, rules: list[RuleInstance], deadline: float
) -> tuple[list[RuleInstance] | None, bool]:
    """Deletion on rebuilt models (no enforcement literals): whole families
    first, then single instances."""
    every = frozenset(r.name for r in rules)
    current = list(rules)
    minimal = True

    def still_infeasible(trial: list[RuleInstance]) -> bool | None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        return _infeasible_with(problem, every - {r.name for r in trial}, left)

    for family in dict.fromkeys(r.family for r in rules):
        trial = [r for r in current if r.family != family]
        verdict = still_infeasible(trial)
        if verdict is None:
            minimal = False
            break
        if verdict:
            current = trial
    if minimal:
        for r in list(current):
            trial = [x for x in current if x is not r]
            verdict = still_infeasible(trial)
            if verdict is None:
                minimal = False
                break
            if verdict:
                current = trial
    if len(current) == len(rules):
        return None, False
    return current, minimal


def _arithmetic(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """When a body's slots are too few for what the rules ask, say so in numbers."""
    out: list[str] = []
    formal = sum(1 for s in problem.slots if s.formal)
    days = (problem.last_allowed_day() - problem.start_date).days + 1
    for body in problem.bodies:
        if not any(r.name == f"grid.{body.key}" for r in rules):
            continue
        need = sum(r.demand[1] for r in rules if r.demand and r.demand[0] == body.key)
        have = max(0, days) * formal
        if need > have:
            out.append(
                f"Together they ask for {need} meetings of the {body.name}, which has only "
                f"{have} slots from {long_date(problem.start_date)} to "
                f"{long_date(problem.last_allowed_day())}."
            )
    # Side events against the room-slots free for them.
    names = {r.name for r in rules}
    if {"ancillary.held", "ancillary.rooms"} <= names and problem.ancillary:
        days = (problem.last_allowed_day() - problem.start_date).days + 1
        slots = {s for a in problem.ancillary for s in allowed_slots(problem, a.slots)}
        supply = days * sum(len(free_rooms(problem, s)) for s in slots)
        largest = max(a.attendance for a in problem.ancillary)
        big = sum(1 for r in problem.rooms if r.capacity >= largest)
        out.append(
            f"Together they ask for rooms for {len(problem.ancillary)} ancillary meetings; "
            f"the free rooms offer at most {counted(supply, 'room-slot')}, and "
            f"{counted(big, 'room')} {'seats' if big == 1 else 'seat'} the largest "
            f"({largest} people)."
        )
    out += _unit_days(problem, rules)
    # A window (the high-level segment's) squeezed by fixed events and pins.
    for w in rules:
        if w.span is None:
            continue
        body_key, lo, hi = w.span
        body = problem.body(body_key)
        need = sum(
            r.demand[1]
            for r in rules
            if r.demand and r.demand[0] == body_key and r.family == w.family
        )
        takers = [r for r in rules if any(b == body_key and lo <= t <= hi for b, t in r.takes)]
        taken = {(b, t) for r in takers for b, t in r.takes if b == body_key and lo <= t <= hi}
        size = hi - lo + 1
        if need and takers:
            who = " and ".join(r.label or r.name for r in takers)
            free = [t for t in range(lo, hi + 1) if (body_key, t) not in taken]
            run = best = 0
            for t in range(lo, hi + 1):
                run = run + 1 if (body_key, t) not in taken else 0
                best = max(best, run)
            verb = "takes" if len(takers) == 1 else "take"
            out.append(
                f"The window holds {size} meetings of the {body.name}; {who} {verb} "
                f"{len(taken)}, which leaves {len(free)} (at most {best} in a row) "
                f"for the {need} contiguous meetings needed."
            )
        elif need > size:
            out.append(f"The window holds only {size} meetings of the {body.name}.")
    return out


def _unit_days(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """A unit whose days hold fewer meetings than it needs, in numbers."""
    out: list[str] = []
    names = {r.name for r in rules}
    formal = sum(1 for s in problem.slots if s.formal)
    for u in problem.units:
        if f"clusters.{u.key}.days" not in names or f"clusters.{u.key}" not in names:
            continue
        lo, hi = u.earliest or problem.start_date, u.latest or problem.end_date
        days = max(0, (hi - lo).days + 1)
        have = days * formal
        if u.meetings > have:
            out.append(
                f"{unit_label(u)[:1].upper()}{unit_label(u)[1:]} needs "
                f"{counted(u.meetings, 'meeting')}; its {counted(days, 'day')} "
                f"{'holds' if days == 1 else 'hold'} {counted(have, 'meeting slot')} "
                "of one body."
            )
    return out


def explain_infeasibility(problem: Problem, *, time_limit_s: float = 10.0) -> tuple[list[str], str]:
    """(rule instance names, explanation in plain words)."""
    rules, minimal = _conflicting_rules(problem, time_limit_s)
    if rules is None:
        return [], (
            "No timetable satisfies all the rules, but no smaller conflicting set could be "
            "isolated within the time limit."
        )
    lines = [f"- {r.description} ({r.source})" for r in rules]
    lines += _arithmetic(problem, rules)
    head = (
        "No timetable satisfies these rules together"
        if minimal
        else "No timetable satisfies these rules together (the search for the smallest "
        "set ran out of time; some may not be needed)"
    )
    text = (
        head
        + ":\n"
        + "\n".join(lines)
        + "\nChange or relax one of them (a date, a number of meetings, a pin or a window)."
    )
    return [r.name for r in rules], text
