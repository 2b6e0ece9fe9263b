"""Load benchmark of the production shape: reads, the opening burst and a solve at once.

    .venv/bin/python benchmarks/load_bench.py                 # writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/load_bench.py --window 20 --readers 4 --no-write

Set-up, through the real code: a throw-away PostgreSQL database (created, migrated,
dropped at the end; TEST_POSTGRES_URL or 127.0.0.1:5432), the 2010 seed loaded, solved
and published; a larger synthetic congress generated from the 2010 seed file (more
days, six committees, 24 workshops; see `large_congress`) and loaded as a seed file, on
which CP-SAT does not prove optimality within minutes; 193 member-State delegations
with a token each and a list of speakers open now.

Then `uvicorn --workers 2` (the API, CONGRESS_JOB_RUNNER=worker, 127.0.0.1 on a free
port) and one `congress worker` process, and during a bounded window:

- `--readers` clients read in a loop, each in turn: the organization-of-work page, the
  congress's iCal feed in full and again with If-None-Match (304), and the timetable JSON;
- a solve job on the large congress, posted before the window with a time limit longer
  than it, checked "running" at the start and end of the window, its progress polled;
- the speakers' opening burst a few seconds into the window: 193 delegations at once,
  each request sent twice with one Idempotency-Key (benchmarks/speakers_burst_bench.py).

Reports per request kind: count, throughput, p50/p99, errors; the burst's wall time;
the solve's progress. Afterwards the job is cancelled and every process stopped.
Loopback only; the client runs in this process (its CPU competes with the server's).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import yaml  # noqa: E402

import app.models  # noqa: E402, F401  (every mapper)
from app.auth.models import Role  # noqa: E402
from app.auth.tokens import issue_token  # noqa: E402
from app.congresses.repository import find_congress  # noqa: E402
from app.core import migrations  # noqa: E402
from app.core.database import make_engine, make_session_factory, transaction  # noqa: E402
from app.speakers import lists  # noqa: E402
from app.speakers.schemas import SpeakersListCreate  # noqa: E402
from app.timetables import release, solving  # noqa: E402
from benchmarks.speakers_burst_bench import (  # noqa: E402
    Burst,
    burst,
    member_states,
    serve_processes,
)
from tests.support.databases import temporary_database  # noqa: E402
from tests.support.seeds import SALVADOR_2010, load  # noqa: E402

SLUG = "twelfth-congress-salvador-2010"
LARGE = "load-bench-congress"
ENTRIES = f"/congresses/{SLUG}/speakers-lists/item-4/entries"
READS = {
    "organization-of-work page": f"/congresses/{SLUG}/organization-of-work",
    "congress feed (200)": f"/congresses/{SLUG}/feeds/congress.ics",
    "congress feed (304)": f"/congresses/{SLUG}/feeds/congress.ics",
    "timetable JSON": f"/congresses/{SLUG}/timetable",
}


def large_congress(
    days: int = 14, committees: int = 6, items: int = 5, workshops: int = 24
) -> dict[str, Any]:
    """The 2010 seed grown: `days` days, `committees` committees with `items` agenda
    items each (1-3 meetings), `workshops` two-meeting workshops. Feasible, and CP-SAT
    keeps improving it for minutes without proving optimality (on this machine)."""
    seed = yaml.safe_load(SALVADOR_2010.read_text(encoding="utf-8"))
    data: dict[str, Any] = copy.deepcopy(seed)
    end = dt.date(2010, 4, 12) + dt.timedelta(days=days - 1)
    data["congress"]["name"] = "Load benchmark congress (synthetic, grown from the 2010 seed)"
    data["congress"]["end_date"] = end
    data["congress"].pop("translations", None)
    data["rooms"] = [data["rooms"][0]] + [
        {"name": f"Committee Room {c}", "capacity": 800, "interpretation": True}
        for c in range(1, committees + 1)
    ]
    data["bodies"] = [data["bodies"][0]] + [
        {
            "key": f"committee-{c}",
            "name": f"Committee {c}",
            "kind": "committee",
            "room": f"Committee Room {c}",
            "expected_attendance": 600,
            "meets_after_opening": True,
            "meets_before_closing": True,
        }
        for c in range(1, committees + 1)
    ]
    # The plenary keeps its items and clusters (3+5, 6+10); the committees get new ones.
    agenda = [i for i in data["agenda_items"] if i["number"] in (1, 2, 3, 5, 6, 10)]
    for item in agenda:
        item.pop("translations", None)
    number = 12
    of_committee: dict[int, list[int]] = defaultdict(list)
    for c in range(1, committees + 1):
        for _ in range(items):
            agenda.append(
                {
                    "number": number,
                    "title": f"Item {number} of Committee {c}.",
                    "body": f"committee-{c}",
                    "meetings": 1 + number % 3,
                }
            )
            of_committee[c].append(number)
            number += 1
    agenda.append(
        {"number": number, "title": "Adoption of the report of the Congress.", "body": "plenary"}
    )
    data["agenda_items"] = agenda
    data["clusters"] = [data["clusters"][0], data["clusters"][2]]
    data["workshops"] = [
        {
            "number": n,
            "title": f"Workshop {n}.",
            "meetings": 2,
            "agenda_item": of_committee[1 + n % committees][n % items],
        }
        for n in range(1, workshops + 1)
    ]
    closing = next(e for e in data["fixed_events"] if e["kind"] == "closing")
    closing["date"] = end
    closing["agenda_items"] = [number]
    data["rules"]["max_parallel_meetings"] = committees + 1
    data["officers"] = {}
    return data


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Kind:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class Window:
    kinds: dict[str, Kind]
    #: From the first read to the end of the last one.
    seconds: float
    burst: Burst
    burst_started_s: float
    progress: list[dict[str, Any]]


async def _reader(
    client: httpx.AsyncClient, offset: int, until: float, kinds: dict[str, Kind], etag: str
) -> float:
    """Read in a loop until `until`; returns when its last request ended."""
    names = list(READS)
    turn = offset
    while time.monotonic() < until:
        name = names[turn % len(names)]
        turn += 1
        headers = {"If-None-Match": etag} if name.endswith("(304)") else {}
        expected = 304 if name.endswith("(304)") else 200
        started = time.perf_counter()
        try:
            response = await client.get(READS[name], headers=headers)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        kinds[name].latencies.append(time.perf_counter() - started)
        kinds[name].statuses[status] += 1
        if status != expected:
            kinds[name].errors += 1
    return time.monotonic()


async def _monitor(
    client: httpx.AsyncClient, job: str, headers: dict[str, str], until: float, out: list[Any]
) -> None:
    began = time.monotonic()
    while time.monotonic() < until:
        body = (await client.get(job, headers=headers)).json()
        out.append({"at_s": time.monotonic() - began, "state": body["state"], **body["progress"]})
        await asyncio.sleep(1.0)


async def _window(
    base: str,
    seconds: float,
    readers: int,
    burst_at: float,
    tokens: list[str],
    job: str,
    organizer: dict[str, str],
) -> Window:
    kinds = {name: Kind() for name in READS}
    progress: list[dict[str, Any]] = []
    limits = httpx.Limits(max_connections=readers + 2)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        etag = (await client.get(READS["congress feed (304)"])).headers["ETag"]
        started = time.monotonic()
        until = started + seconds
        tasks = [
            asyncio.create_task(_reader(client, offset, until, kinds, etag))
            for offset in range(readers)
        ]
        monitor = asyncio.create_task(_monitor(client, job, organizer, until, progress))
        await asyncio.sleep(burst_at)
        burst_started = time.monotonic() - started
        # In a thread of its own (with its own event loop and 386 connections), as
        # speakers_burst_bench.py runs it.
        opening = await asyncio.to_thread(burst, base, ENTRIES, tokens, copies=2, key="opening")
        ended = await asyncio.gather(*tasks)
        await monitor
        elapsed = max(ended) - started
    return Window(kinds, elapsed, opening, burst_started, progress)


def _prepare(url: str, folder: Path) -> tuple[list[str], str]:
    migrations.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    congress_id = load(factory, SALVADOR_2010).congress_id
    with transaction(factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        _, draft = solving.solve_congress(session, congress, time_limit_s=10)
        assert draft is not None, "the 2010 seed has a timetable"
        release.publish(session, draft)
    seed_file = folder / f"{LARGE}.yaml"  # the file name is the slug
    seed_file.write_text(yaml.safe_dump(large_congress(), sort_keys=False), encoding="utf-8")
    load(factory, seed_file)
    with transaction(factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        now = dt.datetime.now(dt.UTC)
        lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="item-4",
                opens_at=now - dt.timedelta(minutes=1),
                closes_at=now + dt.timedelta(hours=2),
                time_limit_minutes=5,
            ),
            None,
        )
    tokens = member_states(factory, congress_id, 193)
    with transaction(factory) as session:
        organizer = issue_token(session, role=Role.ORGANIZER, name="load benchmark").token
    engine.dispose()
    return tokens, organizer


def _congress_command() -> list[str]:
    beside = Path(sys.executable).with_name("congress")
    found = str(beside) if beside.exists() else shutil.which("congress")
    if found is None:
        raise SystemExit("the `congress` command is not installed (pip install -e .)")
    return [found]


def run(seconds: float, readers: int, burst_at: float) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as folder,
        temporary_database("postgresql", Path(folder)) as url,
    ):
        tokens, organizer_token = _prepare(url, Path(folder))
        organizer = {"Authorization": f"Bearer {organizer_token}"}
        env = {**os.environ, "DATABASE_URL": url, "CONGRESS_JOB_WORKERS": "1"}
        worker = subprocess.Popen(
            [*_congress_command(), "worker"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
        )
        try:
            with serve_processes(url, 2) as base:
                posted = httpx.post(
                    f"{base}/congresses/{LARGE}/solves",
                    json={"time_limit_s": seconds + 60},
                    headers=organizer,
                    timeout=30,
                )
                assert posted.status_code == 202, posted.text
                job = urljoin(f"{base}/", posted.headers["Location"])
                deadline = time.monotonic() + 60
                while (state := httpx.get(job, headers=organizer).json()["state"]) != "running":
                    if state != "queued" or time.monotonic() > deadline:
                        raise RuntimeError(f"the solve job is {state}, not running")
                    time.sleep(0.2)
                window = asyncio.run(
                    _window(base, seconds, readers, burst_at, tokens, job, organizer)
                )
                final = httpx.get(job, headers=organizer, timeout=30).json()
                httpx.post(f"{job}/cancel", headers=organizer, timeout=30)
                deadline = time.monotonic() + 30
                while (state := httpx.get(job, headers=organizer).json()["state"]) == "running":
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
                final["state_after_cancel"] = state
                listed = httpx.get(f"{base}/congresses/{SLUG}/speakers-lists/item-4", timeout=30)
                entries = len(listed.json()["entries"])
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    return {"window": window, "job_after": final, "entries": entries}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(result: dict[str, Any], args: argparse.Namespace, meta: dict[str, Any]) -> str:
    window: Window = result["window"]
    opening = window.burst
    lines = [
        "# Load benchmark: reads, the opening burst and a solve at once",
        "",
        f"- Date: {meta['date']} UTC",
        f"- Machine: {platform.machine()}, nproc {os.cpu_count()} (shared with other "
        f"engineers' test runs), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        f"- Load average (1, 5, 15 min) before: {meta['load_before']}; after: {meta['load_after']}",
        f"- Command: `.venv/bin/python benchmarks/load_bench.py --window {args.window:g} "
        f"--readers {args.readers} --burst-at {args.burst_at:g}`",
        "- Shape: PostgreSQL 127.0.0.1 (a throw-away database); `uvicorn --workers 2` "
        "(CONGRESS_JOB_RUNNER=worker) and one `congress worker`; the client (httpx, asyncio) "
        "in the benchmark process, all on this machine.",
        f"- Window: {window.seconds:.1f} s of reads; {args.readers} readers in a loop (each "
        "in turn: page, feed, feed with If-None-Match, timetable JSON); the opening burst "
        f"{window.burst_started_s:.1f} s into the window ({opening.wall_s:.1f} s long).",
        "",
        "| request kind | count | throughput (req/s) | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, kind in window.kinds.items():
        count = len(kind.latencies)
        lines.append(
            f"| {name} | {count} | {count / window.seconds:.1f} | "
            f"{_ms(percentile(kind.latencies, 50))} | {_ms(percentile(kind.latencies, 99))} | "
            f"{kind.errors} |"
        )
    outcomes = opening.outcomes
    bad = sum(1 for o in outcomes if o.status != 201)
    lines.append(
        f"| opening burst: 193 delegations x 2 (same Idempotency-Key) | {len(outcomes)} | "
        f"{len(outcomes) / opening.wall_s:.1f} | {_ms(opening.percentile(50))} | "
        f"{_ms(opening.percentile(99))} | {bad} |"
    )
    reads = sum(len(k.latencies) for k in window.kinds.values())
    lines += [
        "",
        f"- Reads in all: {reads} in {window.seconds:.1f} s ({reads / window.seconds:.1f} req/s).",
        f"- Opening burst: {len(outcomes)} requests in {opening.wall_s:.2f} s wall; "
        f"{sum(not o.replayed for o in outcomes if o.status == 201)} inscriptions, "
        f"{sum(o.replayed for o in outcomes)} replays; the list holds {result['entries']} "
        "entries afterwards (193 expected); non-201 answers: "
        f"{bad}.",
    ]
    progress = window.progress
    states = sorted({p["state"] for p in progress})
    first, last = progress[0], progress[-1]
    job = result["job_after"]
    lines += [
        f"- Solve (job on `{LARGE}`: {job['time_limit_s']:g} s limit, cancelled after the "
        f"window): state during the window {', '.join(states)} ({len(progress)} polls); "
        f"at the start {first['solutions']} solutions, objective {first['objective']}, "
        f"bound {first['best_bound']}; at the end {last['solutions']} solutions, objective "
        f"{last['objective']}, bound {last['best_bound']}, {last['elapsed_s'] or 0:.1f} s of "
        f"search; state at the end of the window: {job['state']}; after the cancel request: "
        f"{job['state_after_cancel']}.",
        "",
        "Latencies are per request from the client, in the benchmark process (its CPU "
        "competes with the two API processes, the solver and PostgreSQL for the cores). "
        "p50/p99 are nearest-rank. Errors: any status other than 200 (304 for the "
        "conditional feed; 201 for the burst) or a transport error.",
    ]
    if meta["busy"]:
        lines += [
            "",
            "The load average before the run shows other work on the machine (the other "
            "engineers' test suites): these numbers are a floor; rerun on a quiet machine.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=float, default=25.0, help="seconds of load")
    parser.add_argument("--readers", type=int, default=4, help="concurrent reading clients")
    parser.add_argument(
        "--burst-at", type=float, default=5.0, help="seconds into the window of the burst"
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS.md")
    args = parser.parse_args()
    before = os.getloadavg()
    result = run(args.window, args.readers, args.burst_at)
    after = os.getloadavg()
    meta = {
        "date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}",
        "load_before": ", ".join(f"{x:.2f}" for x in before),
        "load_after": ", ".join(f"{x:.2f}" for x in after),
        "busy": before[0] > 0.5 * (os.cpu_count() or 1),
    }
    text = report(result, args, meta)
    print(text)
    if not args.no_write:
        (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
