"""Solve a Problem: parameters, progress callback, cancellation, extraction."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from scheduler.diff import diff_timetables, previous_positions
from scheduler.model import build_model
from scheduler.problem import Problem
from scheduler.rules.ancillary import free_rooms
from scheduler.timetable import Meeting, RuleResult, Status, Timetable
from scheduler.vars import ModelVars

ProgressHook = Callable[[int, float, float, float], None]
"""on_progress(solutions, objective, best_bound, elapsed_s)."""

_STATUS: dict[Any, Status] = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: ProgressHook | None, cancel: threading.Event | None) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.cancel = cancel
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.on_progress is not None:
            self.on_progress(
                self.solutions, self.objective_value, self.best_objective_bound, self.wall_time
            )
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()


def solver_for(
    time_limit_s: float, seed: int, workers: int, deterministic: bool = True
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = time_limit_s
    p.random_seed = seed
    p.num_workers = workers
    # Same input + seed -> same timetable. One worker is deterministic; with
    # several, the default portfolio races threads, so interleave them.
    # (Measured: one worker is also the fastest on 2010 and on 600 meetings.)
    p.interleave_search = deterministic and workers > 1
    # Full LP relaxation: the room and capacity counts are linear, and the LP
    # proves their infeasibility (or optimality) at once where the default
    # level searches (measured: 600 meetings 3.8 s -> 1.9 s; a room-starved
    # 600-meeting variant UNKNOWN after 30 s -> INFEASIBLE in 1.9 s).
    p.linearization_level = 2
    return solver


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    workers: int = 1,
    deterministic: bool = True,
    previous: Timetable | None = None,
    on_progress: ProgressHook | None = None,
    cancel: threading.Event | None = None,
    explain: bool = True,
) -> Timetable:
    """Propose a timetable for `problem`.

    `workers`: CP-SAT threads; `deterministic` (default) keeps the result
    identical for the same input and seed even with several workers.
    `previous`: a former timetable; the solver then moves as few of its
    meetings as possible and the result carries a diff. `cancel`: setting the
    event stops the search (the best timetable so far is returned).
    When no timetable exists the result names the smallest set of conflicting
    rules (`explanation`, `conflicting_rules`)."""
    from scheduler.explain import explain_infeasibility
    from scheduler.validate import validate

    t0 = time.perf_counter()
    errors = problem.check()
    if errors:
        return Timetable(
            status="MODEL_INVALID",
            time_zone=problem.time_zone,
            explanation="The problem is inconsistent: " + "; ".join(errors) + ".",
            wall_time_s=time.perf_counter() - t0,
        )
    prev = previous_positions(previous) if previous is not None else None
    model, mv = build_model(problem, previous=prev)
    solver = solver_for(time_limit_s, seed, workers, deterministic)
    cb = _Callback(on_progress, cancel)
    done = threading.Event()
    watcher: threading.Thread | None = None
    if cancel is not None:

        def watch() -> None:
            while not done.wait(0.05):
                if cancel.is_set():
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        code = solver.solve(model, cb)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    status = _STATUS.get(code, "UNKNOWN")
    tt = Timetable(
        status=status,
        time_zone=problem.time_zone,
        bodies=[(b.key, b.name) for b in problem.bodies],
        slots=[(s.key, s.name) for s in problem.slots],
    )
    if status in ("OPTIMAL", "FEASIBLE"):
        tt.meetings = extract(problem, mv, solver)
        tt.objective = solver.objective_value
        tt.best_bound = solver.best_objective_bound
        tt.gap = (tt.objective - tt.best_bound) / max(1.0, abs(tt.objective))
        tt.violations = validate(problem, tt)
        tt.rule_report = report(problem, mv, solver, tt)
        if previous is not None:
            tt.diff = diff_timetables(previous, tt)
    elif status == "INFEASIBLE":
        if explain:
            names, text = explain_infeasibility(problem, time_limit_s=max(5.0, time_limit_s))
            tt.conflicting_rules, tt.explanation = names, text
        else:
            tt.explanation = "No timetable satisfies all the rules."
    elif status == "MODEL_INVALID":
        tt.explanation = "The model is invalid: " + model.validate()
    else:
        tt.explanation = (
            f"No timetable was found within {time_limit_s:g} s and none was proven impossible; "
            "allow more time."
        )
    tt.wall_time_s = time.perf_counter() - t0
    return tt


def report(
    problem: Problem, mv: ModelVars, solver: cp_model.CpSolver, tt: Timetable
) -> list[RuleResult]:
    """One line per rule family (hard) and per preference (soft)."""
    out: list[RuleResult] = []
    seen: dict[str, tuple[str, list[str]]] = {}
    for r in mv.rules:
        seen.setdefault(r.family, (r.source, []))[1].append(r.description)
    for family, (source, descs) in seen.items():
        n = sum(1 for v in tt.violations if v.rule == family)
        out.append(
            RuleResult(
                name=family,
                source=source,
                hard=True,
                satisfied=n == 0,
                violations=n,
                description="; ".join(descs[:3]) + ("; …" if len(descs) > 3 else ""),
            )
        )
    soft: dict[str, list[int]] = {}
    meta: dict[str, tuple[str, int, str]] = {}
    for term in mv.terms:
        soft.setdefault(term.name, []).append(int(solver.value(term.expr)))
        meta[term.name] = (term.source, term.weight, term.description)
    for name, values in soft.items():
        source, weight, desc = meta[name]
        total = sum(values)
        out.append(
            RuleResult(
                name=name,
                source=source,
                hard=False,
                satisfied=total == 0,
                violations=sum(1 for v in values if v),
                penalty=weight * total,
                weight=weight,
                description=desc,
            )
        )
    return out


def _times(problem: Problem, date: dt.date, slot: str) -> tuple[dt.datetime, dt.datetime]:
    s = problem.slot(slot)
    return dt.datetime.combine(date, s.start), dt.datetime.combine(date, s.end)


def extract(problem: Problem, mv: ModelVars, solver: cp_model.CpSolver) -> list[Meeting]:
    """Turn the solver's values into meetings, filling informal consultations."""
    g = mv.grid
    names = {b.key: b.name for b in problem.bodies}
    rooms = {b.key: b.room for b in problem.bodies}
    workshops = {w.number: w for w in problem.workshops}
    occupied: dict[tuple[str, int], Meeting] = {}
    shared: dict[tuple[str, int], tuple[str, tuple[int, ...]]] = {}
    for blk in mv.blocks:
        for bkey, s, v in mv.starts[blk.index]:
            if not solver.boolean_value(v):
                continue
            for k in range(blk.length):
                t, n = s + k, blk.first_meeting + k
                key = blk.meeting_key(bkey, n)
                if (bkey, t) in mv.fixed_at:
                    shared[(bkey, t)] = (key, blk.items)
                    continue
                start, end = _times(problem, g.date(t), g.slot(t))
                w = workshops.get(blk.workshop) if blk.workshop is not None else None
                occupied[(bkey, t)] = Meeting(
                    key=key,
                    date=g.date(t),
                    slot=g.slot(t),
                    body=bkey,
                    body_name=names[bkey],
                    kind="agenda" if blk.kind == "agenda" else ("workshop" if w else "high-level"),
                    start=start,
                    end=end,
                    agenda_items=blk.items,
                    workshop=w.title if w else None,
                    room=rooms[bkey],
                    title=w.short_title if w else "",
                )
    kind_map = {
        "pre_congress_consultations": "pre-congress",
        "opening": "opening",
        "closing": "closing",
    }
    extra: list[Meeting] = []
    for ev in problem.fixed_events:
        if ev.kind == "closing":
            ds = problem.closing_date_slot()
            assert ds is not None
            date, slot = ds
        elif ev.date is None:
            continue
        else:
            date, slot = ev.date, ev.slot or ""
        tf = g.t(date, slot) if slot else None
        if slot:
            start, end = _times(problem, date, slot)
        else:
            assert ev.start is not None and ev.end is not None
            ev_start: dt.time = ev.start
            start, end = dt.datetime.combine(date, ev_start), dt.datetime.combine(date, ev.end)
            # Off the grid: label it with the nearest slot by start time.
            slot = min(
                problem.slots,
                key=lambda sl: abs(
                    sl.start.hour * 60 + sl.start.minute - ev_start.hour * 60 - ev_start.minute
                ),
            ).key
        also: tuple[str, ...] = ()
        items = ev.agenda_items
        if tf is not None and (ev.body, tf) in shared:
            shared_key, its = shared[(ev.body, tf)]
            also, items = (shared_key,), tuple(ev.agenda_items) + tuple(its)
        m = Meeting(
            key=f"{ev.body}:{ev.kind.replace('_', '-')}",
            date=date,
            slot=slot,
            body=ev.body,
            body_name=names[ev.body],
            kind=kind_map[ev.kind],  # type: ignore[arg-type]
            start=start,
            end=end,
            agenda_items=items,
            room=rooms[ev.body],
            title=ev.title,
            also=also,
        )
        if tf is not None:
            occupied[(ev.body, tf)] = m
        else:
            extra.append(m)

    # Informal consultations: empty slots of a body between its first meeting
    # and the end of its existence (annex: committee cells blank before they
    # first meet and during the closing).
    if problem.rules.informal_consultations:
        last_day = g.day_index(problem.last_allowed_day())
        horizon = (last_day + 1) * g.F - 1 if last_day is not None else g.T - 1
        for body in problem.bodies:
            ts = [t for (b, t) in occupied if b == body.key]
            if not ts:
                continue
            end_t = horizon
            if mv.closing_t is not None:
                closing = problem.fixed("closing")
                if closing is not None and closing.body == body.key:
                    end_t = mv.closing_t
                elif body.meets_before_closing:
                    end_t = mv.closing_t - 1
            for t in range(min(ts), end_t + 1):
                if (body.key, t) in occupied:
                    continue
                if body.room and any(
                    m.room == body.room
                    for (b, tt), m in occupied.items()
                    if tt == t and b != body.key
                ):
                    continue  # the shared room is taken by another body
                start, end = _times(problem, g.date(t), g.slot(t))
                occupied[(body.key, t)] = Meeting(
                    key=f"{body.key}:informal:{g.date(t).isoformat()}:{g.slot(t)}",
                    date=g.date(t),
                    slot=g.slot(t),
                    body=body.key,
                    body_name=body.name,
                    kind="informal",
                    start=start,
                    end=end,
                    room=body.room,
                    title="Informal consultations",
                )
    meetings = extra + list(occupied.values())
    meetings += _ancillary(problem, mv, solver)
    body_order = {b.key: i for i, b in enumerate(problem.bodies)}
    slot_order = {s.key: i for i, s in enumerate(problem.slots)}
    meetings.sort(
        key=lambda m: (m.date, slot_order.get(m.slot, 99), body_order.get(m.body, 99), m.key)
    )
    return meetings


def _ancillary(problem: Problem, mv: ModelVars, solver: cp_model.CpSolver) -> list[Meeting]:
    g = mv.grid
    by_slot: dict[tuple[int, str], list[int]] = {}
    for i, opts in mv.anc.items():
        for d, s, v in opts:
            if solver.boolean_value(v):
                by_slot.setdefault((d, s), []).append(i)
    held = {b.room for b in problem.bodies if b.room}
    out: list[Meeting] = []
    for (d, s), idx in sorted(by_slot.items()):
        formal = problem.slot(s).formal
        free = sorted(
            (r for r in problem.rooms if not (formal and r.name in held)),
            key=lambda r: (r.capacity, r.name),
        )
        assert len(free_rooms(problem, s)) == len(free)
        # Largest meeting first, smallest sufficient room: always succeeds
        # under the counting constraints (rules/ancillary.py).
        for i in sorted(
            idx, key=lambda i: (-problem.ancillary[i].attendance, problem.ancillary[i].key)
        ):
            a = problem.ancillary[i]
            room = next((r for r in free if r.capacity >= a.attendance), None)
            if room is not None:
                free.remove(room)
            start, end = _times(problem, g.days[d], s)
            out.append(
                Meeting(
                    key=f"ancillary:{a.key}",
                    date=g.days[d],
                    slot=s,
                    body="",
                    body_name="",
                    kind="ancillary",
                    start=start,
                    end=end,
                    room=room.name if room else None,
                    title=a.title,
                )
            )
    return out
