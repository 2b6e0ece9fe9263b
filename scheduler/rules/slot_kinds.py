"""Slot kinds: what each meeting slot is for.

docs/UN-PRACTICE.md: formal meetings run 10:00-13:00 and 15:00-18:00 with
interpretation; lunchtime and early evening are for side events and informal
consultations. A slot is "formal" (with interpretation), "formal_no_interpretation",
"informal" or "side". Formal work (agenda units, the high-level segment, the opening
and the closing) is held only in formal slots; a workshop in formal or informal slots
unless it says otherwise; side slots are not in the grid at all (ancillary meetings
only), so they never break a run of consecutive meetings.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import FORMAL_SLOT_KINDS, Problem, SlotKind
from scheduler.vars import ModelVars, forbid, impossible_together, lit_of
from scheduler.wording import kinds_phrase, when

SOURCE = (
    "docs/UN-PRACTICE.md: formal meetings in formal slots; side events at lunchtime and evening"
)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    formal_work_in_formal_slots(problem, model, mv)
    workshops_in_their_slots(problem, model, mv)
    fixed_events_in_formal_slots(problem, model, mv)


def _kind(problem: Problem, mv: ModelVars, t: int) -> SlotKind:
    g = mv.grid
    return problem.slot(g.slot(t), g.date(t)).kind


def _bad_starts(
    problem: Problem, mv: ModelVars, kinds: tuple[SlotKind, ...], block_kinds: set[str]
) -> list[cp_model.IntVar]:
    """Start booleans of blocks whose meetings would fall in a slot of another kind."""
    bad_t = {t for t in range(mv.grid.T) if _kind(problem, mv, t) not in kinds}
    if not bad_t:
        return []
    return [
        v
        for blk in mv.blocks
        if blk.kind in block_kinds
        for _, s, v in mv.starts[blk.index]
        if any(s + k in bad_t for k in range(blk.length))
    ]


def formal_work_in_formal_slots(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Agenda units and the high-level segment are held in formal slots only."""
    bad = _bad_starts(problem, mv, FORMAL_SLOT_KINDS, {"agenda", "high-level"})
    if not bad:
        return
    lit = mv.rule(
        model,
        "slot_kinds",
        "slot_kinds.formal_work",
        SOURCE,
        "formal meetings (agenda items and the high-level segment) are held only in "
        f"{kinds_phrase(FORMAL_SLOT_KINDS)} slots",
    )
    forbid(model, bad, lit)


def workshops_in_their_slots(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A workshop is held in the kinds of slots it may use (formal or informal)."""
    for w in sorted(problem.workshops, key=lambda w: w.number):
        kinds = w.allowed_kinds
        bad_t = {t for t in range(mv.grid.T) if _kind(problem, mv, t) not in kinds}
        if not bad_t:
            continue
        bad = [
            v
            for blk in mv.blocks_of(w.key)
            for _, s, v in mv.starts[blk.index]
            if any(s + k in bad_t for k in range(blk.length))
        ]
        lit = mv.rule(
            model,
            "slot_kinds",
            f"slot_kinds.{w.key}",
            SOURCE,
            f"workshop {w.number} is held only in {kinds_phrase(kinds)} slots",
        )
        forbid(model, bad, lit)


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
