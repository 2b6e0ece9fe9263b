"""Workshops (GA res. 63/193).

Each workshop takes `meetings` consecutive meetings of one body (two half-days
of one day in the 2010 annex); the solver chooses the body among those allowed.
Two workshops never share a body and slot (grid rule: a body meets once per
slot).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import Problem, Workshop
from scheduler.vars import Block, ModelVars, add, forbid
from scheduler.wording import kinds_phrase

SOURCE = "GA res. 63/193: issues considered in workshops; A/CONF.213/1 annex: two half-days"
SPREAD_SOURCE = "A/CONF.213/1 annex: workshops spread over the week"
AFTER_SOURCE = "A/CONF.213/1: workshops annotated under agenda items 5 and 7; annex"


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    workshop_meetings(problem, model, mv)
    workshops_spread(problem, model, mv)
    workshop_after_item(problem, model, mv)


def workshop_meetings(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A workshop takes its consecutive meetings of one allowed body, in a room seating it."""
    all_bodies = tuple(b.key for b in problem.bodies)
    for w in sorted(problem.workshops, key=lambda w: w.number):
        bodies = w.bodies or all_bodies
        same_day = problem.rules.workshops_same_day
        blk = mv.add_block(
            model,
            Block(
                index=mv.next_block_index(),
                unit=w.key,
                kind="workshop",
                first_meeting=1,
                length=w.meetings,
                bodies=bodies,
                same_day=same_day,
                workshop=w.number,
                kinds=w.allowed_kinds,
            ),
        )
        where = "the same day" if same_day else "one body"
        if w.slot_kinds:
            where += f", in {kinds_phrase(w.slot_kinds)} slots"
        lit = mv.rule(
            model,
            "workshops",
            f"workshops.{w.key}",
            SOURCE,
            f"workshop {w.number} ({w.short_title or w.title}) needs "
            + (
                f"{w.meetings} consecutive meetings of one body on {where}"
                if w.meetings > 1
                else f"1 meeting of one body on {where}"
            ),
        )
        add(model.add(mv.placed(blk.index) == 1), lit)
        # Registered right after the workshop's own rule: the order of instances is
        # the order explanations shrink in (rules/__init__.py).
        workshop_room(problem, model, mv, w, blk)


def workshop_room(
    problem: Problem, model: cp_model.CpModel, mv: ModelVars, w: Workshop, blk: Block
) -> None:
    """The room of the workshop's body seats its expected attendance."""
    if w.expected_attendance:
        small = []
        for b in blk.bodies:
            room = problem.room(problem.body(b).room)
            if room is not None and room.capacity < w.expected_attendance:
                small.append(b)
        if small:
            rl = mv.rule(
                model,
                "capacity",
                f"capacity.{w.key}.room",
                "A room's capacity at least the expected attendance",
                f"workshop {w.number} needs a room for {w.expected_attendance} people",
            )
            forbid(model, [v for b, _, v in mv.starts[blk.index] if b in small], rl)


def _workshop_blocks(mv: ModelVars) -> list[Block]:
    """The workshops' blocks, in the order workshop_meetings made them (by number)."""
    return [blk for blk in mv.blocks if blk.kind == "workshop"]


def workshops_spread(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Preference: workshops spread over the week."""
    g = mv.grid
    wblocks = _workshop_blocks(mv)
    # Spread over the week: each pair of workshops held on the same day costs
    # (a convex count: a third workshop on a day costs more than a second).
    # Pairs = sum over j >= 1 of max(0, count - j), linear in the booleans.
    if wblocks and problem.weights.workshops_spread:
        for d in range(len(g.days)):
            starts = [v for blk in wblocks for _, t, v in mv.starts[blk.index] if g.day(t) == d]
            if len(starts) < 2:
                continue
            count = cp_model.LinearExpr.sum(starts)
            for j in range(1, len(wblocks)):
                excess = model.new_int_var(0, len(wblocks), f"wexcess_{d}_{j}")
                model.add(excess >= count - j)
                mv.soft(
                    "workshops_spread",
                    SPREAD_SOURCE,
                    problem.weights.workshops_spread,
                    excess,
                    "pairs of workshops held on the same day",
                )


def workshop_after_item(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Preference: a workshop after (and soon after) the debate on its agenda item."""
    # A workshop follows the debate on its agenda item: A/CONF.213/1 annotates
    # the workshops under items 5 and 7, and the annex holds each workshop
    # after the meetings of the cluster that takes up its item.
    if problem.weights.workshop_after_item or problem.weights.workshop_near_item:
        for w in problem.workshops:
            if w.agenda_item is None:
                continue
            unit = next((u for u in problem.units if w.agenda_item in u.items), None)
            if unit is None:
                continue
            last = mv.blocks_of(unit.key)[-1]
            wb = mv.blocks_of(w.key)[0]
            early = model.new_bool_var(f"early_{w.key}")
            model.add(mv.start(wb.index) >= mv.end(last.index) + 1).only_enforce_if(
                [early.negated(), mv.placed_lit(model, wb.index), mv.placed_lit(model, last.index)]
            )
            if problem.weights.workshop_near_item:
                # ... and soon after it, while the debate is fresh.
                dist = model.new_int_var(0, mv.grid.T, f"dist_{w.key}")
                model.add(dist >= mv.start(wb.index) - mv.end(last.index) - 1)
                mv.soft(
                    "workshop_near_item",
                    AFTER_SOURCE,
                    problem.weights.workshop_near_item,
                    dist,
                    f"slots between the debate on item {w.agenda_item} and workshop {w.number}",
                )
            mv.soft(
                "workshop_after_item",
                AFTER_SOURCE,
                problem.weights.workshop_after_item,
                early,
                f"workshop {w.number} before the debate on agenda item {w.agenda_item} ends",
            )
