"""Ancillary meetings (side events) and their rooms.

docs/UN-PRACTICE.md: side events go to lunchtime and early evening. Each ancillary
meeting gets one allowed (day, slot) and a free room seating its attendance.
Rooms are modelled by counting, not by a boolean per room: with rooms ordered
by capacity, a set of meetings in one slot fits the free rooms iff for every
attendance threshold c the meetings needing >= c seats are no more than the
free rooms seating >= c (Hall's condition on nested sets). The rooms are then
assigned greedily, largest meeting first (extract.py), which always succeeds.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from scheduler.vars import ModelVars, add

SOURCE = "Side events need rooms of sufficient capacity (UN practice)"


def free_rooms(
    problem: Problem, slot: str, date: dt.date | None = None, *, room_events: bool = True
) -> list[int]:
    """Capacities of rooms free for ancillary meetings in a slot: every room in
    side slots; in slots where bodies meet the rooms not held by a body; on `date`, not
    the rooms an event held in a room takes (unless `room_events` is False: the
    ancillary rule leaves those to the event's own rule, so an explanation names it)."""
    held = {b.room for b in problem.bodies if b.room}
    busy = problem.slot(slot, date).bodies_meet
    taken = problem.rooms_taken(date, slot) if date is not None and room_events else set()
    return sorted(
        r.capacity for r in problem.rooms if not (busy and r.name in held) and r.name not in taken
    )


def allowed_slots(problem: Problem, a_slots: tuple[str, ...]) -> list[str]:
    if a_slots:
        return [s.key for s in problem.slots if s.key in a_slots]
    side = [s.key for s in problem.slots if s.kind == "side"]
    return side or [s.key for s in problem.slots]


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    if not problem.ancillary:
        return
    ancillary_held(problem, model, mv)
    ancillary_rooms(problem, model, mv)
    ancillary_preferred(problem, model, mv)


def ancillary_held(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Every ancillary meeting is held once, in one of its allowed (day, slot)s."""
    g = mv.grid
    for i, a in enumerate(problem.ancillary):
        days = (
            range(len(g.days))
            if a.dates is None
            else [d for x in a.dates if (d := g.day_index(x)) is not None]
        )
        mv.anc[i] = [
            (d, s, model.new_bool_var(f"y_{i}_{d}_{s}"))
            for d in days
            if problem.meeting_day(g.days[d])
            for s in allowed_slots(problem, a.slots)
            if any(sl.key == s for sl in problem.slots_of(g.days[d]))
        ]
    lit = mv.rule(
        model,
        "ancillary",
        "ancillary.held",
        SOURCE,
        "every ancillary meeting is held in an allowed slot",
    )
    for i in range(len(problem.ancillary)):
        add(model.add(sum(v for _, _, v in mv.anc[i]) == 1), lit)


def ancillary_rooms(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """The ancillary meetings of a slot fit its free rooms (counted by capacity)."""
    rl = mv.rule(
        model,
        "ancillary",
        "ancillary.rooms",
        SOURCE,
        "ancillary meetings in one slot need as many free rooms of their size",
    )
    by_slot: dict[tuple[int, str], list[tuple[int, cp_model.IntVar]]] = {}
    for i, opts in mv.anc.items():
        for d, s, v in opts:
            by_slot.setdefault((d, s), []).append((problem.ancillary[i].attendance, v))
    side = side_workshop_rooms(problem, mv)
    for (d, s), items in sorted(by_slot.items()):
        day = mv.grid.days[d]
        caps = free_rooms(problem, s, day, room_events=False)
        held = (
            problem.slot(s, day).bodies_meet and {b.room for b in problem.bodies if b.room}
        ) or set()
        # Side workshops that may hold a free room then (rules/workshops.room_workshop).
        taking = [(cap, v) for room, cap, v in side.get((d, s), []) if room not in held]
        for c in sorted({att for att, _ in items}):
            need = [v for att, v in items if att >= c]
            need += [v for cap, v in taking if cap >= c]
            have = sum(1 for cap in caps if cap >= c)
            if len(need) > have:
                add(model.add(sum(need) <= have), rl)


def side_workshop_rooms(
    problem: Problem, mv: ModelVars
) -> dict[tuple[int, str], list[tuple[str, int, cp_model.IntVar]]]:
    """(day index, slot) -> (room, its capacity, start boolean) of each side workshop that
    would hold its room then."""
    g = mv.grid
    out: dict[tuple[int, str], list[tuple[str, int, cp_model.IntVar]]] = {}
    for w in problem.workshops:
        room = problem.room(w.room)
        if room is None:
            continue
        seq = problem.room_workshop_slots(w)
        for p, v in mv.room_ws.get(w.number, []):
            for k in range(w.meetings):
                day, slot = seq[p + k]
                d = g.day_index(day)
                if d is not None:
                    out.setdefault((d, slot), []).append((room.name, room.capacity, v))
    return out


def ancillary_preferred(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Preference: an ancillary meeting in one of its wished slots."""
    g = mv.grid
    if problem.weights.ancillary_preferred:
        for i, a in enumerate(problem.ancillary):
            if not a.preferred:
                continue
            wished = {(g.day_index(d), s) for d, s in a.preferred}
            hit = [v for d, s, v in mv.anc[i] if (d, s) in wished]
            miss = model.new_bool_var(f"miss_{i}")
            model.add(sum(hit) + miss >= 1)
            mv.soft(
                "ancillary_preferred",
                "Organizer's wishes for side events",
                problem.weights.ancillary_preferred,
                miss,
                f"{a.title} not in a wished slot",
            )
