"""Read a solved model: the solver's values become meetings and a per-rule report."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ortools.sat.python import cp_model

from scheduler import keys
from scheduler.problem import Problem
from scheduler.rules.ancillary import free_rooms
from scheduler.timetable import Kind, Meeting, RuleResult, Timetable
from scheduler.vars import ModelVars


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
    s = problem.slot(slot, date)
    return dt.datetime.combine(date, s.start), dt.datetime.combine(date, s.end)


def extract(problem: Problem, mv: ModelVars, solver: cp_model.CpSolver) -> list[Meeting]:
    """Turn the solver's values into meetings, filling informal consultations."""
    g = mv.grid
    names = {b.key: b.name for b in problem.bodies}
    rooms = {b.key: b.room for b in problem.bodies}
    workshops = {w.number: w for w in problem.workshops}
    segment_titles = {h.key: h.title for h in problem.segments}
    occupied: dict[tuple[str, int], Meeting] = {}
    shared: dict[tuple[str, int], tuple[str, tuple[int, ...]]] = {}
    for blk in mv.blocks:
        for bkey, s, v in mv.starts[blk.index]:
            if not solver.boolean_value(v):
                continue
            for k, t in enumerate(mv.span(blk.index, bkey, s)):
                n = blk.first_meeting + k
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
                    kind="agenda"
                    if blk.kind == "agenda"
                    else (
                        "workshop"
                        if w
                        else ("high-level" if blk.unit == keys.HIGH_LEVEL_SEGMENT else "segment")
                    ),
                    start=start,
                    end=end,
                    agenda_items=blk.items,
                    workshop=w.title if w else None,
                    room=rooms[bkey],
                    title=w.short_title if w else segment_titles.get(blk.unit, ""),
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
        if ev.body and tf is not None and (ev.body, tf) in shared:
            shared_key, its = shared[(ev.body, tf)]
            also, items = (shared_key,), tuple(ev.agenda_items) + tuple(its)
        m = Meeting(
            key=ev.meeting_key,
            date=date,
            slot=slot,
            body=ev.body,
            body_name=names.get(ev.body, ""),
            kind=kind_map.get(ev.kind, "event" if ev.body else "room-event"),  # type: ignore[arg-type]
            start=start,
            end=end,
            agenda_items=items,
            room=rooms[ev.body] if ev.body else ev.room,
            title=ev.title,
            also=also,
        )
        if ev.body and tf is not None:
            occupied[(ev.body, tf)] = m
        else:
            extra.append(m)

    side_workshops = _room_workshops(problem, mv, solver)
    in_rooms = {(m.date, m.slot, m.room) for m in side_workshops}
    # Informal consultations: empty slots of a body between its first meeting
    # and the end of its existence (annex: committee cells blank before they
    # first meet and during the closing).
    if problem.rules.informal_consultations:
        last_day = g.day_index(problem.last_allowed_day())
        horizon = g.last_until(last_day) if last_day is not None else g.T - 1
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
                if (body.key, t) in occupied or (body.key, t) in mv.fixed_at:
                    continue  # a meeting, or an event held at its own times
                if not problem.body_may_meet(body, g.date(t), g.slot(t)):
                    continue  # the body may not meet there (unavailable, excluded)
                if body.room and any(
                    m.room == body.room
                    for (b, tt), m in occupied.items()
                    if tt == t and b != body.key
                ):
                    continue  # the shared room is taken by another body
                if (g.date(t), g.slot(t), body.room) in in_rooms:
                    continue  # the room is taken by a side workshop
                if body.room and body.room in problem.rooms_taken(g.date(t), g.slot(t)):
                    continue  # an event held in the room takes it
                start, end = _times(problem, g.date(t), g.slot(t))
                occupied[(body.key, t)] = Meeting(
                    key=keys.informal_meeting(body.key, g.date(t), g.slot(t)),
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
    meetings = extra + list(occupied.values()) + side_workshops
    meetings += _ancillary(problem, mv, solver, in_rooms)
    body_order = {b.key: i for i, b in enumerate(problem.bodies)}
    slot_order = {s.key: i for i, s in enumerate(problem.slots)}
    meetings.sort(
        key=lambda m: (m.date, slot_order.get(m.slot, 99), body_order.get(m.body, 99), m.key)
    )
    return meetings


def _room_workshops(problem: Problem, mv: ModelVars, solver: cp_model.CpSolver) -> list[Meeting]:
    """Side workshops: meetings in their room, of no body."""
    out: list[Meeting] = []
    for w in problem.workshops:
        if w.room is None:
            continue
        seq = problem.room_workshop_slots(w)
        for p, v in mv.room_ws.get(w.number, []):
            if not solver.boolean_value(v):
                continue
            for k in range(w.meetings):
                date, slot = seq[p + k]
                key = keys.workshop_meeting(w.number, k + 1)
                m = _in_room(problem, key, (date, slot), "workshop", w.room, w.short_title)
                out.append(dataclasses.replace(m, workshop=w.title))
    return out


def _in_room(
    problem: Problem,
    key: str,
    when: tuple[dt.date, str],
    kind: Kind,
    room: str | None,
    title: str,
) -> Meeting:
    """A meeting of a room, of no body (a side workshop, an ancillary meeting)."""
    start, end = _times(problem, *when)
    return Meeting(
        key=key,
        date=when[0],
        slot=when[1],
        body="",
        body_name="",
        kind=kind,
        start=start,
        end=end,
        room=room,
        title=title,
    )


def _ancillary(
    problem: Problem,
    mv: ModelVars,
    solver: cp_model.CpSolver,
    in_rooms: set[tuple[dt.date, str, str | None]],
) -> list[Meeting]:
    """Ancillary meetings in the free rooms of their slot (not those of side workshops)."""
    g = mv.grid
    by_slot: dict[tuple[int, str], list[int]] = {}
    for i, opts in mv.anc.items():
        for d, s, v in opts:
            if solver.boolean_value(v):
                by_slot.setdefault((d, s), []).append(i)
    held = {b.room for b in problem.bodies if b.room}
    out: list[Meeting] = []
    for (d, s), idx in sorted(by_slot.items()):
        bodies_meet = problem.slot(s, g.days[d]).bodies_meet
        taken = problem.rooms_taken(g.days[d], s)
        free = sorted(
            (
                r
                for r in problem.rooms
                if not (bodies_meet and r.name in held) and r.name not in taken
            ),
            key=lambda r: (r.capacity, r.name),
        )
        assert len(free_rooms(problem, s, g.days[d])) == len(free)
        free = [r for r in free if (g.days[d], s, r.name) not in in_rooms]
        # Largest meeting first, smallest sufficient room: always succeeds
        # under the counting constraints (rules/ancillary.py).
        for i in sorted(
            idx, key=lambda i: (-problem.ancillary[i].attendance, problem.ancillary[i].key)
        ):
            a = problem.ancillary[i]
            room = next((r for r in free if r.capacity >= a.attendance), None)
            if room is not None:
                free.remove(room)
            key, where = keys.ancillary_meeting(a.key), room.name if room else None
            out.append(_in_room(problem, key, (g.days[d], s), "ancillary", where, a.title))
    return out
