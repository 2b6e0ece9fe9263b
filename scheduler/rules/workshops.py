"""Workshops (GA res. 63/193).

Each workshop takes `meetings` consecutive meetings of one body (two half-days
of one day in the 2010 annex); the solver chooses the body among those allowed.
Two workshops never share a body and slot (grid rule: a body meets once per
slot).
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from scheduler.problem import DEFAULT_SOURCE, Problem, Workshop
from scheduler.vars import Block, ModelVars, add, forbid, impossible
from scheduler.wording import body_name, counted, kinds_phrase, slot_name

SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)
SPREAD_SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)
AFTER_SOURCE = DEFAULT_SOURCE  #: the congress cites it (Problem.sources)


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    workshop_meetings(problem, model, mv)
    workshops_spread(problem, model, mv)
    workshop_after_item(problem, model, mv)


def _needs(problem: Problem, w: Workshop, where: str, per_day: int, days: int) -> str:
    """'workshop 1 (Title) needs 4 consecutive half-days of one body from a morning, over
    consecutive days; the congress has 3 days of 2 meeting slots'."""
    same_day = w.same_day(problem.rules)
    what = "1 half-day" if w.meetings == 1 else f"{w.meetings} consecutive half-days"
    text = f"workshop {w.number} ({w.short_title or w.title}) needs {what} {where}"
    if w.start == "morning":
        text += " from the first slot of a day"
    if same_day:
        text += f" on one day; a day has {counted(per_day, 'meeting slot')}"
    else:
        text += (
            f", over consecutive days if need be; the congress has {counted(days, 'day')} of "
            f"{counted(per_day, 'meeting slot')}"
        )
    return text


def _per_day(problem: Problem, mv: ModelVars, w: Workshop) -> int:
    """The most cells of the kinds the workshop may use that a day has."""
    g = mv.grid
    per: dict[dt.date, int] = {}
    for t in range(g.T):
        if problem.slot(g.slot(t), g.date(t)).kind in w.allowed_kinds:
            per[g.date(t)] = per.get(g.date(t), 0) + 1
    return max(per.values(), default=0)


def workshop_meetings(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A workshop takes its consecutive meetings of one allowed body, in a room seating it."""
    all_bodies = tuple(b.key for b in problem.bodies)
    for w in sorted(problem.workshops, key=lambda w: w.number):
        if w.room is not None:
            room_workshop(problem, model, mv, w)
            continue
        bodies = w.bodies or all_bodies
        same_day = w.same_day(problem.rules)
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
        where = f"of the {body_name(problem, bodies[0])}" if len(bodies) == 1 else "of one body"
        if w.slot_kinds:
            where += f", in {kinds_phrase(w.slot_kinds)} slots"
        lit = mv.rule(
            model,
            "workshops",
            f"workshops.{w.key}",
            SOURCE,
            _needs(problem, w, where, _per_day(problem, mv, w), len(mv.grid.days)),
        )
        add(model.add(mv.placed(blk.index) == 1), lit)
        if w.start == "morning":
            forbid(model, [v for _, t, v in mv.starts[blk.index] if not mv.grid.opens_day(t)], lit)
        # Registered right after the workshop's own rule: the order of instances is
        # the order explanations shrink in (rules/__init__.py).
        workshop_room(problem, model, mv, w, blk)


def room_workshop(problem: Problem, model: cp_model.CpModel, mv: ModelVars, w: Workshop) -> None:
    """A side workshop takes consecutive meetings of its own slots in its room, outside
    the bodies (their grid and exclusions do not bind it)."""
    seq = problem.room_workshop_slots(w)
    same_day = w.same_day(problem.rules)
    firsts = {i for i, (d, _) in enumerate(seq) if i == 0 or seq[i - 1][0] != d}
    opts: list[tuple[int, cp_model.IntVar]] = []
    for p in range(len(seq) - w.meetings + 1):
        if same_day and seq[p][0] != seq[p + w.meetings - 1][0]:
            continue
        if w.start == "morning" and p not in firsts:
            continue
        opts.append((p, model.new_bool_var(f"rw_{w.number}_{p}")))
    mv.room_ws[w.number] = opts
    used = {s for _, s in seq}
    names = [slot_name(problem, sl.key) for sl in problem.slots if sl.key in used]
    per_day = len(names)
    where = f"in {w.room} ({', '.join(names) or 'no'} slots)"
    lit = mv.rule(
        model,
        "workshops",
        f"workshops.{w.key}",
        SOURCE,
        _needs(problem, w, where, per_day, len(problem.days)),
    )
    if opts:
        add(model.add(sum(v for _, v in opts) == 1), lit)
    else:
        impossible(model, lit)
    room = problem.room(w.room)
    if w.expected_attendance and room is not None and room.capacity < w.expected_attendance:
        rl = mv.rule(
            model,
            "capacity",
            f"capacity.{w.key}.room",
            "A room's capacity at least the expected attendance",
            f"workshop {w.number} needs a room for {w.expected_attendance} people; "
            f"{room.name} seats {room.capacity}",
        )
        impossible(model, rl)


def build_rooms(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """Registered after every family that creates variables (rules/__init__.py)."""
    room_workshops_free(problem, model, mv)


def room_workshops_free(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A side workshop's room holds nothing else at the time: no body meeting in it, no
    other side workshop."""
    g = mv.grid
    by_room: dict[str, list[Workshop]] = {}
    for w in sorted(problem.workshops, key=lambda w: w.number):
        if w.room is not None:
            by_room.setdefault(w.room, []).append(w)
    for room, ws in sorted(by_room.items()):
        users: dict[tuple[dt.date, str], list[cp_model.IntVar]] = {}
        for w in ws:
            seq = problem.room_workshop_slots(w)
            for p, v in mv.room_ws.get(w.number, []):
                for k in range(w.meetings):
                    users.setdefault(seq[p + k], []).append(v)
        bodies = [b.key for b in problem.bodies if b.room == room]
        lit = mv.rule(
            model,
            "rooms",
            f"rooms.{room}.workshops",
            "One meeting per room at a time",
            f"{room} holds one meeting at a time ("
            + ", ".join(
                [f"workshop {w.number}" for w in ws]
                + [f"the {body_name(problem, b)}" for b in bodies]
            )
            + ")",
        )
        for (day, slot), lits in sorted(users.items()):
            terms = list(lits)
            const = 0
            t = g.t(day, slot)
            if t is not None:
                for b in bodies:
                    if (b, t) in mv.fixed_at:
                        const += 1
                    else:
                        terms.extend(mv.covering(b, t))
            if len(terms) + const > 1:
                add(model.add(sum(terms) + const <= 1), lit)


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
            if unit is None or w.room is not None:
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
