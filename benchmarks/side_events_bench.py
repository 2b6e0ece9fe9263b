"""Benchmark of the side event allocation on a seeded synthetic congress.

    .venv/bin/python benchmarks/side_events_bench.py                 # 600 x 25 x 8, seed 1
    .venv/bin/python benchmarks/side_events_bench.py --seeds 1 2 3 --time-limits 10 30

A synthetic congress: 8 days; windows morning and afternoon (half-days), lunchtime
13:15-14:45 and evening 18:00-20:00; 25 rooms, three of them held by the Plenary and
two Committees every morning and afternoon, plus a few informal official meetings over
lunch; 600 requests from 150 organizations (lunchtime 35 %, evening 30 %, half-day
35 %), attendance mostly 30-150, some needs, related agenda items, preferred and
impossible dates, and a handful that no room can take (too large, or a need no room
of their size meets). After the first allocation, a change of the organization of
work takes the rooms of three placed lunchtime and three placed evening side events,
and the allocation runs again against the first one (stability): the side events
moved elsewhere and dropped are reported.

Reported per run: placed share (of all requests and of the placeable ones, those with
at least one candidate on their own), the most requests any allocation can place
(proven by a separate count-only solve), the objective's gap, wall time, and peak
memory (ru_maxrss of the process, which includes CP-SAT's native memory). Each run
is its own process so the peak is that run's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import platform
import random
import resource
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler.side_events import (  # noqa: E402
    NEEDS,
    OfficialMeeting,
    SideEventProblem,
    SideEventRequest,
    SideEventRoom,
    SideEventWeights,
    SideEventWindow,
    allocate,
    check,
)

T = dt.time
WINDOWS = (
    SideEventWindow("morning", "half_day", T(10), T(13), "Morning"),
    SideEventWindow("lunchtime", "lunchtime", T(13, 15), T(14, 45), "Lunchtime"),
    SideEventWindow("afternoon", "half_day", T(15), T(18), "Afternoon"),
    SideEventWindow("evening", "evening", T(18), T(20), "Evening"),
)


def synthetic(
    n_requests: int = 600, n_rooms: int = 25, n_days: int = 8, seed: int = 1
) -> SideEventProblem:
    rng = random.Random(seed)
    start = dt.date(2030, 4, 6)
    days = tuple(start + dt.timedelta(days=i) for i in range(n_days))
    rooms = [
        SideEventRoom("Plenary Hall", 2500, frozenset(NEEDS)),
        SideEventRoom("Committee Room I", 800, frozenset(NEEDS)),
        SideEventRoom("Committee Room II", 800, frozenset(NEEDS)),
    ]
    for i in range(n_rooms - len(rooms)):
        capacity = rng.choice([40, 60, 80, 100, 120, 150, 200, 300, 500])
        features = {"accessibility"} if rng.random() < 0.85 else set()
        if rng.random() < 0.35:
            features.add("interpretation")
        if rng.random() < 0.4:
            features.add("webcast")
        rooms.append(SideEventRoom(f"Room {i + 1}", capacity, frozenset(features)))
    official = []
    for d_index, day in enumerate(days):
        for room, body_items in (
            ("Plenary Hall", (1 + d_index % 4, 5)),
            ("Committee Room I", (6 + d_index % 3,)),
            ("Committee Room II", (9 + d_index % 3,)),
        ):
            for s, e in ((10, 13), (15, 18)):
                official.append(OfficialMeeting(day, T(s), T(e), room, body_items, None, room))
        # Informal consultations over lunch in two of the other rooms.
        for room in rng.sample(rooms[3:], 2):
            official.append(OfficialMeeting(day, T(13), T(15), room.name, (), None, "informal"))
    requests = []
    organizations = [f"Organization {i:03d}" for i in range(n_requests // 4)]
    for i in range(n_requests):
        length = rng.choices(["lunchtime", "evening", "half_day"], [35, 30, 35])[0]
        attendance = rng.choice([30, 40, 50, 60, 80, 100, 120, 150, 200, 300])
        needs = {n for n, p in (("interpretation", 0.1), ("webcast", 0.15)) if rng.random() < p}
        if rng.random() < 0.1:
            needs.add("accessibility")
        impossible = tuple(d for d in days if rng.random() < 0.1)
        preferred = tuple(d for d in rng.sample(days, rng.choice([0, 1, 2])) if d not in impossible)
        if i % 100 == 7:
            attendance = 3000  # no room seats it
        if i % 100 == 13:
            attendance, needs = 450, {"interpretation", "webcast"}  # may find no room
        requests.append(
            SideEventRequest(
                key=f"r{i:04d}",
                organization=rng.choice(organizations),
                title=f"Side event {i}",
                attendance=attendance,
                length=length,
                preferred_dates=preferred,
                impossible_dates=impossible,
                needs=frozenset(needs),
                agenda_item=rng.randint(1, 11) if rng.random() < 0.2 else None,
            )
        )
    return SideEventProblem(
        days=days,
        rooms=tuple(rooms),
        windows=WINDOWS,
        requests=tuple(requests),
        official=tuple(official),
        max_per_organization_per_day=2,
    )


def run(args: tuple[int, int, int, int, float, int]) -> dict[str, Any]:
    n_requests, n_rooms, n_days, seed, time_limit, workers = args
    problem = synthetic(n_requests, n_rooms, n_days, seed)
    windows = {w.key: w for w in WINDOWS}
    first = allocate(problem, time_limit_s=time_limit, workers=workers, seed=seed)
    assert check(problem, first) == [], check(problem, first)
    # A change of the organization of work: informal consultations take the rooms of
    # three placed lunchtime and three placed evening side events.
    placed = sorted(first.placements.values(), key=lambda p: (p.date, p.window, p.room))
    taken = [p for p in placed if p.window == "lunchtime"][:3]
    taken += [p for p in placed if p.window == "evening"][:3]
    extra = tuple(
        OfficialMeeting(p.date, windows[p.window].start, windows[p.window].end, p.room)
        for p in taken
    )
    changed = replace(problem, official=problem.official + extra, previous=dict(first.placements))
    second = allocate(changed, time_limit_s=time_limit, workers=workers, seed=seed)
    assert check(changed, second) == []
    codes: dict[str, int] = {}
    for u in first.unplaced:
        codes[u.code] = codes.get(u.code, 0) + 1
    # The most requests any allocation can place, proven by a count-only solve.
    count_only = allocate(
        replace(problem, weights=SideEventWeights(placed=1, preferred_date=0, moved=0)),
        time_limit_s=60,
        workers=workers,
        seed=seed,
    )
    preferred = sum(
        1
        for k, p in first.placements.items()
        if p.date in next(r for r in problem.requests if r.key == k).preferred_dates
    )
    return {
        "requests": n_requests,
        "rooms": n_rooms,
        "days": n_days,
        "seed": seed,
        "status": first.status,
        "placeable": first.placeable,
        "placed": len(first.placements),
        "placed_share": round(len(first.placements) / n_requests, 4),
        "placed_of_placeable": round(len(first.placements) / max(1, first.placeable), 4),
        "max_placeable_proven": len(count_only.placements)
        if count_only.status == "OPTIMAL"
        else None,
        "count_only_status": count_only.status,
        "count_only_wall_time_s": round(count_only.wall_time_s, 2),
        "on_preferred_date": preferred,
        "gap": first.gap,
        "wall_time_s": round(first.wall_time_s, 2),
        "unplaced_by_reason": codes,
        "realloc_status": second.status,
        "realloc_displaced": len(taken),
        "realloc_moved": len(second.moved),
        "realloc_moved_elsewhere": sum(1 for k in second.moved if k in second.placements),
        "realloc_dropped": sum(1 for k in second.moved if k not in second.placements),
        "realloc_placed": len(second.placements),
        "realloc_wall_time_s": round(second.wall_time_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--days", type=int, default=8)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--time-limits", type=float, nargs="+", default=[30.0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"# {platform.platform()}, python {platform.python_version()}", file=sys.stderr)
    context = mp.get_context("spawn")
    for seed in args.seeds:
        for limit in args.time_limits:
            with context.Pool(1) as pool:
                (result,) = pool.map(
                    run, [(args.requests, args.rooms, args.days, seed, limit, args.workers)]
                )
            print(json.dumps({"time_limit_s": limit, **result}), flush=True)


if __name__ == "__main__":
    main()
