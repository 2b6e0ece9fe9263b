"""Benchmark of the opening burst of a list of speakers: 193 member States at once.

    .venv/bin/python benchmarks/speakers_burst_bench.py               # PostgreSQL, writes RESULTS
    .venv/bin/python benchmarks/speakers_burst_bench.py --backend sqlite --rounds 1 --workers 1

Each round: a throw-away database (migrated, the 2010 seed loaded, 193 member-State
delegations with a token each, created through the models and token service), a list
open now, the API served by uvicorn on 127.0.0.1 (a free port, this machine only), and
193 registrations released at the same instant, each with its Idempotency-Key. Then
the same 193 again concurrently with a retry of each (386 requests: the retry gets the
stored response). Counts lost and duplicated entries and 5xx; reports wall time,
throughput and p50/p99 latency. Bounded: a fixed number of requests, 30 s timeout each.

The harness (member_states, serve, burst) is also what tests/app/test_speakers_burst.py
uses to prove the same properties on both databases.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from app.auth.models import Role  # noqa: E402
from app.auth.tokens import issue_token  # noqa: E402
from app.congresses.repository import find_congress  # noqa: E402
from app.core import migrations  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.database import make_engine, make_session_factory, transaction  # noqa: E402
from app.delegations.models import Delegation, DelegationKind, RegionalGroup  # noqa: E402
from app.main import create_app  # noqa: E402
from app.speakers import lists  # noqa: E402
from app.speakers.models import ProtocolLevel, SpeakerEntry, SpeakersList  # noqa: E402
from app.speakers.schemas import SpeakersListCreate  # noqa: E402

LEVELS = list(ProtocolLevel)
LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
GROUPS = list(RegionalGroup)


def member_states(
    session_factory: sessionmaker[Session], congress_id: int, count: int = 193
) -> list[str]:
    """`count` member-State delegations ("Member State 001" …), a bearer token each."""
    tokens = []
    with transaction(session_factory) as session:
        for number in range(1, count + 1):
            delegation = Delegation(
                congress_id=congress_id,
                name=f"Member State {number:03d}",
                kind=DelegationKind.MEMBER_STATE,
                regional_group=GROUPS[number % len(GROUPS)],
            )
            session.add(delegation)
            session.flush()
            issued = issue_token(
                session, role=Role.DELEGATION, name=delegation.name, delegation=delegation
            )
            tokens.append(issued.token)
    return tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def serve_processes(database_url: str, workers: int) -> Iterator[str]:
    """Serve the app with `uvicorn --workers N` (separate processes: every core)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "CONGRESS_JOB_RUNNER": "worker"}
    command = [
        sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.2)
        # Every worker process answers once before the burst (imports, pools).
        for _ in range(4 * workers):
            httpx.get(f"{base}/congresses", timeout=10)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def speaker_body(number: int) -> dict[str, str]:
    return {
        "name": f"Speaker of Member State {number:03d}",
        "title": "Minister of Justice",
        "protocol_level": LEVELS[number % len(LEVELS)].value,
        "language": LANGUAGES[number % len(LANGUAGES)],
    }


def warm_up(base_url: str, path: str, workers: int) -> None:
    """A few untimed requests to the burst's route (401: no token), so that the burst
    measures a running server: FastAPI builds its routers' matching state lazily, on the
    first request that walks past them, which a fresh app pays inside the first burst
    (about 0.3 s of CPU) while a server that has been up before the opening has not."""
    for _ in range(4 * workers):
        httpx.post(f"{base_url}{path}", json=speaker_body(1), timeout=10)


@dataclass(frozen=True)
class Outcome:
    number: int  #: index of the delegation, 1-based
    copy: int  #: 0: the request; 1…: its retries with the same key
    status: int
    body: dict[str, Any]
    replayed: bool
    latency_s: float


@dataclass(frozen=True)
class Burst:
    outcomes: list[Outcome]
    wall_s: float
    #: CPU time of the client (the thread that ran the event loop).
    client_cpu_s: float

    def latencies(self) -> list[float]:
        return sorted(o.latency_s for o in self.outcomes)

    def percentile(self, p: float) -> float:
        values = self.latencies()
        return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


async def _burst(base_url: str, path: str, tokens: list[str], copies: int, key: str) -> Burst:
    gate = asyncio.Event()
    limits = httpx.Limits(max_connections=len(tokens) * copies, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:

        async def one(number: int, token: str, copy: int) -> Outcome:
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"{key}-{number}"}
            await gate.wait()
            started = time.perf_counter()
            response = await client.post(path, json=speaker_body(number), headers=headers)
            latency = time.perf_counter() - started
            return Outcome(
                number,
                copy,
                response.status_code,
                response.json(),
                response.headers.get("Idempotent-Replayed") == "true",
                latency,
            )

        tasks = [
            asyncio.create_task(one(number, token, copy))
            for number, token in enumerate(tokens, start=1)
            for copy in range(copies)
        ]
        await asyncio.sleep(0.2)  # every task is waiting at the gate
        started = time.perf_counter()
        gate.set()
        outcomes = await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
    return Burst(list(outcomes), wall, 0.0)


def burst(
    base_url: str, path: str, tokens: list[str], *, copies: int = 1, key: str = "opening"
) -> Burst:
    """Every delegation posts its speaker `copies` times at once with one Idempotency-Key."""
    before = time.thread_time()
    result = asyncio.run(_burst(base_url, path, tokens, copies, key))
    return Burst(result.outcomes, result.wall_s, time.thread_time() - before)


# ---------------------------------------------------------------- the benchmark


def _round(backend: str, count: int, workers: int) -> dict[str, Any]:
    from tests.support.databases import temporary_database
    from tests.support.seeds import SALVADOR_2010, load

    with tempfile.TemporaryDirectory() as folder, temporary_database(backend, Path(folder)) as url:
        migrations.upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        congress_id = load(factory, SALVADOR_2010).congress_id
        results: dict[str, Any] = {}
        for label, copies in (
            (f"{count} registrations", 1),
            (f"{count} + a concurrent retry each", 2),
        ):
            target = "item-4" if copies == 1 else "item-8"
            with transaction(factory) as session:
                congress = find_congress(session, "twelfth-congress-salvador-2010", full=True)
                assert congress is not None
                now = dt.datetime.now(dt.UTC)
                lists.create_list(
                    session,
                    congress,
                    SpeakersListCreate(
                        target=target,
                        opens_at=now - dt.timedelta(minutes=1),
                        closes_at=now + dt.timedelta(hours=1),
                        time_limit_minutes=5,
                    ),
                    None,
                )
            if not results:
                tokens = member_states(factory, congress_id, count)
            settings = Settings(database_url=url, job_runner="worker")
            server = (
                serve_processes(url, workers)
                if workers > 1
                else serve(create_app(settings, engine=engine))
            )
            with server as base:
                path = f"/congresses/twelfth-congress-salvador-2010/speakers-lists/{target}/entries"
                warm_up(base, path, workers)
                cpu_before = time.process_time()
                run = burst(base, path, tokens, copies=copies, key=target)
                cpu = time.process_time() - cpu_before
            with factory() as session:
                entries = session.scalars(
                    select(SpeakerEntry).join(SpeakersList).where(SpeakersList.target == target)
                ).all()
            delegations = [e.delegation_id for e in entries]
            results[label] = {
                "requests": len(run.outcomes),
                "wall_s": run.wall_s,
                "throughput": len(run.outcomes) / run.wall_s,
                "p50_ms": run.percentile(50) * 1000,
                "p99_ms": run.percentile(99) * 1000,
                # The server's CPU (this process's, less the client thread's; only with
                # the in-thread server): what the burst costs whatever the machine's load.
                "cpu_s": cpu - run.client_cpu_s if workers == 1 else None,
                "entries": len(entries),
                "lost": count - len(set(delegations)),
                "duplicated": len(delegations) - len(set(delegations)),
                "5xx": sum(1 for o in run.outcomes if o.status >= 500),
                "non_201": sum(1 for o in run.outcomes if o.status != 201),
            }
        engine.dispose()
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server setting")
    parser.add_argument("--count", type=int, default=193)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="server settings to run: 1 is uvicorn in a thread of this process; N > 1 is "
        "`uvicorn --workers N` processes",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-speakers.md")
    args = parser.parse_args()
    load_before = os.getloadavg()
    started = time.perf_counter()
    rounds = [
        (workers, number, _round(args.backend, args.count, workers))
        for workers in args.workers
        for number in range(1, args.rounds + 1)
    ]
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    workers_text = " ".join(str(w) for w in args.workers)
    lines = [
        "# Opening burst of a list of speakers: benchmark results",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC ({elapsed:.0f} s in all)",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores shared with other "
        f"engineers' work, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}",
        f"- Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)}",
        f"- Command: `.venv/bin/python benchmarks/speakers_burst_bench.py --backend "
        f"{args.backend} --rounds {args.rounds} --workers {workers_text}`",
        f"- Database: {args.backend} on 127.0.0.1, a new database per round. Server "
        "(workers = 1): uvicorn in a thread of the benchmark process, which also runs the "
        "httpx client (they share one GIL); server CPU is the process's less the client "
        "thread's, PostgreSQL's own not counted. Workers = N > 1: `uvicorn --workers N` "
        "processes (CPU not measured).",
        f"- Each round: {args.count} member-State delegations with a token each; every "
        "request of a burst released at the same instant; latency from each request's send "
        "to its response. Target: 193 registrations in under 2 s, none lost or duplicated.",
        "",
        "| workers | round | burst | requests | wall (s) | requests/s | p50 (ms) | p99 (ms) "
        "| server CPU (s) | entries | lost | duplicated | 5xx | not 201 |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, number, result in rounds:
        for label, r in result.items():
            lines.append(
                f"| {workers} | {number} | {label} | {r['requests']} | {r['wall_s']:.2f} | "
                f"{r['throughput']:.0f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | "
                f"{'n/a' if r['cpu_s'] is None else format(r['cpu_s'], '.2f')} | "
                f"{r['entries']} | {r['lost']} | {r['duplicated']} | {r['5xx']} | "
                f"{r['non_201']} |"
            )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "benchmarks" / "RESULTS-speakers.md").write_text(text)


if __name__ == "__main__":
    main()
