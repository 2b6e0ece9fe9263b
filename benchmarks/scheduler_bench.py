"""Benchmark of the scheduler on seeded synthetic congresses.

    .venv/bin/python benchmarks/scheduler_bench.py            # all sizes, writes RESULTS
    .venv/bin/python benchmarks/scheduler_bench.py --sizes 50 600 --time-limit 60

A synthetic congress: 10 days, four slots a day (morning and afternoon formal;
lunchtime and evening for side events), up to 25 rooms, a plenary and three
committees with clustered agenda items, workshops, a high-level segment at the
end, opening and closing, and ancillary meetings (side events that need a room
by capacity) up to the requested total of meetings. Each size runs in its own
process so that peak memory (ru_maxrss) is that size's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler import (  # noqa: E402
    AgendaUnit,
    AncillaryMeeting,
    Body,
    FixedEvent,
    HighLevelSegment,
    Problem,
    Room,
    Rules,
    Slot,
    Workshop,
    solve,
    validate,
)

T = dt.time
SIZES = (50, 100, 200, 300, 400, 600)


def synthetic(n_meetings: int, seed: int = 0, n_rooms: int = 25) -> Problem:
    """A seeded synthetic congress with about `n_meetings` meetings."""
    rng = random.Random(seed)
    start = dt.date(2030, 4, 6)
    days = [start + dt.timedelta(days=i) for i in range(10)]
    slots = (
        Slot("morning", "Morning", T(10), T(13)),
        Slot("lunch", "Lunchtime", T(13, 15), T(14, 45), formal=False),
        Slot("afternoon", "Afternoon", T(15), T(18)),
        Slot("evening", "Evening", T(18, 15), T(19, 45), formal=False),
    )
    body_rooms = [
        Room("Plenary Hall", 2500),
        *(Room(f"Committee Room {i}", 800) for i in (1, 2, 3)),
    ]
    side = [
        Room(f"Room {i:02d}", rng.choice([40, 60, 80, 120, 200, 300])) for i in range(n_rooms - 4)
    ]
    bodies = (
        Body("plenary", "Plenary", "plenary", "Plenary Hall", 2000),
        *(
            Body(
                f"committee-{i}",
                f"Committee {i}",
                "committee",
                f"Committee Room {i}",
                600,
                True,
                True,
            )
            for i in (1, 2, 3)
        ),
    )
    # Plenary: 3 clusters of 4; committees: 3 units of 2-4 each.
    units: list[AgendaUnit] = []
    item = 3
    for i in range(3):
        units.append(AgendaUnit(f"p-{i}", (item, item + 1), "plenary", 4))
        item += 2
    for c in (1, 2, 3):
        for _ in range(3):
            units.append(AgendaUnit(f"c{c}-{item}", (item,), f"committee-{c}", rng.randint(2, 4)))
            item += 1
    workshops = tuple(
        Workshop(
            n,
            f"Workshop {n}",
            f"Workshop {n}",
            2,
            agenda_item=rng.choice([u.items[0] for u in units]),
        )
        for n in range(1, 7)
    )
    formal = sum(u.meetings for u in units) + 2 * len(workshops) + 4 + 3
    n_anc = max(0, n_meetings - formal)
    ancillary = []
    for i in range(n_anc):
        att = rng.choice([20, 30, 40, 50, 60, 80, 100, 150, 250])
        d = min(rng.randrange(10), rng.randrange(10))  # wishes crowd the first days
        # Most side events keep to lunchtime and evening; some may also use
        # the rooms no body holds during formal meetings.
        anywhere = rng.random() < 0.4
        s = rng.choice(["lunch", "evening"])
        ancillary.append(
            AncillaryMeeting(
                f"side-{i:03d}",
                f"Side event {i}",
                att,
                slots=("morning", "lunch", "afternoon", "evening")
                if anywhere
                else ("lunch", "evening"),
                preferred=((days[d], s),),
            )
        )
    return Problem(
        name=f"Synthetic congress ({n_meetings} meetings, seed {seed})",
        time_zone="Europe/Vienna",
        start_date=days[0],
        end_date=days[-1],
        slots=slots,
        bodies=bodies,
        rooms=(*body_rooms, *side),
        units=tuple(units),
        workshops=workshops,
        high_level_segment=HighLevelSegment("plenary", 4, "end", 3, "synthetic"),
        fixed_events=(
            FixedEvent(
                "pre_congress_consultations",
                "Pre-Congress consultations",
                "plenary",
                days[0] - dt.timedelta(days=1),
                None,
                T(15),
                T(18),
            ),
            FixedEvent(
                "opening",
                "Opening",
                "plenary",
                days[0],
                "morning",
                agenda_items=(1, 2),
                takes_up_next_unit=True,
            ),
            FixedEvent("closing", "Closing", "plenary", days[-1], "afternoon", agenda_items=(99,)),
        ),
        ancillary=tuple(ancillary),
        rules=Rules(max_parallel_meetings=4),
    )


def run_one(size: int, seed: int, time_limit: float, q: Any) -> None:
    p = synthetic(size, seed)
    first: list[float] = []
    within5: list[float] = []
    t0 = time.perf_counter()

    def progress(n: int, obj: float, bound: float, elapsed: float) -> None:
        now = time.perf_counter() - t0
        if not first:
            first.append(now)
        if not within5 and (obj - bound) <= 0.05 * max(1.0, abs(obj)):
            within5.append(now)

    tt = solve(p, time_limit_s=time_limit, seed=seed, on_progress=progress)
    n_meetings = sum(1 for m in tt.meetings if m.kind not in ("informal",))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q.put(
        {
            "size": size,
            "meetings": n_meetings,
            "status": tt.status,
            "wall_s": round(tt.wall_time_s, 2),
            "first_s": round(first[0], 2) if first else None,
            "within5_s": round(within5[0], 2) if within5 else None,
            "gap": round(tt.gap, 4) if tt.gap is not None else None,
            "objective": tt.objective,
            "bound": tt.best_bound,
            "violations": len(validate(p, tt)) if tt.ok else None,
            "peak_mib": round(peak_mib, 1),
        }
    )


def run_2010(q: Any) -> None:
    """The Twelfth Congress as built by the tests (mirrors the 2010 seed)."""
    from tests.scheduler.instances import salvador_2010

    p = salvador_2010()
    tt = solve(p, time_limit_s=10, seed=0)
    q.put(
        {
            "size": "2010",
            "meetings": sum(1 for m in tt.meetings if m.kind != "informal"),
            "status": tt.status,
            "wall_s": round(tt.wall_time_s, 3),
            "first_s": None,
            "within5_s": None,
            "gap": tt.gap,
            "objective": tt.objective,
            "bound": tt.best_bound,
            "violations": len(validate(p, tt)),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    )


def run_infeasible(size: int, seed: int, time_limit: float, q: Any) -> None:
    """A room-starved variant (12 rooms): time to prove it and to explain it."""
    p = synthetic(size, seed)
    p = Problem(**{**p.__dict__, "rooms": p.rooms[:12]})
    tt = solve(p, time_limit_s=time_limit, seed=seed)
    q.put(
        {
            "size": size,
            "status": tt.status,
            "wall_s": round(tt.wall_time_s, 2),
            "rules": ", ".join(tt.conflicting_rules),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS-scheduler.md"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    rows = []
    # The 2010 instance first (target: proven optimal in under 1 s).
    q0 = ctx.Queue()
    proc0 = ctx.Process(target=run_2010, args=(q0,))
    proc0.start()
    rows.append(q0.get())
    proc0.join()
    print(json.dumps(rows[0]), flush=True)
    for size in args.sizes:
        q = ctx.Queue()
        proc = ctx.Process(target=run_one, args=(size, args.seed, args.time_limit, q))
        proc.start()
        row = q.get()
        proc.join()
        rows.append(row)
        print(json.dumps(row), flush=True)
    q1 = ctx.Queue()
    proc1 = ctx.Process(target=run_infeasible, args=(max(args.sizes), args.seed, 20.0, q1))
    proc1.start()
    inf = q1.get()
    proc1.join()
    print(json.dumps(inf), flush=True)
    if args.no_write:
        return
    lines = [
        "# Scheduler benchmark results",
        "",
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        "- Command: `.venv/bin/python benchmarks/scheduler_bench.py "
        f"--time-limit {args.time_limit:g}` (seed {args.seed}, default parameters: 1 worker, "
        "deterministic)",
        "- Synthetic congress: 10 days x (2 formal + 2 side-event slots), 25 rooms, "
        "plenary + 3 committees, 6 workshops, high-level segment, the rest ancillary "
        "meetings needing a room by capacity.",
        "",
        "| instance | meetings | status | first solution (s) | within 5% of bound (s) "
        "| wall (s) | final gap "
        "| validator violations | peak RSS (MiB) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        r = {k: ("n/a" if v is None else v) for k, v in r.items()}
        lines.append(
            f"| {'2010 (A/CONF.213/1)' if r['size'] == '2010' else 'synthetic'} "
            f"| {r['meetings']} | {r['status']} | {r['first_s']} | {r['within5_s']} "
            f"| {r['wall_s']} | {r['gap']} | {r['violations']} | {r['peak_mib']} |"
        )
    lines += [
        "",
        "Explanation of an infeasible variant (the same congress with only 12 rooms; "
        "solve and explanation, 20 s limit each):",
        "",
        "| meetings | status | wall incl. explanation (s) | conflicting rules | peak RSS (MiB) |",
        "|---:|---|---:|---|---:|",
        f"| {inf['size']} | {inf['status']} | {inf['wall_s']} | {inf['rules']} | "
        f"{inf['peak_mib']} |",
        "",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
