"""Check any timetable (solver output or hand-edited) against the rules.

Independent of the CP-SAT model: it reads only the Problem and the meetings,
so it also catches mistakes of the model itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict

from scheduler.problem import AgendaUnit, Problem
from scheduler.timetable import FORMAL_KINDS, Meeting, Timetable, Violation
from scheduler.wording import body_name, counted, when


class _Index:
    """Position of (date, slot) in the sequence of formal slots."""

    def __init__(self, problem: Problem) -> None:
        self.formal = [s.key for s in problem.slots if s.formal]
        self.days = problem.days

    def t(self, date: dt.date, slot: str) -> int | None:
        if date not in self.days or slot not in self.formal:
            return None
        return self.days.index(date) * len(self.formal) + self.formal.index(slot)


def _order(problem: Problem, body: str) -> list[AgendaUnit]:
    us = [u for u in problem.units if u.body == body]
    return sorted(us, key=lambda u: (u.order if u.order is not None else min(u.items), u.key))


def _label(u: AgendaUnit) -> str:
    return ("cluster " if len(u.items) > 1 else "item ") + "+".join(str(i) for i in u.items)


def validate(problem: Problem, timetable: Timetable) -> list[Violation]:
    """Every rule the timetable breaks, in plain words."""
    out: list[Violation] = []
    m: Meeting | None
    ix = _Index(problem)
    meetings = list(timetable.meetings)
    by_key: dict[str, Meeting] = {}
    for m in meetings:
        for k in m.keys:
            if k in by_key:
                out.append(Violation("grid", f"meeting {k} appears twice", (k,)))
            by_key[k] = m
    body_keys = {b.key for b in problem.bodies}
    slot_keys = {s.key for s in problem.slots}

    # Grid: known days/slots/bodies; one meeting per body and slot.
    cells: Counter[tuple[str, dt.date, str]] = Counter()
    for m in meetings:
        if m.kind == "ancillary":
            continue
        if m.body not in body_keys:
            out.append(Violation("grid", f"{m.key}: unknown body {m.body!r}", (m.key,)))
        if m.slot not in slot_keys:
            out.append(Violation("grid", f"{m.key}: unknown slot {m.slot!r}", (m.key,)))
        if m.kind != "pre-congress" and ix.t(m.date, m.slot) is None:
            out.append(
                Violation("grid", f"{m.key} is outside the congress's days and slots", (m.key,))
            )
        cells[(m.body, m.date, m.slot)] += 1
    for (b, d, s), n in sorted(cells.items()):
        if n > 1:
            out.append(
                Violation(
                    "grid", f"the {body_name(problem, b)} has {n} meetings on {when(problem, d, s)}"
                )
            )

    def pos(k: str) -> int | None:
        m = by_key.get(k)
        return ix.t(m.date, m.slot) if m else None

    # Agenda units.
    first_last: dict[str, tuple[int, int]] = {}
    for u in problem.units:
        ts: list[int] = []
        for n in range(1, u.meetings + 1):
            k = f"{u.body}:{u.key}:{n}"
            m = by_key.get(k)
            t = pos(k)
            if m is None or t is None or m.body != u.body:
                out.append(
                    Violation(
                        "clusters", f"{_label(u)}: meeting {n} of {u.meetings} is missing", (k,)
                    )
                )
                continue
            ts.append(t)
        if len(ts) != u.meetings:
            continue
        first_last[u.key] = (ts[0], ts[-1])
        if ts != sorted(ts):
            out.append(Violation("clusters", f"{_label(u)}: its meetings are out of order"))
        if u.consecutive == "hard" and ts != list(range(ts[0], ts[0] + u.meetings)):
            out.append(Violation("clusters", f"{_label(u)}: its meetings are not consecutive"))
    if problem.rules.agenda_order == "hard":
        for body in problem.bodies:
            us = _order(problem, body.key)
            for ua, ub in itertools.pairwise(us):
                if (
                    ua.key in first_last
                    and ub.key in first_last
                    and first_last[ua.key][1] >= first_last[ub.key][0]
                ):
                    out.append(
                        Violation(
                            "agenda_order",
                            f"{_label(ub)} is taken up before {_label(ua)} ends ({body.name})",
                        )
                    )

    # Workshops.
    for w in problem.workshops:
        ms = [by_key.get(f"{w.key}:{n}") for n in range(1, w.meetings + 1)]
        present = [m for m in ms if m is not None]
        if len(present) != w.meetings:
            out.append(Violation("workshops", f"workshop {w.number} lacks meetings", (w.key,)))
            continue
        bodies = {m.body for m in present}
        ts2 = [ix.t(m.date, m.slot) for m in present]
        if len(bodies) != 1:
            out.append(Violation("workshops", f"workshop {w.number} is split between bodies"))
        elif w.bodies and present[0].body not in w.bodies:
            out.append(Violation("workshops", f"workshop {w.number} is held in a body not allowed"))
        if None in ts2 or ts2 != list(range(ts2[0] or 0, (ts2[0] or 0) + w.meetings)):
            out.append(
                Violation("workshops", f"workshop {w.number}: its meetings are not consecutive")
            )
        if problem.rules.workshops_same_day and len({m.date for m in present}) != 1:
            out.append(Violation("workshops", f"workshop {w.number} spans more than one day"))
        if w.expected_attendance:
            room = problem.room(present[0].room)
            if room is not None and room.capacity < w.expected_attendance:
                out.append(Violation("capacity", f"workshop {w.number} does not fit {room.name}"))

    # Fixed events.
    closing_ds = problem.closing_date_slot()
    t_open: int | None = None
    t_close: int | None = None
    for ev in problem.fixed_events:
        k = f"{ev.body}:{ev.kind.replace('_', '-')}"
        m = by_key.get(k)
        if ev.kind == "closing":
            assert closing_ds is not None
            date, slot = closing_ds
        else:
            date, slot = ev.date, ev.slot  # type: ignore[assignment]
        if m is None:
            out.append(Violation("fixed_events", f"{ev.title} is missing", (k,)))
            continue
        if m.date != date or (slot and m.slot != slot) or m.body != ev.body:
            out.append(
                Violation("fixed_events", f"{ev.title} is not on {when(problem, date, slot)}", (k,))
            )
        if ev.takes_up_next_unit and not m.also:
            out.append(
                Violation("fixed_events", f"{ev.title} does not take up the next agenda unit", (k,))
            )
        if ev.kind == "opening":
            t_open = ix.t(m.date, m.slot)
        if ev.kind == "closing":
            t_close = ix.t(m.date, m.slot)
            if t_close is not None:
                for o in meetings:
                    if o.body == ev.body and o.kind in FORMAL_KINDS and o is not m:
                        to = ix.t(o.date, o.slot)
                        if to is not None and to >= t_close:
                            out.append(
                                Violation(
                                    "fixed_events", f"{o.key} is held after the closing", (o.key,)
                                )
                            )
    for body in problem.bodies:
        for m in meetings:
            if m.body != body.key or m.kind not in FORMAL_KINDS:
                continue
            t = ix.t(m.date, m.slot)
            if t is None:
                continue
            if body.meets_after_opening and t_open is not None and t <= t_open:
                out.append(
                    Violation(
                        "fixed_events",
                        f"{m.key}: the {body.name} meets before the opening",
                        (m.key,),
                    )
                )
            if body.meets_before_closing and t_close is not None and t >= t_close:
                out.append(
                    Violation(
                        "fixed_events",
                        f"{m.key}: the {body.name} meets during the closing",
                        (m.key,),
                    )
                )

    # High-level segment.
    h = problem.high_level_segment
    if h is not None:
        keys = [f"{h.body}:{h.key}:{n}" for n in range(1, h.meetings + 1)]
        ts3 = [pos(k) for k in keys]
        if None in ts3:
            out.append(Violation("high_level_segment", "the high-level segment lacks meetings"))
        else:
            tsi = [t for t in ts3 if t is not None]
            F = len(ix.formal)
            if tsi != list(range(tsi[0], tsi[0] + h.meetings)):
                out.append(
                    Violation(
                        "high_level_segment", "the high-level segment's meetings are not contiguous"
                    )
                )
            if h.anchor == "start":
                lo, hi = 0, min(len(ix.days), h.window_days) * F - 1
            else:
                last = problem.last_allowed_day()
                d1 = ix.days.index(last) if last in ix.days else len(ix.days) - 1
                lo, hi = max(0, d1 - h.window_days + 1) * F, (d1 + 1) * F - 1
            if min(tsi) < lo or max(tsi) > hi:
                out.append(
                    Violation("high_level_segment", "the high-level segment is outside its window")
                )

    # Capacity: interpretation teams; rooms.
    cap = problem.rules.max_parallel_meetings
    anc = {f"ancillary:{a.key}": a for a in problem.ancillary}
    per_slot: Counter[tuple[dt.date, str]] = Counter()
    rooms_used: defaultdict[tuple[dt.date, str, str], list[str]] = defaultdict(list)
    for m in meetings:
        interpreted = m.kind in FORMAL_KINDS or (
            m.kind == "ancillary" and m.key in anc and anc[m.key].interpretation
        )
        if interpreted and m.kind != "pre-congress":
            per_slot[(m.date, m.slot)] += 1
        if m.room:
            rooms_used[(m.date, m.slot, m.room)].append(m.key)
    if cap is not None:
        for (d, s), n in sorted(per_slot.items()):
            if n > cap:
                out.append(
                    Violation(
                        "capacity",
                        f"{n} formal meetings at once on {when(problem, d, s)} (at most {cap})",
                    )
                )
    for (d, s, r), ks in sorted(rooms_used.items()):
        if len(ks) > 1:
            out.append(
                Violation(
                    "rooms", f"{r} holds {len(ks)} meetings on {when(problem, d, s)}", tuple(ks)
                )
            )
    for body in problem.bodies:
        room = problem.room(body.room)
        if room is not None and room.capacity < body.expected_attendance:
            out.append(Violation("capacity", f"{room.name} is too small for the {body.name}"))

    # Ancillary meetings.
    for key, am in sorted(anc.items()):
        m = by_key.get(key)
        if m is None:
            out.append(Violation("ancillary", f"{am.title} is not scheduled", (key,)))
            continue
        informal_slots = [s.key for s in problem.slots if not s.formal] or [
            s.key for s in problem.slots
        ]
        allowed = am.slots or tuple(informal_slots)
        if m.slot not in allowed or (am.dates is not None and m.date not in am.dates):
            out.append(Violation("ancillary", f"{am.title} is in a slot not allowed", (key,)))
        room = problem.room(m.room)
        if room is None or room.capacity < am.attendance:
            out.append(
                Violation("ancillary", f"{am.title} has no room seating {am.attendance}", (key,))
            )
        elif problem.slot(m.slot).formal and any(b.room == room.name for b in problem.bodies):
            out.append(Violation("rooms", f"{am.title} uses {room.name}, held by a body", (key,)))

    # Max duration.
    if problem.rules.max_days_including_consultations is not None:
        last = problem.last_allowed_day()
        for m in meetings:
            if m.date > last:
                out.append(Violation("max_duration", f"{m.key} is after {last}", (m.key,)))

    # Pins and exclusions.
    for p in problem.pins:
        wanted = {f"ancillary:{p.target}", f"{p.target}:{p.meeting}"}
        cand = [
            m
            for m in meetings
            if any(k in wanted or k.endswith(f":{p.target}:{p.meeting}") for k in m.keys)
        ]
        if (
            not cand
            or cand[0].date != p.date
            or cand[0].slot != p.slot
            or (p.body and cand[0].body != p.body)
        ):
            out.append(
                Violation(
                    "pins",
                    f"the pin of {p.target} (meeting {p.meeting}) on {p.date} {p.slot} is not kept",
                )
            )
    for e in problem.exclusions:
        for m in meetings:
            if m.kind == "informal":
                continue
            if e.body is not None and m.body != e.body:
                continue
            if e.target is not None and not any(
                k == f"ancillary:{e.target}" or e.target in k.split(":") for k in m.keys
            ):
                continue
            if e.body is None and e.target is None:
                continue
            if (e.dates is None or m.date in e.dates) and (not e.slots or m.slot in e.slots):
                if m.kind in ("opening", "closing", "pre-congress") and e.target is None:
                    continue
                out.append(Violation("exclusions", f"{m.key} is in an excluded slot", (m.key,)))

    # Informal consultations fill a body's empty slots while it exists.
    if problem.rules.informal_consultations:
        last = problem.last_allowed_day()
        F = len(ix.formal)
        horizon = (ix.days.index(last) + 1) * F - 1 if last in ix.days else len(ix.days) * F - 1
        for body in problem.bodies:
            ts4 = sorted(
                t
                for m in meetings
                if m.body == body.key and (t := ix.t(m.date, m.slot)) is not None
            )
            if not ts4:
                continue
            end = horizon
            closing = problem.fixed("closing")
            if t_close is not None and closing is not None:
                if closing.body == body.key:
                    end = t_close
                elif body.meets_before_closing:
                    end = t_close - 1
            taken = {
                t
                for m in meetings
                if m.body != body.key
                and body.room
                and m.room == body.room
                and (t := ix.t(m.date, m.slot)) is not None
            }
            missing = sorted(set(range(ts4[0], end + 1)) - set(ts4) - taken)
            if missing:
                out.append(
                    Violation(
                        "informal_consultations",
                        f"the {body.name} has {counted(len(missing), 'empty slot')} "
                        "without informal consultations",
                    )
                )
    return out
