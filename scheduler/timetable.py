"""Output of the scheduler: a timetable, its status and its per-rule report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "agenda",
    "workshop",
    "high-level",
    "segment",
    "informal",
    "pre-congress",
    "opening",
    "closing",
    "event",
    "room-event",
    "ancillary",
]
Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID", "UNKNOWN"]

#: Kinds that are formal meetings (interpretation; count against the cap).
FORMAL_KINDS: frozenset[str] = frozenset(
    {"agenda", "workshop", "high-level", "segment", "pre-congress", "opening", "closing", "event"}
)


@dataclass(frozen=True)
class Meeting:
    key: str
    """Stable identity across versions: "plenary:cluster-3-5:2",
    "workshop-3:1", "plenary:high-level-segment:1", "plenary:opening",
    "committee-1:informal:2010-04-14:morning", "ancillary:<key>"."""
    date: dt.date
    slot: str  #: slot key
    body: str  #: body key ("" for ancillary meetings)
    body_name: str
    kind: Kind
    start: dt.datetime  #: naive local time of the venue
    end: dt.datetime
    agenda_items: tuple[int, ...] = ()
    workshop: str | None = None  #: workshop title
    room: str | None = None
    title: str = ""
    also: tuple[str, ...] = ()
    """Other unit meetings this meeting carries (the 2010 opening meeting also
    is the first meeting of cluster 3+5: also=("plenary:cluster-3-5:1",))."""

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.also)

    def to_dict(self, with_key: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "date": self.date.isoformat(),
            "slot": self.slot,
            "body": self.body_name,
            "kind": self.kind,
            "agenda_items": list(self.agenda_items),
            "workshop": self.workshop,
            "start": self.start.isoformat(timespec="minutes"),
            "end": self.end.isoformat(timespec="minutes"),
            "room": self.room,
        }
        if with_key:
            d["key"] = self.key
        return d


@dataclass(frozen=True)
class Violation:
    rule: str  #: rule name, e.g. "high_level_segment"
    message: str  #: plain words
    meetings: tuple[str, ...] = ()  #: meeting keys involved

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "meetings": list(self.meetings)}


@dataclass(frozen=True)
class RuleResult:
    """One line of the per-rule report."""

    name: str  #: e.g. "workshops_spread"
    source: str  #: document the rule comes from
    hard: bool
    satisfied: bool
    violations: int = 0
    penalty: int = 0  #: weighted penalty (soft rules)
    weight: int = 0
    description: str = ""


@dataclass(frozen=True)
class MeetingMove:
    key: str
    before: tuple[str, str, str]  #: (date, slot, body key)
    after: tuple[str, str, str]


@dataclass(frozen=True)
class Diff:
    moved: tuple[MeetingMove, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.moved or self.added or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "moved": [
                {"key": m.key, "before": list(m.before), "after": list(m.after)} for m in self.moved
            ],
            "added": list(self.added),
            "removed": list(self.removed),
        }


@dataclass
class Timetable:
    status: Status
    time_zone: str = "UTC"
    meetings: list[Meeting] = field(default_factory=list)
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None  #: (objective - bound) / max(1, |objective|)
    wall_time_s: float = 0.0
    rule_report: list[RuleResult] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    explanation: str | None = None
    conflicting_rules: list[str] = field(default_factory=list)
    """Names of the rule instances in the minimal conflicting set."""
    diff: Diff | None = None
    bodies: list[tuple[str, str]] = field(default_factory=list)
    """(key, name) of the bodies in display order."""
    slots: list[tuple[str, str]] = field(default_factory=list)
    """(key, name) of the slots in display order."""

    @property
    def ok(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    def find(self, date: dt.date, slot: str, body: str) -> Meeting | None:
        for m in self.meetings:
            if m.date == date and m.slot == slot and m.body == body:
                return m
        return None

    def by_key(self) -> dict[str, Meeting]:
        out: dict[str, Meeting] = {}
        for m in self.meetings:
            for k in m.keys:
                out[k] = m
        return out

    def to_dict(self, with_keys: bool = False) -> dict[str, Any]:
        """The CLI's JSON shape."""
        return {
            "status": self.status,
            "objective": self.objective,
            "best_bound": self.best_bound,
            "wall_time_s": round(self.wall_time_s, 3),
            "meetings": [m.to_dict(with_keys) for m in self.meetings],
            "violations": [v.to_dict() for v in self.violations],
            "explanation": self.explanation,
        }

    # ---- plain-text grid like the annex ---------------------------------

    def cell_label(self, m: Meeting) -> str:
        if m.kind == "workshop":
            return f"Workshop: {m.title or m.workshop}"
        if m.kind == "high-level":
            return "High-level segment"
        if m.kind in ("segment", "event", "room-event"):
            return m.title or m.kind
        if m.kind == "informal":
            return "Informal consultations"
        if m.kind == "pre-congress":
            return m.title or "Pre-Congress consultations"
        items = ", ".join(str(i) for i in m.agenda_items)
        base = f"Items {items}" if len(m.agenda_items) > 1 else f"Item {items}"
        if m.kind == "opening":
            return f"Opening; {base}"
        if m.kind == "closing":
            return f"{base}; closure"
        return base

    def render_grid(self, width: int = 28) -> str:
        """Days as rows, a row per slot, a column per body (as the annex)."""
        if not self.meetings:
            return f"{self.status}: {self.explanation or 'no meetings'}"
        bodies = self.bodies or sorted({(m.body, m.body_name) for m in self.meetings if m.body})
        slot_names = dict(self.slots)
        slot_order = {k: i for i, (k, _) in enumerate(self.slots)}
        cells: dict[tuple[dt.date, str, str], str] = {}
        for m in self.meetings:
            if m.kind != "ancillary":
                cells[(m.date, m.slot, m.body)] = self.cell_label(m)
        rows = sorted(
            {(d, s) for (d, s, _) in cells}, key=lambda x: (x[0], slot_order.get(x[1], 99), x[1])
        )

        def fit(text: str) -> str:
            return text if len(text) <= width else text[: width - 1] + "…"

        header = f"{'Day':<22}" + "".join(f"{fit(n):<{width + 2}}" for _, n in bodies)
        lines = [header, "-" * len(header)]
        last_day: dt.date | None = None
        for d, s in rows:
            if d != last_day:
                lines.append(d.strftime("%A, %d %B %Y"))
                last_day = d
            label = f"  {slot_names.get(s, s)}"
            line = f"{label:<22}" + "".join(
                f"{fit(cells.get((d, s, bk), '')):<{width + 2}}" for bk, _ in bodies
            )
            lines.append(line.rstrip())
        # Meetings of a room and no body (side workshops) below the grid.
        side = [m for m in self.meetings if m.kind == "workshop" and not m.body]
        if side:
            lines.append("Other meetings")
            for m in sorted(side, key=lambda m: (m.date, m.start, m.key)):
                when = f"{m.date.strftime('%A, %d %B %Y')} {slot_names.get(m.slot, m.slot)}"
                lines.append(f"  {when}: {self.cell_label(m)} ({m.room})")
        return "\n".join(lines)
