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

from scheduler.problem import FORMAL_SLOT_KINDS, Problem
from scheduler.vars import Block, ModelVars, add
from scheduler.wording import unit_label

SOURCE = "A/CONF.213/1, item 2 (d): clusters considered together in consecutive meetings"
ORDER_SOURCE = "A/CONF.213/1: provisional agenda; items taken up in agenda order"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    agenda_units(problem, model, mv)
    agenda_order(problem, model, mv)


def agenda_units(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A unit gets its meetings of its body, consecutive when its rule says so."""
    # Canonical order (agenda order), so that the model does not depend on the
    # order in which the caller listed the units.
    for u in sorted(problem.units, key=lambda u: (min(u.items), u.key)):
        name = problem.body(u.body).name
        label = unit_label(u)
        if u.consecutive == "hard" or u.meetings == 1:
            parts = [(1, u.meetings)]
            desc = (
                f"{label} needs {u.meetings} consecutive meetings of the {name}"
                if u.meetings > 1
                else f"{label} needs 1 meeting of the {name}"
            )
        else:
            parts = [(k + 1, 1) for k in range(u.meetings)]
            desc = f"{label} needs {u.meetings} meetings of the {name}"
        blocks = [
            mv.add_block(
                model,
                Block(
                    index=mv.next_block_index(),
                    unit=u.key,
                    kind="agenda",
                    first_meeting=first,
                    length=length,
                    bodies=(u.body,),
                    items=u.items,
                    kinds=FORMAL_SLOT_KINDS,
                ),
            )
            for first, length in parts
        ]
        lit = mv.rule(model, "clusters", f"clusters.{u.key}", SOURCE, desc, (u.body, u.meetings))
        for b in blocks:
            add(model.add(mv.placed(b.index) == 1), lit)
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
            if strength == "hard":
                lit = mv.rule(
                    model,
                    "agenda_order",
                    f"agenda_order.{ua.key}.{ub.key}",
                    ORDER_SOURCE,
                    f"in the {body.name}, {unit_label(ua)} comes before {unit_label(ub)} "
                    "(agenda order)",
                )
                model.add(mv.start(fb.index) >= mv.end(la.index) + 1).only_enforce_if(
                    both + ([lit] if lit is not None else [])
                )
            else:
                inv = model.new_bool_var(f"inv_{ua.key}_{ub.key}")
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
