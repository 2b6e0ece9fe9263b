"""Checks of agenda units and agenda order (rules/clusters.py)."""

from __future__ import annotations

import itertools

from scheduler import keys
from scheduler.problem import FORMAL_SLOT_KINDS, AgendaUnit
from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import unit_label


def _positions(c: Checked, u: AgendaUnit) -> list[tuple[int, str, int | None]]:
    """(n, key, position) of each of the unit's meetings; position None when the
    meeting is missing, off the grid or in another body."""
    out: list[tuple[int, str, int | None]] = []
    for n in range(1, u.meetings + 1):
        k = keys.unit_meeting(u.key, u.body, n)
        m = c.by_key.get(k)
        t = c.pos(k, FORMAL_SLOT_KINDS, u.body)
        out.append((n, k, None if m is None or m.body != u.body else t))
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


def agenda_order(c: Checked) -> list[Violation]:
    """When agenda order is hard, a body's next unit starts after its previous one ends."""
    out: list[Violation] = []
    if c.problem.rules.agenda_order != "hard":
        return out
    first_last: dict[str, tuple[int, int]] = {}
    for u in c.problem.units:
        ts = [t for _, _, t in _positions(c, u) if t is not None]
        if len(ts) == u.meetings:
            first_last[u.key] = (ts[0], ts[-1])
    for body in c.problem.bodies:
        for ua, ub in itertools.pairwise(c.problem.units_in_order(body.key)):
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
