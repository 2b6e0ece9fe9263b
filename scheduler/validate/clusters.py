"""Checks of agenda units and agenda order (rules/clusters.py)."""

from __future__ import annotations

import itertools

from scheduler import keys
from scheduler.problem import FORMAL_SLOT_KINDS, AgendaUnit
from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import long_date, target_name, unit_label


def _meeting_key(c: Checked, u: AgendaUnit, n: int) -> str:
    """The key of the unit's n-th meeting: named after the allowed body it was placed in
    (a meeting moved by hand to another body keeps its key)."""
    found = (keys.unit_meeting(u.key, b, n) for b in u.allowed_bodies)
    return next((k for k in found if k in c.by_key), keys.unit_meeting(u.key, u.body, n))


def _body_of(c: Checked, u: AgendaUnit) -> str:
    """The body the unit's meetings are in: that of its first meeting held in an allowed
    body (its one body when it has no choice)."""
    for n in range(1, u.meetings + 1):
        m = c.by_key.get(_meeting_key(c, u, n))
        if m is not None and m.body in u.allowed_bodies:
            return m.body
    return u.allowed_bodies[0]


def _positions(c: Checked, u: AgendaUnit) -> list[tuple[int, str, int | None]]:
    """(n, key, position) of each of the unit's meetings; position None when the
    meeting is missing, off the grid or in another body than the unit's others."""
    out: list[tuple[int, str, int | None]] = []
    body = _body_of(c, u)
    for n in range(1, u.meetings + 1):
        k = _meeting_key(c, u, n)
        m = c.by_key.get(k)
        t = c.pos(k, FORMAL_SLOT_KINDS, body)
        out.append((n, k, None if m is None or m.body != body else t))
    return out


def agenda_units(c: Checked) -> list[Violation]:
    """A unit has all its meetings in its body, in order, consecutive when hard."""
    out: list[Violation] = []
    for u in c.problem.units:
        ts: list[int] = []
        for n, k, t in _positions(c, u):
            if t is None:
                out.append(
                    Violation(
                        "clusters", f"{unit_label(u)}: meeting {n} of {u.meetings} is missing", (k,)
                    )
                )
                continue
            ts.append(t)
        if len(ts) != u.meetings:
            continue
        if ts != sorted(ts):
            out.append(Violation("clusters", f"{unit_label(u)}: its meetings are out of order"))
        if u.consecutive == "hard" and ts != list(range(ts[0], ts[0] + u.meetings)):
            out.append(Violation("clusters", f"{unit_label(u)}: its meetings are not consecutive"))
    return out


def unit_days(c: Checked) -> list[Violation]:
    """A unit meets only from its earliest to its latest day."""
    out: list[Violation] = []
    for u in c.problem.units:
        if u.earliest is None and u.latest is None:
            continue
        for n, k, _ in _positions(c, u):
            m = c.by_key.get(k)
            if m is None:
                continue
            if (u.earliest and m.date < u.earliest) or (u.latest and m.date > u.latest):
                out.append(
                    Violation(
                        "clusters",
                        f"{unit_label(u)}: meeting {n} on {long_date(m.date)} is outside its days",
                        (k,),
                    )
                )
    return out


def _first_last(c: Checked) -> dict[str, tuple[int, int]]:
    first_last: dict[str, tuple[int, int]] = {}
    for u in c.problem.units:
        ts = [t for _, _, t in _positions(c, u) if t is not None]
        if len(ts) == u.meetings:
            first_last[u.key] = (ts[0], ts[-1])
    for w in c.problem.workshops:
        ws = [c.pos(keys.workshop_meeting(w.number, n)) for n in range(1, w.meetings + 1)]
        if ws and None not in ws:
            got = [t for t in ws if t is not None]
            first_last[w.key] = (got[0], got[-1])
    return first_last


def tracks(c: Checked) -> list[Violation]:
    """A hard track's units are taken up one after another."""
    out: list[Violation] = []
    first_last = _first_last(c)
    for tr in c.problem.tracks:
        if tr.strength != "hard":
            continue
        for ka, kb in itertools.pairwise(tr.units):
            if ka in first_last and kb in first_last and first_last[ka][1] >= first_last[kb][0]:
                out.append(
                    Violation(
                        "tracks",
                        f"in {tr.label}, {target_name(c.problem, kb)} begins before "
                        f"{target_name(c.problem, ka)} ends",
                    )
                )
    return out


def agenda_order(c: Checked) -> list[Violation]:
    """When agenda order is hard, a body's next unit starts after its previous one ends."""
    out: list[Violation] = []
    if c.problem.rules.agenda_order != "hard":
        return out
    first_last = _first_last(c)
    chosen = {u.key: _body_of(c, u) for u in c.problem.units}
    order = sorted(
        c.problem.units,
        key=lambda u: (u.order if u.order is not None else min(u.items), u.key),
    )
    for body in c.problem.bodies:
        held = [u for u in order if chosen[u.key] == body.key]
        for ua, ub in itertools.pairwise(held):
            if (
                ua.key in first_last
                and ub.key in first_last
                and first_last[ua.key][1] >= first_last[ub.key][0]
            ):
                out.append(
                    Violation(
                        "agenda_order",
                        f"{unit_label(ub)} is taken up before {unit_label(ua)} ends ({body.name})",
                    )
                )
    return out
