"""Pins and exclusions set by an organizer."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from scheduler.vars import ModelVars, add, forbid, impossible
from scheduler.wording import long_date, slot_name, target_name, when


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def build(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    pins(problem, model, mv)
    exclusions(problem, model, mv)


def pins(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """A pinned meeting is held where the organizer put it."""
    g = mv.grid
    anc_index = {a.key: i for i, a in enumerate(problem.ancillary)}
    for i, p in enumerate(problem.pins):
        where = when(problem, p.date, p.slot)
        what = target_name(problem, p.target)
        if p.body:
            where += f" in the {problem.body(p.body).name}"
        # The slots the pin fixes (the whole block when its body is known).
        t_pin = g.t(p.date, p.slot)
        pblocks = [
            b
            for b in mv.blocks_of(p.target)
            if b.first_meeting <= p.meeting < b.first_meeting + b.length
        ]
        takes: tuple[tuple[str, int], ...] = ()
        if t_pin is not None and pblocks:
            pb = pblocks[0]
            body_key = p.body or (pb.bodies[0] if len(pb.bodies) == 1 else None)
            if body_key is not None:
                k = p.meeting - pb.first_meeting
                span = next(
                    (
                        sp
                        for (sb, _), sp in mv.spans[pb.index].items()
                        if sb == body_key and sp[k] == t_pin
                    ),
                    tuple(range(t_pin - k, t_pin - k + pb.length)),
                )
                takes = tuple((body_key, t) for t in span)
        lit = mv.rule(
            model,
            "pins",
            f"pins.{i}.{p.target}",
            p.source,
            f"a pin puts the {_ordinal(p.meeting)} meeting of {what} on {where}",
            takes=takes,
            label=f"the pin of {what}",
        )
        if p.target in anc_index:
            di = g.day_index(p.date)
            opts = mv.anc.get(anc_index[p.target], [])
            hit = [v for dd, ss, v in opts if dd == di and ss == p.slot]
            if hit:
                add(model.add(sum(hit) == 1), lit)
            else:
                impossible(model, lit)
            continue
        rw = next((w for w in problem.workshops if w.key == p.target and w.room), None)
        if rw is not None:
            # A side workshop in its room: the pinned meeting's (day, slot) in its sequence.
            seq = problem.room_workshop_slots(rw)
            hit = [
                v
                for q, v in mv.room_ws.get(rw.number, [])
                if 0 <= p.meeting - 1 < rw.meetings and seq[q + p.meeting - 1] == (p.date, p.slot)
            ]
            if hit:
                add(model.add(sum(hit) == 1), lit)
            else:
                impossible(model, lit)
            continue
        blocks = [
            b
            for b in mv.blocks_of(p.target)
            if b.first_meeting <= p.meeting < b.first_meeting + b.length
        ]
        t = g.t(p.date, p.slot)
        if not blocks or t is None:
            impossible(model, lit)
            continue
        blk = blocks[0]
        hit = mv.at_meeting(blk.index, p.body, p.meeting - blk.first_meeting, t)
        if hit:
            add(model.add(sum(hit) == 1), lit)
        else:
            impossible(model, lit)


def exclusions(problem: Problem, model: cp_model.CpModel, mv: ModelVars) -> None:
    """An excluded body or unit does not meet in the excluded days and slots."""
    g = mv.grid
    anc_index = {a.key: i for i, a in enumerate(problem.ancillary)}
    for i, e in enumerate(problem.exclusions):
        days = e.dates if e.dates is not None else tuple(g.days)
        slots = e.slots or tuple(g.all_slots)
        ts = sorted({t for d in days for s in slots if (t := g.t(d, s)) is not None})
        who = (
            target_name(problem, e.target)
            if e.target
            else (f"the {problem.body(e.body).name}" if e.body else "every body")
        )
        dates = "; ".join(long_date(d) for d in days) if e.dates is not None else "every day"
        lit = mv.rule(
            model,
            "exclusions",
            f"exclusions.{i}",
            e.source,
            f"{who} may not meet on {dates}"
            + (f" ({', '.join(slot_name(problem, s) for s in e.slots)})" if e.slots else ""),
        )
        bad = []
        for blk in mv.blocks:
            if e.target is not None and blk.unit != e.target:
                continue
            for b, s, v in mv.starts[blk.index]:
                if e.body is not None and b != e.body:
                    continue
                if any(t in ts for t in mv.span(blk.index, b, s)):
                    bad.append(v)
        if e.target in anc_index:
            dis = {g.day_index(d) for d in days}
            bad += [
                v for dd, ss, v in mv.anc.get(anc_index[e.target], []) if dd in dis and ss in slots
            ]
        for w in problem.workshops:
            if w.room is not None and e.target == w.key:
                seq = problem.room_workshop_slots(w)
                dset = set(days)
                bad += [
                    v
                    for q, v in mv.room_ws.get(w.number, [])
                    if any(
                        seq[q + k][0] in dset and seq[q + k][1] in slots for k in range(w.meetings)
                    )
                ]
        forbid(model, bad, lit)
