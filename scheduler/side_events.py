"""Side events (ancillary meetings): requests x rooms x windows, around the official programme.

Beside the official meetings, a congress hosts side events of non-governmental and
intergovernmental organizations, institutes of the programme network and regional or
professional groups (encouraged by the report of the Commission's 22nd session). They
go to the windows between and after the formal meetings: lunchtime (13:15-14:45),
evening (18:00-20:00), or a half-day where a room is not held by the official
programme.

This is a dedicated model rather than scheduler/rules/ancillary.py: that rule counts
rooms by capacity only (Hall's condition on nested sets), which no longer holds once
rooms differ in interpretation, webcast and accessibility, and it cannot say *which*
room an organizer gets. Here every candidate (day, window, room) of a request is a
boolean; a pre-check per request removes impossible candidates first and explains,
in the secretariat's words, why a request has none.

Hard rules: room capacity >= attendance; the room has what the request needs; at most
one meeting per room at any time (official meetings are fixed occupancy, never moved);
no overlap with the official meetings on the request's related agenda item or
workshop; at most N side events per organization and day. Soft terms: place as many
requests as possible, preferred dates, and (after a change) keep each event where
the previous allocation put it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time imported by allocate(): OR-Tools is heavy to load
    from ortools.sat.python import cp_model


#: What a room may offer and a request may need.
NEEDS = ("interpretation", "webcast", "accessibility")


@dataclass(frozen=True)
class SideEventRoom:
    name: str
    capacity: int
    #: Subset of NEEDS the room offers.
    features: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SideEventWindow:
    """A time window of each day open to side events, in local wall-clock time."""

    key: str  #: e.g. "lunchtime", "evening", "morning"
    kind: str  #: "lunchtime" | "evening" | "half_day": what a request asks for
    start: dt.time
    end: dt.time
    name: str = ""

    @property
    def label(self) -> str:
        return (self.name or self.key).lower()

    def overlaps(self, other: SideEventWindow) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class OfficialMeeting:
    """A meeting of the published organization of work: fixed, never moved."""

    date: dt.date
    start: dt.time
    end: dt.time
    room: str | None = None
    agenda_items: tuple[int, ...] = ()
    workshop: str | None = None  #: workshop title
    title: str = ""


@dataclass(frozen=True)
class SideEventRequest:
    key: str
    organization: str  #: who the fair share counts (the requesting body)
    title: str
    attendance: int
    length: str  #: the kind of window wanted: "lunchtime" | "evening" | "half_day"
    preferred_dates: tuple[dt.date, ...] = ()
    impossible_dates: tuple[dt.date, ...] = ()
    needs: frozenset[str] = frozenset()
    #: Related agenda item number: the event must not clash with its official meetings.
    agenda_item: int | None = None
    #: Related workshop title: the event must not clash with its official meetings.
    workshop: str | None = None


@dataclass(frozen=True)
class Placement:
    date: dt.date
    window: str  #: window key
    room: str


@dataclass(frozen=True)
class SideEventWeights:
    placed: int = 100  #: per request placed; dominates everything else
    preferred_date: int = 3  #: per request placed on one of its preferred dates
    #: Per previously placed event moved. Below `placed`: moving one event to place
    #: another is worth it; moving one for nothing is not.
    moved: int = 20
    moved_confirmed: int = 60  #: per confirmed event moved (its organizer planned on it)


@dataclass(frozen=True)
class SideEventProblem:
    days: tuple[dt.date, ...]
    rooms: tuple[SideEventRoom, ...]
    windows: tuple[SideEventWindow, ...]
    requests: tuple[SideEventRequest, ...]
    official: tuple[OfficialMeeting, ...] = ()
    #: Fair share: at most this many side events per organization and day (None: no cap).
    max_per_organization_per_day: int | None = 2
    #: The allocation to stay close to, by request key.
    previous: Mapping[str, Placement] = field(default_factory=dict)
    #: Request keys whose previous placement the organizer confirmed.
    confirmed: frozenset[str] = frozenset()
    weights: SideEventWeights = SideEventWeights()


@dataclass(frozen=True)
class Unplaced:
    key: str
    #: "window" | "dates" | "capacity" | "needs" | "clash" | "occupied" | "fair_share" |
    #: "competition" | "time_limit"
    code: str
    reason: str


@dataclass(frozen=True)
class Allocation:
    #: "OPTIMAL" | "FEASIBLE" (time limit) | "GREEDY" (no CP-SAT solution in time: the
    #: greedy start is returned)
    status: str
    placements: dict[str, Placement]
    unplaced: tuple[Unplaced, ...]
    #: Keys of previously placed requests that now sit elsewhere (or nowhere).
    moved: tuple[str, ...] = ()
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    wall_time_s: float = 0.0
    #: Requests that passed the pre-check (at least one candidate on their own).
    placeable: int = 0


def _day(d: dt.date) -> str:
    # "14 April", as the secretariat writes dates in its notes.
    return f"{d.day} {d.strftime('%B')}"


def _days(dates: list[dt.date]) -> str:
    if len(dates) == 1:
        return "on " + _day(dates[0])
    if len(dates) <= 3:
        return "on " + ", ".join(_day(d) for d in dates[:-1]) + " and " + _day(dates[-1])
    return f"on any of the {len(dates)} allowed days"


def _needs(needs: frozenset[str]) -> str:
    return " and ".join(sorted(needs))


def _overlaps(a_start: dt.time, a_end: dt.time, b_start: dt.time, b_end: dt.time) -> bool:
    return a_start < b_end and b_start < a_end


Candidate = tuple[dt.date, SideEventWindow, SideEventRoom]


@dataclass
class _PreCheck:
    candidates: dict[str, list[Candidate]]
    unplaced: dict[str, Unplaced]


def precheck(problem: SideEventProblem) -> _PreCheck:
    """Each request's candidates on its own, or the first rule that leaves it none."""
    busy: dict[tuple[str, dt.date], list[OfficialMeeting]] = defaultdict(list)
    for m in problem.official:
        if m.room:
            busy[(m.room, m.date)].append(m)
    candidates: dict[str, list[Candidate]] = {}
    unplaced: dict[str, Unplaced] = {}

    def out(r: SideEventRequest, code: str, reason: str) -> None:
        unplaced[r.key] = Unplaced(r.key, code, reason)

    for r in problem.requests:
        windows = [w for w in problem.windows if w.kind == r.length]
        if not windows:
            out(r, "window", f"the congress has no {r.length.replace('_', '-')} window")
            continue
        kind = windows[0].label if len(windows) == 1 else r.length.replace("_", "-")
        impossible = set(r.impossible_dates)
        days = [d for d in problem.days if d not in impossible]
        if not days:
            out(r, "dates", "every day of the congress is marked impossible")
            continue
        seated = [room for room in problem.rooms if room.capacity >= r.attendance]
        if not seated:
            largest = max((room.capacity for room in problem.rooms), default=0)
            out(
                r,
                "capacity",
                f"no room seats {r.attendance} (the largest seats {largest})",
            )
            continue
        rooms = [room for room in seated if r.needs <= room.features]
        if not rooms:
            out(
                r,
                "needs",
                f"no room of {r.attendance} seats has {_needs(r.needs)}",
            )
            continue
        related = [
            m
            for m in problem.official
            if (r.agenda_item is not None and r.agenda_item in m.agenda_items)
            or (r.workshop is not None and m.workshop == r.workshop)
        ]
        times = [
            (d, w)
            for d in days
            for w in windows
            if not any(m.date == d and _overlaps(w.start, w.end, m.start, m.end) for m in related)
        ]
        if not times:
            what = (
                f"agenda item {r.agenda_item}"
                if r.agenda_item is not None
                else f"the workshop {r.workshop!r}"
            )
            out(
                r,
                "clash",
                f"every {kind} window {_days(days)} clashes with the official meetings on {what}",
            )
            continue
        found = [
            (d, w, room)
            for d, w in times
            for room in rooms
            if not any(
                _overlaps(w.start, w.end, m.start, m.end) for m in busy.get((room.name, d), ())
            )
        ]
        if not found:
            needs = f" with {_needs(r.needs)}" if r.needs else ""
            out(
                r,
                "occupied",
                f"no room of {r.attendance} seats{needs} free at {kind} "
                f"{_days(sorted({d for d, _ in times}))}",
            )
            continue
        candidates[r.key] = found
    return _PreCheck(candidates, unplaced)


def allocate(
    problem: SideEventProblem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    workers: int = 2,
) -> Allocation:
    """Place side events: as many as possible, preferences and stability as soft terms.

    The model does not give every request a boolean per (day, window, room): 600
    requests x 25 rooms x 8 days made CP-SAT spend most of its time in presolve.
    Requests that fit the same rooms (a "room class": capacity and needs) are
    interchangeable for the rooms, so the model is
      y[r, d, w]   request r is held in window w on day d;
      f[c, m, d, w] room m takes one request of class c in (d, w);
      s[r]         r stays in exactly its previous (day, window, room);
    with, per (class, d, w), the requests held there equal to the rooms given to the
    class plus the requests staying put (a flow; exact: rooms are then handed to the
    requests of the class in any order). Stability is exact at room level through s.
    """
    from ortools.sat.python import cp_model

    from scheduler.parameters import SolverParameters, solver_for

    started = time.perf_counter()
    pre = precheck(problem)
    model = cp_model.CpModel()
    w8 = problem.weights
    by_key = {r.key: r for r in problem.requests}
    windows = {win.key: win for win in problem.windows}

    # Room classes: the set of rooms a request fits, whatever the day.
    classes: dict[frozenset[str], int] = {}
    class_of: dict[str, int] = {}
    fits_of: dict[str, frozenset[str]] = {}
    free: set[tuple[str, dt.date, str]] = set()  # (room, day, window) open to side events
    times: dict[str, list[tuple[dt.date, str]]] = {}
    for key, cands in pre.candidates.items():
        fits = frozenset(room.name for _, _, room in cands)
        fits_of[key] = fits
        class_of[key] = classes.setdefault(fits, len(classes))
        seen: dict[tuple[dt.date, str], None] = {}
        for d, win, room in cands:
            free.add((room.name, d, win.key))
            seen[(d, win.key)] = None
        times[key] = list(seen)

    y: dict[tuple[str, dt.date, str], cp_model.IntVar] = {}
    objective: list[tuple[int, cp_model.IntVar]] = []
    per_org: dict[tuple[str, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    # (class, day, window) -> literals of requests held there (+1) and staying put (-1).
    held: dict[tuple[int, dt.date, str], list[cp_model.IntVar]] = defaultdict(list)
    staying: dict[tuple[int, dt.date, str], list[cp_model.IntVar]] = defaultdict(list)
    # (room, day, window) -> literals that occupy the room then.
    occupy: dict[tuple[str, dt.date, str], list[cp_model.IntVar]] = defaultdict(list)
    stays: dict[str, cp_model.IntVar] = {}
    for key, slots in times.items():
        r = by_key[key]
        c = class_of[key]
        preferred = set(r.preferred_dates)
        for d, wk in slots:
            v = model.new_bool_var(f"y[{key},{d},{wk}]")
            y[(key, d, wk)] = v
            held[(c, d, wk)].append(v)
            per_org[(r.organization, d)].append(v)
            objective.append((w8.placed + (w8.preferred_date if d in preferred else 0), v))
        model.add_at_most_one(y[(key, d, wk)] for d, wk in slots)
        before = problem.previous.get(key)
        if (
            before is not None
            and (before.date, before.window) in slots
            and before.room in fits_of[key]
            and (before.room, before.date, before.window) in free
        ):
            s = model.new_bool_var(f"s[{key}]")
            stays[key] = s
            model.add_implication(s, y[(key, before.date, before.window)])
            staying[(c, before.date, before.window)].append(s)
            occupy[(before.room, before.date, before.window)].append(s)
            gain = w8.moved_confirmed if key in problem.confirmed else w8.moved
            objective.append((gain, s))

    f: dict[tuple[int, str, dt.date, str], cp_model.IntVar] = {}
    members = {c: sorted(fits) for fits, c in classes.items()}
    for (c, d, wk), lits in held.items():
        flow = []
        for name in members[c]:
            if (name, d, wk) in free:
                v = model.new_bool_var(f"f[{c},{name},{d},{wk}]")
                f[(c, name, d, wk)] = v
                occupy[(name, d, wk)].append(v)
                flow.append(v)
        model.add(sum(lits) - sum(staying.get((c, d, wk), [])) == sum(flow))

    # One meeting per room at a time: the windows holding any one window's start form
    # a clique (intervals), and those cliques cover every overlap.
    by_room_day: dict[tuple[str, dt.date], dict[str, list[cp_model.IntVar]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (name, d, wk), lits in occupy.items():
        by_room_day[(name, d)][wk].extend(lits)
    for by_window in by_room_day.values():
        for win in windows.values():
            clique = [
                v
                for other, vs in by_window.items()
                if windows[other].start <= win.start < windows[other].end
                for v in vs
            ]
            if len(clique) > 1:
                model.add_at_most_one(clique)
    # Redundant counting cuts per (day, window): the requests held there that need at
    # least c seats, or a feature, are no more than the free rooms that have it. CP-SAT
    # keeps room cliques in its implication graph rather than its LP, and without
    # these the objective bound stays near "every request placed".
    in_window: dict[tuple[dt.date, str], list[tuple[SideEventRequest, cp_model.IntVar]]] = (
        defaultdict(list)
    )
    for (key, d, wk), v in y.items():
        in_window[(d, wk)].append((by_key[key], v))
    room_list = list(problem.rooms)
    for (d, wk), items in in_window.items():
        open_rooms = [room for room in room_list if (room.name, d, wk) in free]
        cuts = [
            (
                [v for r, v in items if r.attendance >= seats],
                sum(1 for room in open_rooms if room.capacity >= seats),
            )
            for seats in sorted({r.attendance for r, _ in items})
        ]
        cuts += [
            (
                [v for r, v in items if need in r.needs],
                sum(1 for room in open_rooms if need in room.features),
            )
            for need in NEEDS
        ]
        for lits_, have in cuts:
            if len(lits_) > have:
                model.add(sum(lits_) <= have)

    cap = problem.max_per_organization_per_day
    if cap is not None:
        for org_day in per_org.values():
            if len(org_day) > cap:
                model.add(sum(org_day) <= cap)

    model.maximize(sum(g * v for g, v in objective))
    # A greedy allocation as the starting point: CP-SAT's own first solutions leave
    # dozens of requests out and its search takes long to close that gap.
    start = _greedy(problem, pre, by_key, windows)
    for (key, d, wk), v in y.items():
        p = start.get(key)
        model.add_hint(v, p is not None and (p.date, p.window) == (d, wk))
    for key, s_ in stays.items():
        model.add_hint(s_, start.get(key) == problem.previous[key])
    hinted = {
        (class_of[key], p.room, p.date, p.window)
        for key, p in start.items()
        if not (key in stays and p == problem.previous[key])
    }
    for fk, v in f.items():
        model.add_hint(v, fk in hinted)
    # The allocation keeps the parameters it was measured with: CP-SAT's default
    # relaxation, and its default portfolio when given several workers.
    solver = solver_for(
        SolverParameters(time_limit_s, seed, workers, deterministic=False, full_lp=False)
    )
    code = solver.solve(model)
    status = solver.status_name(code)
    solved = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    placements: dict[str, Placement] = {}
    if solved:
        # Staying requests keep their room; the class's rooms go to the others in order.
        given: dict[tuple[int, dt.date, str], list[str]] = defaultdict(list)
        for (c, name, d, wk), v in sorted(f.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if solver.boolean_value(v):
                given[(c, d, wk)].append(name)
        for (key, d, wk), v in sorted(y.items(), key=lambda kv: kv[0][0]):
            if not solver.boolean_value(v):
                continue
            stay = stays.get(key)
            if stay is not None and solver.boolean_value(stay):
                placements[key] = problem.previous[key]
            else:
                placements[key] = Placement(d, wk, given[(class_of[key], d, wk)].pop(0))
    else:
        # No solution within the time limit (a huge instance on a busy machine): the
        # greedy allocation is feasible, so the secretariat still gets one.
        placements = dict(start)
        status = "GREEDY"
    unplaced = dict(pre.unplaced)
    for key in pre.candidates:
        if key not in placements:
            unplaced[key] = _why_not(problem, key, pre.candidates[key], placements, by_key)
    moved = tuple(
        sorted(
            k
            for k, before in problem.previous.items()
            if k in by_key and placements.get(k) != before
        )
    )
    value = solver.objective_value if solved else None
    bound = solver.best_objective_bound if solved else None
    gap = None
    if value is not None and bound is not None:
        gap = 0.0 if bound == 0 else abs(bound - value) / abs(bound)
    return Allocation(
        status=status,
        placements=placements,
        unplaced=tuple(unplaced[r.key] for r in problem.requests if r.key in unplaced),
        moved=moved,
        objective=value,
        best_bound=bound,
        gap=gap,
        wall_time_s=time.perf_counter() - started,
        placeable=len(pre.candidates),
    )


def _greedy(
    problem: SideEventProblem,
    pre: _PreCheck,
    by_key: Mapping[str, SideEventRequest],
    windows: Mapping[str, SideEventWindow],
) -> dict[str, Placement]:
    """A feasible allocation: previous placements first, then the requests with the
    fewest candidates, each in its smallest free room, preferred dates first."""
    used: dict[tuple[str, dt.date], list[SideEventWindow]] = defaultdict(list)
    per_org: dict[tuple[str, dt.date], int] = defaultdict(int)
    cap = problem.max_per_organization_per_day
    placed: dict[str, Placement] = {}

    def fits(key: str, d: dt.date, win: SideEventWindow, room: str) -> bool:
        if cap is not None and per_org[(by_key[key].organization, d)] >= cap:
            return False
        return not any(win.overlaps(other) for other in used[(room, d)])

    def take(key: str, d: dt.date, win: SideEventWindow, room: str) -> None:
        used[(room, d)].append(win)
        per_org[(by_key[key].organization, d)] += 1
        placed[key] = Placement(d, win.key, room)

    for key in sorted(pre.candidates):
        before = problem.previous.get(key)
        if before is None:
            continue
        options = {(d, win.key, room.name) for d, win, room in pre.candidates[key]}
        if (before.date, before.window, before.room) in options and fits(
            key, before.date, windows[before.window], before.room
        ):
            take(key, before.date, windows[before.window], before.room)
    for key in sorted(pre.candidates, key=lambda k: (len(pre.candidates[k]), k)):
        if key in placed:
            continue
        preferred = set(by_key[key].preferred_dates)
        for d, win, room in sorted(
            pre.candidates[key],
            key=lambda c: (c[0] not in preferred, c[2].capacity, c[0], c[1].start, c[2].name),
        ):
            if fits(key, d, win, room.name):
                take(key, d, win, room.name)
                break
    return placed


def _why_not(
    problem: SideEventProblem,
    key: str,
    cands: list[Candidate],
    placements: Mapping[str, Placement],
    by_key: Mapping[str, SideEventRequest],
) -> Unplaced:
    """Why a request that had candidates on its own was not placed among the others."""
    r = by_key[key]
    windows = {win.key: win for win in problem.windows}
    taken: set[tuple[str, dt.date, str]] = set()
    per_org_day: dict[dt.date, int] = defaultdict(int)
    for other, p in placements.items():
        taken.add((p.room, p.date, p.window))
        if by_key[other].organization == r.organization:
            per_org_day[p.date] += 1
    cap = problem.max_per_organization_per_day
    full_days = sorted({d for d, _, _ in cands if cap is not None and per_org_day[d] >= cap})
    free = [
        (d, win, room)
        for d, win, room in cands
        if not any(
            room.name == rn and d == dd and win.overlaps(windows[wk]) for rn, dd, wk in taken
        )
    ]
    days = sorted({d for d, _, _ in cands})
    if free and all(d in full_days for d, _, _ in free):
        return Unplaced(
            key,
            "fair_share",
            f"{r.organization} already has {cap} side event(s) "
            f"{_days(sorted({d for d, _, _ in free}))} (at most {cap} per organization and day)",
        )
    kinds = sorted({win.label for _, win, _ in cands})
    needs = f" with {_needs(r.needs)}" if r.needs else ""
    if not free:
        return Unplaced(
            key,
            "competition",
            f"every room of {r.attendance} seats{needs} free at {' or '.join(kinds)} "
            f"{_days(days)} is taken by other side events",
        )
    return Unplaced(
        key,
        "time_limit",
        "not placed within the time limit although a room is free; run the allocation "
        "again with a longer time limit",
    )


def check(problem: SideEventProblem, allocation: Allocation) -> list[str]:
    """Independent of the model: every hard rule an allocation breaks, in words."""
    problems: list[str] = []
    rooms = {r.name: r for r in problem.rooms}
    windows = {w.key: w for w in problem.windows}
    by_key = {r.key: r for r in problem.requests}
    per_org: dict[tuple[str, dt.date], int] = defaultdict(int)
    held: list[tuple[str, Placement]] = []
    for key, p in allocation.placements.items():
        r, room, win = by_key[key], rooms[p.room], windows[p.window]
        if win.kind != r.length:
            problems.append(f"{key}: a {r.length} request in the {win.key} window")
        if p.date not in problem.days or p.date in r.impossible_dates:
            problems.append(f"{key}: not an allowed day ({p.date})")
        if room.capacity < r.attendance:
            problems.append(f"{key}: {room.name} seats {room.capacity} < {r.attendance}")
        if not r.needs <= room.features:
            problems.append(f"{key}: {room.name} lacks {_needs(r.needs - room.features)}")
        for m in problem.official:
            if m.date != p.date or not _overlaps(win.start, win.end, m.start, m.end):
                continue
            if m.room == room.name:
                problems.append(f"{key}: {room.name} is held by an official meeting")
            if (r.agenda_item is not None and r.agenda_item in m.agenda_items) or (
                r.workshop is not None and m.workshop == r.workshop
            ):
                problems.append(f"{key}: clashes with the official meeting {m.title!r}")
        for other, q in held:
            if q.room == p.room and q.date == p.date and windows[q.window].overlaps(win):
                problems.append(f"{key}: shares {room.name} with {other}")
        held.append((key, p))
        per_org[(r.organization, p.date)] += 1
    cap = problem.max_per_organization_per_day
    for (org, d), n in sorted(per_org.items()):
        if cap is not None and n > cap:
            problems.append(f"{org}: {n} side events on {d} > {cap}")
    return problems
