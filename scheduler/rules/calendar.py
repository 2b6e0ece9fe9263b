"""The calendar: days meetings may be held on.

docs/UN-PRACTICE.md: meetings with services are held on working days; the weekend
differs by venue (Saturday-Sunday in Vienna, Friday-Saturday in Doha). Whether a
congress meets on its weekend days and official holidays is its own rule
(`rules.meetings_on_weekends`, `rules.meetings_on_holidays`; both allowed by default:
the 2010 Congress held its pre-Congress consultations on a Sunday). Closed days are not
cells of the grid (vars.Grid), so nothing is placed there and a weekend does not break
consecutive meetings; a fixed event on a closed day conflicts with this rule.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem
from scheduler.vars import ModelVars, impossible_together, lit_of
from scheduler.wording import closed_reason, long_date

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    fixed_events_on_meeting_days(problem, model, mv)


def fixed_events_on_meeting_days(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """No fixed event on a weekend day or holiday when the congress does not meet then."""
    for ev in problem.fixed_events:
        ds = problem.closing_date_slot() if ev.kind == "closing" else None
        date = ds[0] if ds is not None else ev.date
        body = next((b for b in problem.bodies if b.key == ev.body), None)
        if date is None or date not in mv.grid.days or problem.meeting_day(date, body):
            continue
        lit = mv.rule(
            model,
            "calendar",
            f"calendar.{ev.kind}",
            SOURCE,
            f"no meetings are held on {long_date(date)} ({closed_reason(problem, date)})"
            + (f" by the {body.name}" if body is not None and problem.meeting_day(date) else ""),
        )
        impossible_together(model, [lit_of(mv, f"fixed_events.{ev.kind}"), lit])
