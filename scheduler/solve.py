"""Solve a Problem: progress callback, cancellation, and the Timetable's status.

The solver's parameters are in parameters.py; reading the values in extract.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from scheduler.diff import diff_timetables, previous_positions
from scheduler.explain import explain_infeasibility
from scheduler.extract import extract, report
from scheduler.model import build_model
from scheduler.parameters import SolverParameters, solver_for
from scheduler.problem import Problem
from scheduler.timetable import Status, Timetable
from scheduler.validate import validate

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
    solver = solver_for(SolverParameters(time_limit_s, seed, workers, deterministic))
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
