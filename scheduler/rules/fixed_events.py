"""Fixed events: pre-Congress consultations, opening, closing.

A/CONF.213/1: pre-Congress consultations at 3 p.m. on Sunday 11 April 2010;
the Congress opens on Monday 12 April at 10 a.m. with items 1 and 2; item 11
(adoption of the report) is taken up at the closing, the last plenary meeting.
Committees (rule 45) exist only after the opening and, when marked, not during
or after the closing.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler.problem import Body, FixedEvent, Problem
from scheduler.vars import ModelVars, add, forbid, impossible
from scheduler.wording import long_date, when

SOURCE = "A/CONF.213/1, items 1, 2 and 11 and annex"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    for ev in problem.fixed_events:
        fixed_event(problem, model, mv, ev)
    # Committees exist after the opening and end before the closing.
    for body in problem.bodies:
        after_opening(problem, model, mv, body)
        before_closing(problem, model, mv, body)


def fixed_event(problem: Problem, model: cp_model.CpModel, mv: ModelVars, ev: FixedEvent) -> None:
    """A fixed event takes its body's meeting on its date and slot (or off the grid)."""
    g = mv.grid
    body = problem.body(ev.body)
    src = ev.source or SOURCE
    if ev.kind == "closing":
        ds = problem.closing_date_slot()
        assert ds is not None
        date, slot = ds
    else:
        if ev.date is None:
            return
        date, slot = ev.date, ev.slot or ""

    def t_of(slot: str, date: dt.date = date) -> int | None:
        return g.t(date, slot) if slot else None

    t = t_of(slot)
    lit = mv.rule(
        model,
        "fixed_events",
        f"fixed_events.{ev.kind}",
        src,
        f"{ev.title} takes the {body.name}'s meeting on {when(problem, date, slot)}"
        if slot
        else f"{ev.title} is held on {long_date(date)}",
        None if ev.takes_up_next_unit or t_of(slot) is None else (ev.body, 1),
        takes=() if t is None or ev.takes_up_next_unit else ((ev.body, t),),
        label=f"the {ev.title[:1].lower()}{ev.title[1:]}" if ev.title else ev.kind,
    )
    if t is None and slot and date in g.days and not _in_open_cell(problem, date, slot):
        return  # a closed day or a side slot: rules/calendar.py and slot_kinds.py refuse it
    if t is None:
        # Off the grid: the pre-Congress consultations the day before the
        # start are legitimate; an opening or closing off the grid is not.
        if ev.kind != "pre_congress_consultations" or (slot and date in g.days):
            impossible(model, lit)
        return
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
        ev.source or SOURCE,
        f"the closing is the last meeting of the {problem.body(ev.body).name}",
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
            "Rules of procedure, rule 45; A/CONF.213/1 annex",
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
            "A/CONF.213/1 annex: committees do not meet during the closing",
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
