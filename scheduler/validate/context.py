"""What every checker reads: the problem, the timetable's meetings by key, positions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scheduler.problem import Problem
from scheduler.timetable import Meeting, Timetable


class Index:
    """Position of (date, slot) in the sequence of formal slots."""

    def __init__(self, problem: Problem) -> None:
        self.formal = [s.key for s in problem.slots if s.formal]
        self.days = problem.days

    def t(self, date: dt.date, slot: str) -> int | None:
        if date not in self.days or slot not in self.formal:
            return None
        return self.days.index(date) * len(self.formal) + self.formal.index(slot)


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

    def pos(self, key: str) -> int | None:
        """Formal-slot position of the meeting `key` (None when absent or off the grid)."""
        m = self.by_key.get(key)
        return self.ix.t(m.date, m.slot) if m else None

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
