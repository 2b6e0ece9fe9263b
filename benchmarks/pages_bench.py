"""How long the public page, a meeting page and each export take to render.

    .venv/bin/python benchmarks/pages_bench.py [--requests 30] [--out benchmarks/RESULTS-pages.md]

A throw-away SQLite database gets the Twelfth Congress (Salvador 2010), solved and
published once; each route is then requested in-process (Starlette's TestClient, so
the numbers are server time without a network) and the median and 95th percentile
are reported next to GET /health.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

import app.models  # noqa: F401  (every model registered)
from app.congresses.repository import find_congress
from app.core import migrations
from app.core.config import Settings
from app.core.database import make_engine, make_session_factory, transaction
from app.main import create_app
from app.seeds.loader import load_seed
from app.seeds.reader import read_seed_file
from app.timetables import release, solving

SLUG = "twelfth-congress-salvador-2010"
SEED = Path(__file__).resolve().parents[1] / "seeds" / f"{SLUG}.yaml"
ROUTES = [
    "/health",
    f"/congresses/{SLUG}/organization-of-work",
    f"/congresses/{SLUG}/organization-of-work?body=committee-1&day=2010-04-15",
    f"/congresses/{SLUG}/meetings/plenary:opening",
    f"/congresses/{SLUG}/organization-of-work/changes",
    f"/congresses/{SLUG}/exports/timetable.csv",
    f"/congresses/{SLUG}/exports/timetable.json",
    f"/congresses/{SLUG}/exports/schedule.xml",
    f"/congresses/{SLUG}/exports/schedule.json",
    f"/congresses/{SLUG}/exports/organization-of-work.docx",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        migrations.upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            load_seed(session, read_seed_file(SEED))
        with transaction(factory) as session:
            congress = find_congress(session, SLUG, full=True)
            assert congress is not None
            _, draft = solving.solve_congress(session, congress, time_limit_s=10)
            assert draft is not None
            release.publish(session, draft)
        client = TestClient(create_app(Settings(database_url=url), engine=engine))
        lines = [
            "| route | median ms | p95 ms | bytes |",
            "|---|---:|---:|---:|",
        ]
        for route in ROUTES:
            client.get(route)  # warm up (templates compiled, caches filled)
            timings = []
            size = 0
            for _ in range(args.requests):
                start = time.perf_counter()
                response = client.get(route)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (route, response.status_code)
                size = len(response.content)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            lines.append(f"| `{route}` | {statistics.median(timings):.1f} | {p95:.1f} | {size} |")
        engine.dispose()
    report = "\n".join(lines)
    print(report)
    if args.out:
        header = (
            "# Pages and exports: server time per request\n\n"
            f"`benchmarks/pages_bench.py --requests {args.requests}`, in-process TestClient, "
            f"SQLite, Salvador 2010 published (45 meetings); Python {platform.python_version()}, "
            "2 shared cores (other engineers' tests running at the same time).\n\n"
        )
        args.out.write_text(header + report + "\n")


if __name__ == "__main__":
    main()
