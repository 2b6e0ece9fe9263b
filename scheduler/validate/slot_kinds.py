"""Checks of the slot kinds (rules/slot_kinds.py)."""

from __future__ import annotations

from scheduler.problem import FORMAL_SLOT_KINDS, SlotKind
from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import kinds_phrase, when


def slot_kinds(c: Checked) -> list[Violation]:
    """Formal work in formal slots, workshops in theirs, informal consultations never in
    side slots."""
    out: list[Violation] = []
    problem = c.problem
    workshops = {w.title: w for w in problem.workshops}
    for m in c.meetings:
        kind: SlotKind | None = next(
            (s.kind for s in problem.slots_of(m.date) if s.key == m.slot), None
        )
        if kind is None or m.kind in ("ancillary", "pre-congress"):
            continue
        allowed: tuple[SlotKind, ...]
        if m.kind == "workshop":
            w = workshops.get(m.workshop or "")
            if w is not None and w.room is not None and w.slots:
                continue  # a side workshop in its room uses the slots it names, of any kind
            allowed = w.allowed_kinds if w is not None else FORMAL_SLOT_KINDS
        elif m.kind == "informal":
            allowed = ("formal", "formal_no_interpretation", "informal")
        else:
            allowed = FORMAL_SLOT_KINDS
        if kind not in allowed:
            out.append(
                Violation(
                    "slot_kinds",
                    f"{m.key} is on {when(problem, m.date, m.slot)}, "
                    f"{kinds_phrase((kind,), article=True)} slot "
                    f"(it may use {kinds_phrase(allowed)} slots)",
                    (m.key,),
                )
            )
    return out
