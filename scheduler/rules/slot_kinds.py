"""Slot kinds: what each meeting slot is for.

docs/UN-PRACTICE.md: formal meetings run 10:00-13:00 and 15:00-18:00 with
interpretation; lunchtime and early evening are for side events and informal
consultations. A slot is "formal" (with interpretation), "formal_no_interpretation",
"informal" or "side". Formal work (agenda units, the high-level segment, the opening
and the closing) is held only in formal slots; a workshop in formal or informal slots
unless it says otherwise. A block of meetings is placed on the cells of its kinds only
(vars.Block.kinds), so an informal slot between two formal ones does not break a
cluster's run; side slots are not in the grid at all (ancillary meetings only).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import FORMAL_SLOT_KINDS, Problem
from scheduler.vars import ModelVars, impossible_together, lit_of
from scheduler.wording import kinds_phrase, when

SOURCE = (
    "docs/UN-PRACTICE.md: formal meetings in formal slots; side events at lunchtime and evening"
)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    # Agenda units, the segment and workshops are placed only on cells of their kinds
    # (vars.Block.kinds: a run of consecutive meetings skips the others); what is left
    # to check is the fixed events, whose cells the documents give.
    fixed_events_in_formal_slots(problem, model, mv)


def fixed_events_in_formal_slots(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """The opening and the closing are formal meetings: held in a formal slot."""
    for ev in problem.fixed_events:
        if ev.kind == "pre_congress_consultations":
            continue
        ds = problem.closing_date_slot() if ev.kind == "closing" else None
        date, slot = ds if ds is not None else (ev.date, ev.slot)
        if date is None or slot is None:
            continue
        kind = next((s.kind for s in problem.slots_of(date) if s.key == slot), None)
        if kind is None or kind in FORMAL_SLOT_KINDS:
            continue
        lit = mv.rule(
            model,
            "slot_kinds",
            f"slot_kinds.{ev.kind}",
            SOURCE,
            f"{ev.title} is a formal meeting, but {when(problem, date, slot)} is "
            f"{kinds_phrase((kind,), article=True)} slot",
        )
        impossible_together(model, [lit_of(mv, f"fixed_events.{ev.kind}"), lit])
