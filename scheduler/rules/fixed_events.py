"""Fixed events: pre-Congress consultations, opening, closing, and events of any other
kind (a treaty event, elections, a round table, ...) of a body or held in a room.

A/CONF.213/1: pre-Congress consultations at 3 p.m. on Sunday 11 April 2010;
the Congress opens on Monday 12 April at 10 a.m. with items 1 and 2; item 11
(adoption of the report) is taken up at the closing, the last plenary meeting.
Committees (rule 45) exist only after the opening and, when marked, not during
or after the closing.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Body, FixedEvent, Problem
from scheduler.rules.ancillary import free_rooms
from scheduler.vars import Grid, ModelVars, add, forbid, impossible
from scheduler.wording import long_date, when

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    for ev in problem.fixed_events:
        if ev.body:
            fixed_event(problem, model, mv, ev)
        else:
            room_event(problem, model, mv, ev)
    # Committees exist after the opening and end before the closing.
    for body in problem.bodies:
        after_opening(problem, model, mv, body)
        before_closing(problem, model, mv, body)


def event_rule_name(ev: FixedEvent) -> str:
    """ "fixed_events.opening"; "fixed_events.treaty_event.signing" for the other kinds."""
    if ev.single:
        return f"fixed_events.{ev.kind}"
    return f"fixed_events.{ev.kind}.{ev.key or ev.kind}"


def event_label(ev: FixedEvent) -> str:
    """ "the opening of the Congress": the title as the subject of a sentence."""
    return f"the {ev.title[:1].lower()}{ev.title[1:]}" if ev.title else ev.kind.replace("_", " ")


def event_cells(problem: Problem, g: Grid, ev: FixedEvent) -> tuple[dt.date | None, str, list[int]]:
    """(date, slot key, formal slot positions taken) of an event: its slot, or the
    formal slots its own times overlap (a lunchtime event takes none)."""
    if ev.kind == "closing":
        ds = problem.closing_date_slot()
        assert ds is not None
        date, slot = ds
    elif ev.date is None:
        return None, "", []
    else:
        date, slot = ev.date, ev.slot or ""
    if slot:
        t = g.t(date, slot)
        return date, slot, [] if t is None else [t]
    if ev.start is None or ev.end is None or ev.single:
        return date, "", []
    ts = [
        t
        for s in problem.slots_of(date)
        if s.bodies_meet
        and s.start < ev.end
        and ev.start < s.end
        and (t := g.t(date, s.key)) is not None
    ]
    return date, "", ts


def fixed_event(problem: Problem, model: cp_model.CpModel, mv: ModelVars, ev: FixedEvent) -> None:
    """A fixed event takes its body's meeting on its date and slot (or off the grid)."""
    g = mv.grid
    body = problem.body(ev.body)
    date, slot, ts = event_cells(problem, g, ev)
    if date is None:
        return
    t = ts[0] if slot and ts else None
    lit = mv.rule(
        model,
        "fixed_events",
        event_rule_name(ev),
        SOURCE,
        f"{ev.title} takes the {body.name}'s meeting on {when(problem, date, slot)}"
        if slot
        else f"{ev.title} is held on {long_date(date)}",
        None if ev.takes_up_next_unit or t is None else (ev.body, 1),
        takes=() if ev.takes_up_next_unit else tuple((ev.body, x) for x in ts),
        label=event_label(ev),
        own=ev.source,
    )
    if t is None and slot and date in g.days and not _in_open_cell(problem, date, slot):
        return  # a closed day or a side slot: rules/calendar.py and slot_kinds.py refuse it
    if not ev.single and not slot:
        # Held at its own times: it takes the body's formal slots those overlap.
        for x in ts:
            one_event_per_cell(model, mv, ev.body, x, lit)
            mv.fixed_at[(ev.body, x)] = ev.kind
            forbid(model, mv.covering(ev.body, x), lit)
        if date not in g.days:
            impossible(model, lit)
        return
    if t is None:
        # Off the grid: the pre-Congress consultations the day before the
        # start are legitimate; an opening or closing off the grid is not.
        if ev.kind != "pre_congress_consultations" or (slot and date in g.days):
            impossible(model, lit)
        return
    one_event_per_cell(model, mv, ev.body, t, lit)
    mv.fixed_at[(ev.body, t)] = ev.kind
    if ev.kind == "opening":
        mv.opening_t = t
    if ev.kind == "closing":
        mv.closing_t = t
    if ev.takes_up_next_unit:
        # The meeting also is the first meeting of the body's next unit.
        add(model.add(sum(mv.covering(ev.body, t, kinds=["agenda"])) == 1), lit)
        forbid(model, mv.covering(ev.body, t, kinds=["workshop", "high-level"]), lit)
    else:
        forbid(model, mv.covering(ev.body, t), lit)
    if ev.kind == "closing":
        closing_is_last(problem, model, mv, ev, t)


def _in_open_cell(problem: Problem, date: dt.date, slot: str) -> bool:
    """(date, slot) is on a day meetings may be held on and not in a side slot."""
    if not problem.meeting_day(date):
        return False
    return not any(s.key == slot and not s.bodies_meet for s in problem.slots_of(date))


def one_event_per_cell(
    model: cp_model.CpModel, mv: ModelVars, body: str, t: int, lit: cp_model.IntVar | None
) -> None:
    """Two fixed events of one body cannot hold the same meeting: the later one and the
    one already there are not both kept."""
    if (body, t) in mv.fixed_lits:
        other = mv.fixed_lits[(body, t)]
        if lit is None or other is None:
            impossible(model, lit if lit is not None else other)
        else:
            model.add_bool_or([lit.negated(), other.negated()])
    mv.fixed_lits[(body, t)] = lit


def room_event(problem: Problem, model: cp_model.CpModel, mv: ModelVars, ev: FixedEvent) -> None:
    """An event held in a room (not a meeting of a body) takes the room: the bodies
    meeting there do not meet in the slots it takes (ancillary meetings are kept out
    of the room by rules/ancillary.py)."""
    g = mv.grid
    date, slot, ts = event_cells(problem, g, ev)
    if date is None:
        return
    held = [b for b in problem.bodies if b.room is not None and b.room == ev.room]
    lit = mv.rule(
        model,
        "fixed_events",
        event_rule_name(ev),
        SOURCE,
        f"{ev.title} takes {ev.room} on {when(problem, date, slot)}"
        if slot
        else f"{ev.title} takes {ev.room} on {long_date(date)}",
        takes=tuple((b.key, x) for b in held for x in ts),
        label=event_label(ev),
        own=ev.source,
    )
    if date not in g.days:
        impossible(model, lit)
        return
    for b in held:
        for x in ts:
            forbid(model, mv.covering(b.key, x), lit)
    # Ancillary meetings of that day and slot fit the rooms the event leaves free.
    di = g.day_index(date)
    by_slot: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    for i, opts in sorted(mv.anc.items()):
        for d, s, v in opts:
            if d == di and ev.room in problem.rooms_taken(date, s):
                by_slot.setdefault(s, []).append((problem.ancillary[i].attendance, v))
    for s, items in sorted(by_slot.items()):
        caps = free_rooms(problem, s, date)
        for c in sorted({att for att, _ in items}):
            need = [v for att, v in items if att >= c]
            have = sum(1 for cap in caps if cap >= c)
            if len(need) > have:
                add(model.add(sum(need) <= have), lit)


def closing_is_last(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, ev: FixedEvent, t: int
) -> None:
    """The closing (in slot t) is its body's last meeting (A/CONF.213/1, item 11)."""
    late = [
        v
        for blk in mv.blocks
        for b, s, v in mv.starts[blk.index]
        if b == ev.body and mv.last(blk.index, b, s) >= t
    ]
    ll = mv.rule(
        model,
        "fixed_events",
        "fixed_events.closing_last",
        SOURCE,
        f"the closing is the last meeting of the {problem.body(ev.body).name}",
        own=ev.source,
    )
    forbid(model, late, ll)


def after_opening(problem: Problem, model: cp_model.CpModel, mv: ModelVars, body: Body) -> None:
    """A committee meets only after the opening meeting (rules of procedure, rule 45)."""
    if body.meets_after_opening and mv.opening_t is not None:
        t0 = mv.opening_t
        lit = mv.rule(
            model,
            "fixed_events",
            f"fixed_events.after_opening.{body.key}",
            SOURCE,
            f"the {body.name} meets only after the opening meeting",
        )
        forbid(
            model,
            [
                v
                for blk in mv.blocks
                for b, s, v in mv.starts[blk.index]
                if b == body.key and s <= t0
            ],
            lit,
        )


def before_closing(problem: Problem, model: cp_model.CpModel, mv: ModelVars, body: Body) -> None:
    """A committee so marked does not meet during or after the closing."""
    if body.meets_before_closing and mv.closing_t is not None:
        tc = mv.closing_t
        lit = mv.rule(
            model,
            "fixed_events",
            f"fixed_events.before_closing.{body.key}",
            SOURCE,
            f"the {body.name} does not meet during or after the closing",
        )
        forbid(
            model,
            [
                v
                for blk in mv.blocks
                for b, s, v in mv.starts[blk.index]
                if b == body.key and mv.last(blk.index, b, s) >= tc
            ],
            lit,
        )
