"""Agenda units (clusters and standalone items) and agenda order.

A/CONF.213/1, item 2 (d): substantive items are grouped into clusters for joint
consideration; the annex gives each cluster successive meetings of one body
(6+10: Thursday morning to Friday afternoon in the Plenary).

Consecutiveness is decided as: successive slots of the grid; the night
between two days does not break it; any slot in between -- a workshop,
informal consultations or nothing -- does.
"""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, FORMAL_SLOT_KINDS, AgendaUnit, Body, Problem
from scheduler.vars import Block, Lit, ModelVars, add, forbid
from scheduler.wording import body_name, counted, long_date, unit_label

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)
ORDER_SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    for rule in (agenda_units, unit_days, agenda_order, flexible_agenda_order):
        rule(problem, model, mv)


def build_tracks(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Registered after every family that creates blocks: a track may name a workshop."""
    tracks(problem, model, mv)


def _bodies_phrase(problem: Problem, u: AgendaUnit) -> str:
    """'the Plenary', or 'one body (Committee I or Committee II)'."""
    names = [body_name(problem, b) for b in u.allowed_bodies]
    if len(names) == 1:
        return f"the {names[0]}"
    return f"one body ({', '.join(names[:-1])} or {names[-1]})"


def agenda_units(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A unit gets its meetings of its body, consecutive when its rule says so."""
    # Canonical order (agenda order), so that the model does not depend on the
    # order in which the caller listed the units.
    for u in sorted(problem.units, key=lambda u: (min(u.items), u.key)):
        name = _bodies_phrase(problem, u)
        label = unit_label(u)
        if u.consecutive == "hard" or u.meetings == 1:
            parts = [(1, u.meetings)]
            what = "1 meeting" if u.meetings == 1 else f"{u.meetings} consecutive meetings"
            desc = f"{label} needs {what} of {name}"
        else:
            parts = [(k + 1, 1) for k in range(u.meetings)]
            desc = f"{label} needs {counted(u.meetings, 'meeting')} of {name}"
        blocks = [
            mv.add_block(
                model,
                Block(
                    index=mv.next_block_index(),
                    unit=u.key,
                    kind="agenda",
                    first_meeting=first,
                    length=length,
                    bodies=u.allowed_bodies,
                    items=u.items,
                    kinds=FORMAL_SLOT_KINDS,
                ),
            )
            for first, length in parts
        ]
        demand = (u.body, u.meetings) if len(u.allowed_bodies) == 1 else None
        lit = mv.rule(model, "clusters", f"clusters.{u.key}", SOURCE, desc, demand)
        for b in blocks:
            add(model.add(mv.placed(b.index) == 1), lit)
        # A unit split over several blocks keeps one body for all its meetings.
        if len(u.allowed_bodies) > 1:
            for b in blocks[1:]:
                for body in u.allowed_bodies:
                    model.add(_in_body(mv, b.index, body) == _in_body(mv, blocks[0].index, body))
        # Split units keep their meetings in order (structural symmetry breaking).
        for a, b in itertools.pairwise(blocks):
            model.add(mv.start(b.index) >= mv.end(a.index) + 1).only_enforce_if(
                [mv.placed_lit(model, a.index), mv.placed_lit(model, b.index)]
            )
        if u.consecutive == "soft" and len(blocks) > 1:
            gap = model.new_int_var(0, mv.grid.T, f"gap_{u.key}")
            model.add(
                gap >= mv.end(blocks[-1].index) - mv.start(blocks[0].index) - (u.meetings - 1)
            )
            mv.soft(
                "clusters_together",
                SOURCE,
                problem.weights.clusters_together,
                gap,
                f"{label}: slots between its first and last meeting beyond {u.meetings}",
            )


def _in_body(mv: ModelVars, bi: int, body: str) -> cp_model.LinearExpr:
    """1 when block bi is placed in `body`."""
    return cp_model.LinearExpr.sum([v for b, _, v in mv.starts[bi] if b == body])


#: The organization of work sets the days of a unit, and the order of units in a track.
DAYS_SOURCE = "The congress's organization of work: days set for an agenda unit"
TRACK_SOURCE = "The congress's organization of work: units taken up one after another"


def unit_days(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A unit meets only from its earliest to its latest day."""
    g = mv.grid
    for u in sorted(problem.units, key=lambda u: (min(u.items), u.key)):
        if u.earliest is None and u.latest is None:
            continue
        lo = u.earliest or g.days[0]
        hi = u.latest or g.days[-1]
        label = unit_label(u)
        if u.earliest and u.latest and lo == hi:
            span = f"on {long_date(lo)}"
        elif u.earliest and u.latest:
            span = f"from {long_date(lo)} to {long_date(hi)}"
        elif u.earliest:
            span = f"not before {long_date(lo)}"
        else:
            span = f"not after {long_date(hi)}"
        cells = [t for t in range(g.T) if lo <= g.date(t) <= hi]
        per_body = len(cells)
        lit = mv.rule(
            model,
            "clusters",
            f"clusters.{u.key}.days",
            DAYS_SOURCE,
            f"{label} is taken up {span}: {counted(per_body, 'meeting slot')} of "
            f"{_bodies_phrase(problem, u)} at most",
        )
        bad = []
        for blk in mv.blocks_of(u.key):
            for _, s, v in mv.starts[blk.index]:
                if g.date(s) < lo or g.date(s + blk.length - 1) > hi:
                    bad.append(v)
        forbid(model, bad, lit)


def flexible_agenda_order(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Agenda order also binds units with a choice of bodies, in the body they get."""
    strength = problem.rules.agenda_order
    if strength == "off":
        return
    order = sorted(
        problem.units, key=lambda u: (u.order if u.order is not None else min(u.items), u.key)
    )
    if all(len(u.allowed_bodies) == 1 for u in order):
        return
    in_body: dict[tuple[str, str], Lit] = {}

    def lit_in(u: AgendaUnit, body: str) -> Lit:
        if (u.key, body) not in in_body:
            v = model.new_bool_var(f"in_{u.key}_{body}")
            model.add(v == _in_body(mv, mv.blocks_of(u.key)[0].index, body))
            in_body[(u.key, body)] = v
        return in_body[(u.key, body)]

    for body in problem.bodies:
        may = [u for u in order if body.key in u.allowed_bodies]
        for i, ua in enumerate(may):
            for ub in may[i + 1 :]:
                if len(ua.allowed_bodies) == 1 and len(ub.allowed_bodies) == 1:
                    continue  # agenda_order has it
                both = [lit_in(ua, body.key), lit_in(ub, body.key)]
                _in_agenda_order(problem, model, mv, (ua, ub), body, both, f".{body.key}")


def tracks(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A track's units are taken up one after another, also across bodies."""
    names = {u.key: unit_label(u) for u in problem.units}
    names.update({w.key: f"workshop {w.number}" for w in problem.workshops})
    for tr in problem.tracks:
        for ka, kb in itertools.pairwise(tr.units):
            ba, bb = mv.blocks_of(ka), mv.blocks_of(kb)
            if not ba or not bb:
                continue
            la, fb = ba[-1], bb[0]
            both = [mv.placed_lit(model, la.index), mv.placed_lit(model, fb.index)]
            ends_before = model.add(mv.start(fb.index) >= mv.end(la.index) + 1)
            what = f"{names.get(ka, ka)} ends before {names.get(kb, kb)} begins"
            if tr.strength == "hard":
                lit = mv.rule(
                    model,
                    "tracks",
                    f"tracks.{tr.key}.{ka}.{kb}",
                    TRACK_SOURCE,
                    f"in {tr.label}, {what}",
                )
                ends_before.only_enforce_if(both + ([lit] if lit is not None else []))
            else:
                late = model.new_bool_var(f"track_{tr.key}_{ka}_{kb}")
                ends_before.only_enforce_if([*both, late.negated()])
                mv.soft(
                    "track_order",
                    TRACK_SOURCE,
                    tr.weight,
                    late,
                    f"{tr.label}: {names.get(kb, kb)} begins before {names.get(ka, ka)} ends",
                )


def agenda_order(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Within each body, units are taken up in agenda order (hard or soft)."""
    strength = problem.rules.agenda_order
    if strength == "off":
        return
    for body in problem.bodies:
        units = problem.units_in_order(body.key)
        pairs = (
            list(itertools.pairwise(units))
            if strength == "hard"
            else [(a, b) for i, a in enumerate(units) for b in units[i + 1 :]]
        )
        for ua, ub in pairs:
            la, fb = mv.blocks_of(ua.key)[-1], mv.blocks_of(ub.key)[0]
            both = [mv.placed_lit(model, la.index), mv.placed_lit(model, fb.index)]
            _in_agenda_order(problem, model, mv, (ua, ub), body, both)


def _in_agenda_order(
    problem: Problem,
    model: cp_model.CpModel,
    mv: ModelVars,
    pair: tuple[AgendaUnit, AgendaUnit],
    body: Body,
    both: list[Lit],
    suffix: str = "",
) -> None:
    """In `body`, unit a ends before unit b starts (when both literals hold): a hard rule
    instance, or a soft inversion at the agenda_order weight."""
    ua, ub = pair
    la, fb = mv.blocks_of(ua.key)[-1], mv.blocks_of(ub.key)[0]
    if problem.rules.agenda_order == "hard":
        lit = mv.rule(
            model,
            "agenda_order",
            f"agenda_order.{ua.key}.{ub.key}{suffix}",
            ORDER_SOURCE,
            f"in the {body.name}, {unit_label(ua)} comes before {unit_label(ub)} (agenda order)",
        )
        model.add(mv.start(fb.index) >= mv.end(la.index) + 1).only_enforce_if(
            both + ([lit] if lit is not None else [])
        )
    else:
        inv = model.new_bool_var(f"inv_{ua.key}_{ub.key}{suffix.replace('.', '_')}")
        model.add(mv.start(fb.index) >= mv.end(la.index) + 1).only_enforce_if(
            [*both, inv.negated()]
        )
        mv.soft(
            "agenda_order",
            ORDER_SOURCE,
            problem.weights.agenda_order,
            inv,
            f"{unit_label(ub)} taken up before {unit_label(ua)} in the {body.name}",
        )
