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

import datetime as dt
import time
from typing import Any

from ortools.sat.python import cp_model

from scheduler.model import build_model
from scheduler.parameters import SolverParameters, solver_for
from scheduler.problem import Body, Problem
from scheduler.rules.ancillary import allowed_slots, free_rooms
from scheduler.vars import RuleInstance
from scheduler.wording import closed_reason, counted, date_span, long_date, unit_label, when


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


def _formal_cells(
    problem: Problem, body: Body, first: tuple[dt.date, str] | None = None
) -> list[tuple[dt.date, str]]:
    """The cells of the session where the body may hold formal meetings (from `first`)."""
    cells = problem.cells()
    start = cells.index(first) if first in cells else 0
    last = problem.last_allowed_day()
    return [
        (d, s)
        for d, s in cells[start:]
        if problem.start_date <= d <= last
        and problem.slot(s, d).formal
        and problem.body_may_meet(body, d, s)
        and (first is None or d >= first[0])
    ]


def _formal_need(problem: Problem, body: Body) -> int:
    """Formal meetings the body's agenda units and the segment need of it."""
    need = sum(u.meetings for u in problem.units if u.body == body.key)
    h = problem.high_level_segment
    return need + (h.meetings if h is not None and h.body == body.key else 0)


def _slot_word(problem: Problem) -> str:
    """'slot', or 'formal slot' when some slots of the grid are for other work."""
    informal = any(not problem.slot(s, d).formal for d, s in problem.cells())
    return "formal slot" if informal else "slot"


def _closed_days(problem: Problem) -> str:
    """'; no meetings on Saturday, 17 April 2010 (weekend)', or ''."""
    closed = [d for d in problem.days if not problem.meeting_day(d)]
    if not closed:
        return ""
    return "; no meetings on " + " and ".join(
        f"{long_date(d)} ({closed_reason(problem, d)})" for d in closed
    )


def _arithmetic(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """When a body's slots are too few for what the rules ask, say so in numbers."""
    out: list[str] = []
    last = problem.last_allowed_day()
    for body in problem.bodies:
        need = sum(r.demand[1] for r in rules if r.demand and r.demand[0] == body.key)
        have = len(_formal_cells(problem, body))
        if not any(r.name == f"grid.{body.key}" for r in rules) and need <= have:
            continue
        if need > have:
            out.append(
                f"Together they ask for {need} meetings of the {body.name}, which has only "
                f"{counted(have, _slot_word(problem))} {_from_to(problem.start_date, last)}"
                f"{_closed_days(problem)}."
            )
    for body in problem.bodies:
        if body.first_meeting is None or not any(
            r.name == f"bodies.first_meeting.{body.key}" for r in rules
        ):
            continue
        need = _formal_need(problem, body)
        have = len(_formal_cells(problem, body, body.first_meeting))
        if need > have:
            out.append(
                f"The {body.name} needs {counted(need, 'meeting')} and has "
                f"{counted(have, _slot_word(problem))} from its first meeting "
                f"({when(problem, *body.first_meeting)}) to the end of the session "
                f"({long_date(last)}){_closed_days(problem)}."
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
    out += _parallel_cap(problem, rules)
    out += _shared_rooms(problem, rules)
    # A window (a segment's) squeezed by fixed events and pins.
    for w in rules:
        if w.span is None:
            continue
        body_key, lo, hi = w.span
        body = problem.body(body_key)
        group = w.name.rsplit(".", 1)[0]
        need = sum(
            r.demand[1]
            for r in rules
            if r.demand and r.demand[0] == body_key and r.name.rsplit(".", 1)[0] == group
        )
        takers = [r for r in rules if any(b == body_key and lo <= t <= hi for b, t in r.takes)]
        taken = {(b, t) for r in takers for b, t in r.takes if b == body_key and lo <= t <= hi}
        cells = problem.cells()
        # The window's cells the body may hold the segment in: formal, not unavailable
        # (contiguity counts among them, as the model does).
        usable = [
            t
            for t in range(lo, hi + 1)
            if problem.slot(cells[t][1], cells[t][0]).formal and body.available(*cells[t])
        ]
        size = len(usable)
        span = f" ({date_span(sorted({cells[t][0] for t in usable}))})" if usable else ""
        if need and takers:
            who = " and ".join(r.label or r.name for r in takers)
            free = [t for t in usable if (body_key, t) not in taken]
            run = best = 0
            for t in usable:
                run = run + 1 if (body_key, t) not in taken else 0
                best = max(best, run)
            verb = "takes" if len(takers) == 1 else "take"
            out.append(
                f"The window{span} holds {counted(size, 'meeting')} of the {body.name}; "
                f"{who} {verb} "
                f"{len(taken)}, which leaves {len(free)} (at most {best} in a row) "
                f"for the {need} contiguous meetings needed."
            )
        elif need > size:
            out.append(
                f"The window{span} holds only {counted(size, 'meeting')} of the {body.name}."
            )
    return out


def _from_to(first: dt.date, last: dt.date) -> str:
    """'from Monday, 12 April 2010 to Monday, 19 April 2010', or 'on <day>' for one day."""
    if first == last:
        return f"on {long_date(first)}"
    return f"from {long_date(first)} to {long_date(last)}"


def _asked(rules: list[RuleInstance], bodies: set[str] | None = None) -> int:
    """Meetings the rules in the set ask for (of `bodies`, or of any body): each rule's
    demand, and the cells a fixed event takes when it states no demand."""
    need = 0
    for r in rules:
        if r.demand is not None:
            if bodies is None or r.demand[0] in bodies:
                need += r.demand[1]
        elif r.family == "fixed_events":
            need += sum(1 for b, _ in r.takes if bodies is None or b in bodies)
    return need


def _parallel_cap(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """'Together they ask for 31 meetings; at most 3 meetings with interpretation at once
    in 10 slots with interpretation make 30 places.'"""
    cap = problem.rules.max_parallel_meetings
    if cap is None or not any(r.name == "capacity.parallel" for r in rules):
        return []
    last = problem.last_allowed_day()
    cells = [(d, s) for d, s in problem.cells() if problem.start_date <= d <= last]
    interpreted = [c for c in cells if problem.slot(c[1], c[0]).interpreted]
    others = [c for c in cells if problem.slot(c[1], c[0]).formal and c not in interpreted]
    need = _asked(rules)
    line = (
        f"Together they ask for {counted(need, 'meeting')}; at most {cap} "
        f"{'meeting' if cap == 1 else 'meetings'} with interpretation at once in "
        f"{counted(len(interpreted), 'slot')} with interpretation make "
        f"{counted(cap * len(interpreted), 'place')}"
    )
    if others:
        line += (
            f", and {counted(len(others), 'slot')} without interpretation add "
            f"{counted(len(others) * len(problem.bodies), 'place')} at most"
        )
    return [line + "."]


def _shared_rooms(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """'The Plenary and Committee I share the Plenary Hall: together they ask for 21
    meetings, and the room has 20 slots.'"""
    out: list[str] = []
    last = problem.last_allowed_day()
    for r in rules:
        if r.family != "rooms" or not r.name.startswith("rooms."):
            continue
        room = r.name.split(".", 1)[1]
        sharing = [b for b in problem.bodies if b.room == room]
        if len(sharing) < 2:
            continue
        session = [c for c in problem.cells() if problem.start_date <= c[0] <= last]
        cells = {c for b in sharing for c in session if b.available(*c)}
        need = _asked(rules, {b.key for b in sharing})
        names = [f"the {b.name}" for b in sharing]
        who = ", ".join(names[:-1]) + f" and {names[-1]}"
        out.append(
            f"{who[:1].upper()}{who[1:]} share {room}: together they ask for "
            f"{counted(need, 'meeting')}, and the room has {counted(len(cells), 'slot')} "
            f"for them ({date_span([d for d, _ in cells])})."
        )
    return out


def _unit_days(problem: Problem, rules: list[RuleInstance]) -> list[str]:
    """A unit whose days hold fewer meetings than it needs, in numbers."""
    out: list[str] = []
    names = {r.name for r in rules}
    for u in problem.units:
        if f"clusters.{u.key}.days" not in names or f"clusters.{u.key}" not in names:
            continue
        lo, hi = u.earliest or problem.start_date, u.latest or problem.end_date
        days = max(0, (hi - lo).days + 1)
        have = max(
            len([c for c in _formal_cells(problem, problem.body(b)) if lo <= c[0] <= hi])
            for b in u.allowed_bodies
        )
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
