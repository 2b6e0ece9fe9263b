"""The model's variables and the helpers every rule family uses to post constraints.

Rules (scheduler/rules/) and the composer (model.py) both import this module and
neither imports the other, so no import cycle needs breaking inside a function.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler import keys
from scheduler.problem import Body, Problem

Lit = cp_model.IntVar


@dataclass(frozen=True)
class Block:
    """A run of consecutive meetings of one unit in one body."""

    index: int
    unit: str  #: unit key ("cluster-3-5", "workshop-3", "high-level-segment")
    kind: str  #: "agenda" | "workshop" | "high-level"
    first_meeting: int  #: 1-based number of the unit's meeting the block starts with
    length: int
    bodies: tuple[str, ...]
    same_day: bool = False
    items: tuple[int, ...] = ()
    workshop: int | None = None  #: workshop number
    kinds: tuple[str, ...] | None = None
    """Kinds of slots the block's meetings use (None: every cell). Consecutive means
    successive among those cells: an informal slot between two formal ones does not
    break a cluster's run."""

    def meeting_key(self, body: str, n: int) -> str:
        """Stable key of the unit's n-th meeting (1-based)."""
        return keys.unit_meeting(self.unit, body, n)


@dataclass
class RuleInstance:
    family: str  #: rule family, e.g. "high_level_segment"
    name: str  #: instance name, e.g. "high_level_segment.window"
    source: str
    description: str  #: plain words, used in explanations
    lit: Lit | None = None
    demand: tuple[str, int] | None = None  #: (body, meetings) the rule asks for
    takes: tuple[tuple[str, int], ...] = ()  #: (body, t) slots the rule fixes
    span: tuple[str, int, int] | None = None  #: (body, first t, last t) of a window
    label: str = ""  #: short name, e.g. "the closing"


@dataclass
class Term:
    """A soft preference: weight x expression, reported one by one."""

    name: str
    source: str
    weight: int
    expr: cp_model.LinearExprT
    description: str


class Grid:
    """The cells a body may meet in, (date, slot) in time order, as one sequence t.

    Each day has its own slots (`Problem.day_slots`); side slots and days the calendar
    closes are not cells, so a night, an evening side slot or a closed weekend between
    two cells does not break consecutive meetings."""

    def __init__(self, problem: Problem) -> None:
        self._problem = problem
        self.days: list[dt.date] = problem.days
        self._day_index = {d: i for i, d in enumerate(self.days)}
        self.cells: list[tuple[dt.date, str]] = problem.cells()
        self._t = {cell: t for t, cell in enumerate(self.cells)}
        self._days_of = [self._day_index[d] for d, _ in self.cells]
        self.all_slots: list[str] = list(
            dict.fromkeys(
                [s.key for s in problem.slots]
                + [s.key for ds in problem.day_slots for s in ds.slots]
            )
        )
        self.T = len(self.cells)
        self.kinds: list[str] = [problem.slot(k, d).kind for d, k in self.cells]

    def eligible(self, kinds: tuple[str, ...] | None, body: Body | None = None) -> list[int]:
        """The cells of the given kinds (every cell for None) on days `body` may meet on
        (its own calendar rule), in time order."""
        return [
            t
            for t in range(self.T)
            if (kinds is None or self.kinds[t] in kinds)
            and (body is None or self._problem.meeting_day(self.cells[t][0], body))
        ]

    def t(self, date: dt.date, slot: str) -> int | None:
        return self._t.get((date, slot))

    def day(self, t: int) -> int:
        return self._days_of[t]

    def date(self, t: int) -> dt.date:
        return self.cells[t][0]

    def slot(self, t: int) -> str:
        return self.cells[t][1]

    def label(self, t: int) -> str:
        return f"{self.date(t).strftime('%d %B')} {self.slot(t)}".lstrip("0")

    def day_index(self, date: dt.date) -> int | None:
        return self._day_index.get(date)

    def opens_day(self, t: int) -> bool:
        """Cell t is the first cell of its day."""
        return t == 0 or self._days_of[t - 1] != self._days_of[t]

    def most_per_day(self) -> int:
        """The most cells any day has."""
        return max(Counter(self._days_of).values(), default=0)

    def first_from(self, day: int) -> int:
        """The first cell on day index `day` or later (T when there is none)."""
        return next((t for t, d in enumerate(self._days_of) if d >= day), self.T)

    def last_until(self, day: int) -> int:
        """The last cell on day index `day` or earlier (-1 when there is none)."""
        return next((t for t in range(self.T - 1, -1, -1) if self._days_of[t] <= day), -1)


@dataclass
class ModelVars:
    problem: Problem
    grid: Grid
    explain: bool = False
    blocks: list[Block] = field(default_factory=list)
    #: block index -> list of (body, start t, var), in (body order, t) order
    starts: dict[int, list[tuple[str, int, Lit]]] = field(default_factory=dict)
    #: ancillary index -> list of (day index, slot key, var)
    anc: dict[int, list[tuple[int, str, Lit]]] = field(default_factory=dict)
    #: room workshop number -> list of (start position in Problem.room_workshop_slots, var)
    room_ws: dict[int, list[tuple[int, Lit]]] = field(default_factory=dict)
    rules: list[RuleInstance] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    #: (body, t) -> fixed event kind occupying it on the grid
    fixed_at: dict[tuple[str, int], str] = field(default_factory=dict)
    #: t of the opening / closing meeting (None if off-grid or absent)
    opening_t: int | None = None
    closing_t: int | None = None
    #: (body, t) -> enforcement literal of the fixed event holding it (None: not explaining)
    fixed_lits: dict[tuple[str, int], Lit | None] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    #: meeting key -> (date, slot, body) in the timetable being re-solved (stability)
    previous: dict[str, tuple[dt.date, str, str]] = field(default_factory=dict)
    _placed: dict[int, Lit] = field(default_factory=dict)
    #: block index -> (body, start t) -> the cells its meetings take, in order
    spans: dict[int, dict[tuple[str, int], tuple[int, ...]]] = field(default_factory=dict)

    # ---- registration -----------------------------------------------------

    def rule(
        self,
        model: cp_model.CpModel,
        family: str,
        name: str,
        source: str,
        description: str,
        demand: tuple[str, int] | None = None,
        *,
        takes: tuple[tuple[str, int], ...] = (),
        span: tuple[str, int, int] | None = None,
        label: str = "",
        own: str = "",
    ) -> Lit | None:
        """Register a hard rule instance; returns its enforcement literal
        when explaining, else None (the constraint is then unconditional).
        A disabled instance gets a literal fixed to false: presolve then drops
        its constraints and the rest of the model keeps its full strength.
        `source` is the scheduler's neutral wording, `own` the citation the congress
        gave this instance (Problem.source_of)."""
        src = self.problem.source_of(name, source, own)
        lit: Lit | None = None
        if name in self.disabled:
            lit = model.new_bool_var(name)
            model.add(lit == 0)
        elif self.explain:
            lit = model.new_bool_var(name)
        self.rules.append(
            RuleInstance(family, name, src, description, lit, demand, takes, span, label)
        )
        return lit

    def soft(
        self,
        name: str,
        source: str,
        weight: int,
        expr: cp_model.LinearExprT,
        description: str,
        own: str = "",
    ) -> None:
        if weight > 0:
            src = self.problem.source_of(name, source, own)
            self.terms.append(Term(name, src, weight, expr, description))

    # ---- blocks -----------------------------------------------------------

    def add_block(self, model: cp_model.CpModel, block: Block) -> Block:
        """Create the start booleans of a block on the grid's structural domain."""
        self.blocks.append(block)
        g = self.grid
        L = block.length
        opts: list[tuple[str, int, Lit]] = []
        spans: dict[tuple[str, int], tuple[int, ...]] = {}
        for b in block.bodies:
            # The body's cells of the block's kinds: a run of consecutive meetings skips
            # the others (and the days closed to this body).
            cells = g.eligible(block.kinds, self.problem.body(b))
            for i in range(len(cells) - L + 1):
                if block.same_day and g.day(cells[i]) != g.day(cells[i + L - 1]):
                    continue
                t = cells[i]
                spans[(b, t)] = tuple(cells[i : i + L])
                opts.append((b, t, model.new_bool_var(f"x_{block.index}_{b}_{t}")))
        self.starts[block.index] = opts
        self.spans[block.index] = spans
        # Structural: a block is placed at most once (its rule says "exactly").
        model.add(sum(v for _, _, v in opts) <= 1)
        return block

    def next_block_index(self) -> int:
        return len(self.blocks)

    def placed_lit(self, model: cp_model.CpModel, bi: int) -> Lit:
        """A boolean equal to "block bi is placed" (cached)."""
        if bi not in self._placed:
            p = model.new_bool_var(f"placed_{bi}")
            model.add(p == sum(v for _, _, v in self.starts[bi]))
            self._placed[bi] = p
        return self._placed[bi]

    def placed(self, bi: int) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum([v for _, _, v in self.starts[bi]])

    def start(self, bi: int) -> cp_model.LinearExpr:
        opts = self.starts[bi]
        return cp_model.LinearExpr.weighted_sum([v for _, _, v in opts], [t for _, t, _ in opts])

    def end(self, bi: int) -> cp_model.LinearExpr:
        """Last slot index of the block (when placed)."""
        spans = self.spans[bi]
        opts = self.starts[bi]
        return cp_model.LinearExpr.weighted_sum(
            [v for _, _, v in opts], [spans[(b, t)][-1] for b, t, _ in opts]
        )

    def span(self, bi: int, body: str, s: int) -> tuple[int, ...]:
        """The cells block bi takes when it starts in s in `body`, in order."""
        return self.spans[bi][(body, s)]

    def last(self, bi: int, body: str, s: int) -> int:
        """The cell of block bi's last meeting when it starts in s in `body`."""
        return self.spans[bi][(body, s)][-1]

    def covering(self, body: str, t: int, kinds: Iterable[str] | None = None) -> list[Lit]:
        """Start booleans of blocks that hold a meeting of `body` in slot t."""
        ks = set(kinds) if kinds is not None else None
        out: list[Lit] = []
        for blk in self.blocks:
            if ks is not None and blk.kind not in ks:
                continue
            spans = self.spans[blk.index]
            for b, s, v in self.starts[blk.index]:
                if b == body and s <= t <= spans[(b, s)][-1] and t in spans[(b, s)]:
                    out.append(v)
        return out

    def at_meeting(self, bi: int, body: str | None, k: int, t: int) -> list[Lit]:
        """Start booleans placing the k-th (0-based) meeting of block bi in cell t."""
        spans = self.spans[bi]
        return [
            v
            for b, s, v in self.starts[bi]
            if spans[(b, s)][k] == t and (body is None or b == body)
        ]

    def blocks_of(self, unit: str) -> list[Block]:
        return [b for b in self.blocks if b.unit == unit]

    def at(self, bi: int, body: str | None, t: int) -> list[Lit]:
        """Start booleans placing block bi (in `body`, or any) at start t."""
        return [v for b, s, v in self.starts[bi] if s == t and (body is None or b == body)]


def forbid(model: cp_model.CpModel, lits: Sequence[Lit], enforce: Lit | None) -> None:
    """All of `lits` false (under `enforce` when explaining)."""
    if not lits:
        return
    if enforce is None:
        for v in lits:
            model.add(v == 0)
    else:
        model.add_bool_and([v.negated() for v in lits]).only_enforce_if(enforce)


def add(ct: cp_model.Constraint, enforce: Lit | None) -> None:
    if enforce is not None:
        ct.only_enforce_if(enforce)


def impossible(model: cp_model.CpModel, enforce: Lit | None) -> None:
    """A rule instance that no timetable can satisfy (e.g. a room too small)."""
    zero = model.new_constant(0)
    add(model.add(zero == 1), enforce)


def impossible_together(model: cp_model.CpModel, enforce: Sequence[Lit | None]) -> None:
    """Rule instances that cannot all hold (a fixed event on a day the calendar closes):
    the conflict names each of them when explaining."""
    lits = [v for v in enforce if v is not None]
    if not lits:
        impossible(model, None)
    else:
        model.add_bool_or([v.negated() for v in lits])


def lit_of(mv: ModelVars, name: str) -> Lit | None:
    """The enforcement literal of the registered instance `name` (None if unguarded)."""
    return next((r.lit for r in mv.rules if r.name == name), None)
