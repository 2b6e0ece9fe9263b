"""What every checker reads: the problem, the timetable's meetings by key, positions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scheduler.problem import Problem
from scheduler.timetable import Meeting, Timetable


class Index:
    """Position of (date, slot) in the grid's cells (Problem.cells: per-day slots, no
    side slots, no day the calendar closes)."""

    def __init__(self, problem: Problem) -> None:
        self._problem = problem
        self._among: dict[tuple[tuple[str, ...], str | None], dict[tuple[dt.date, str], int]] = {}
        self.days = problem.days
        self.cells = problem.cells()
        self._t = {cell: t for t, cell in enumerate(self.cells)}
        day_index = {d: i for i, d in enumerate(self.days)}
        self._days_of = [day_index[d] for d, _ in self.cells]

    def t(self, date: dt.date, slot: str) -> int | None:
        return self._t.get((date, slot))

    def t_among(
        self, kinds: tuple[str, ...], date: dt.date, slot: str, body: str | None = None
    ) -> int | None:
        """Position of (date, slot) among the cells of `kinds` on the days `body` meets
        (consecutive meetings of a unit skip the other cells)."""
        key = (kinds, body)
        if key not in self._among:
            p = self._problem
            b = next((x for x in p.bodies if x.key == body), None)
            cells = [
                c
                for c in self.cells
                if p.slot(c[1], c[0]).kind in kinds and (b is None or p.meeting_day(c[0], b))
            ]
            self._among[key] = {c: i for i, c in enumerate(cells)}
        return self._among[key].get((date, slot))

    def first_from(self, day: int) -> int:
        """The first cell on day index `day` or later (len(cells) when there is none)."""
        return next((t for t, d in enumerate(self._days_of) if d >= day), len(self.cells))

    def last_until(self, day: int) -> int:
        """The last cell on day index `day` or earlier (-1 when there is none)."""
        n = len(self.cells)
        return next((t for t in range(n - 1, -1, -1) if self._days_of[t] <= day), -1)


@dataclass
class Checked:
    """A timetable under check, independent of the CP-SAT model."""

    problem: Problem
    meetings: list[Meeting]
    ix: Index
    by_key: dict[str, Meeting] = field(default_factory=dict)
    #: meeting keys held by more than one meeting, in the order met
    duplicates: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, problem: Problem, timetable: Timetable) -> Checked:
        checked = cls(problem, list(timetable.meetings), Index(problem))
        for m in checked.meetings:
            for k in m.keys:
                if k in checked.by_key:
                    checked.duplicates.append(k)
                checked.by_key[k] = m
        return checked

    def pos(
        self, key: str, kinds: tuple[str, ...] | None = None, body: str | None = None
    ) -> int | None:
        """Grid position of the meeting `key` (None when absent or off the grid); among
        the cells of `kinds` only when given."""
        m = self.by_key.get(key)
        if m is None:
            return None
        return (
            self.ix.t(m.date, m.slot)
            if kinds is None
            else self.ix.t_among(kinds, m.date, m.slot, body)
        )

    def fixed_t(self, kind: str) -> int | None:
        """Position of the meeting held for the (last listed) fixed event of `kind`."""
        t: int | None = None
        for ev in self.problem.fixed_events:
            if ev.kind != kind:
                continue
            m = self.by_key.get(ev.meeting_key)
            if m is not None:
                t = self.ix.t(m.date, m.slot)
        return t
