"""Solve jobs: does a solve block the API, and how long from POST to a draft?

    .venv/bin/python benchmarks/jobs_bench.py [--out benchmarks/RESULTS-jobs.md]

1. Responsiveness: GET /health latencies alone, then while CP-SAT solves the synthetic
   599-meeting congress of scheduler_bench.py in a solver thread of the same process
   (as the in-process runner does).
2. Job latency: POST /congresses/{2010}/solves -> "succeeded", through the in-process
   runner on SQLite (one job at a time, then 5 queued at once for one solver thread).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scheduler  # noqa: E402
from app.auth.models import Role  # noqa: E402
from app.auth.tokens import issue_token  # noqa: E402
from app.core import migrations  # noqa: E402
from app.core.config import Settings  # noqa: E402
from app.core.database import make_engine, make_session_factory, transaction  # noqa: E402
from app.main import create_app  # noqa: E402
from benchmarks.scheduler_bench import synthetic  # noqa: E402
from tests.support.seeds import SALVADOR_2010, load  # noqa: E402

SOLVES = "/congresses/twelfth-congress-salvador-2010/solves"


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered), p95, ordered[-1]


def health_latencies(client: TestClient, until: threading.Event | None, n: int) -> list[float]:
    out: list[float] = []
    while len(out) < n or (until is not None and not until.is_set()):
        t0 = time.perf_counter()
        assert client.get("/health").status_code == 200
        out.append((time.perf_counter() - t0) * 1000)
        if until is None and len(out) >= n:
            break
    return out


def wait(client: TestClient, url: str, headers: dict[str, str]) -> None:
    while client.get(url, headers=headers).json()["state"] not in (
        "succeeded",
        "failed",
        "cancelled",
    ):
        time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS-jobs.md"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    migrations.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    load(factory, SALVADOR_2010)
    with transaction(factory) as session:
        token = issue_token(session, role=Role.ORGANIZER, name="bench").token
    headers = {"Authorization": f"Bearer {token}"}
    lines: list[str] = []

    with TestClient(create_app(Settings(database_url=url), engine=engine)) as client:
        health_latencies(client, None, 30)  # warm-up: first requests pay for imports
        alone = health_latencies(client, None, 300)
        problem = synthetic(599)
        done = threading.Event()
        result: list[scheduler.Timetable] = []

        def solve() -> None:
            result.append(scheduler.solve(problem, time_limit_s=8))
            done.set()

        solver = threading.Thread(target=solve)
        solver.start()
        during = health_latencies(client, done, 300)
        solver.join()
        status = result[0].status

        single: list[float] = []
        for _ in range(5):
            t0 = time.perf_counter()
            job = client.post(SOLVES, json={"time_limit_s": 5}, headers=headers).json()
            wait(client, job["url"], headers)
            single.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        jobs = [
            client.post(SOLVES, json={"time_limit_s": 5}, headers=headers).json() for _ in range(5)
        ]
        for job in jobs:
            wait(client, job["url"], headers)
        burst = time.perf_counter() - t0
    engine.dispose()

    a, d, s = percentiles(alone), percentiles(during), percentiles(single)
    lines += [
        "# Solve job benchmark results",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.machine()}, 2 cores shared, Python {platform.python_version()}",
        "- Command: `.venv/bin/python benchmarks/jobs_bench.py` (SQLite, in-process runner, "
        "1 solver thread, FastAPI TestClient)",
        "",
        "## Does a solve block the API?",
        "",
        "| GET /health | requests | median (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
        f"| alone | {len(alone)} | {a[0]:.1f} | {a[1]:.1f} | {a[2]:.1f} |",
        f"| while CP-SAT solves 599 meetings ({status}) in a solver thread "
        f"| {len(during)} | {d[0]:.1f} | {d[1]:.1f} | {d[2]:.1f} |",
        "",
        "## From POST to a draft (2010 congress, time limit 5 s)",
        "",
        "| what | seconds |",
        "|---|---:|",
        f"| one job, POST to succeeded: median of 5 | {s[0]:.2f} |",
        f"| one job, POST to succeeded: max of 5 | {s[2]:.2f} |",
        f"| 5 jobs queued at once, 1 solver thread, all succeeded | {burst:.2f} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
