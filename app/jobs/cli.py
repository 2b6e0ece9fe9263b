"""`congress worker`: a standalone solver process sharing the database's job queue."""

from __future__ import annotations

import signal
import threading
from types import FrameType

from rich.console import Console

import app.models  # noqa: F401  # every mapper, before the first query
from app.core.config import get_settings
from app.core.database import make_engine, make_session_factory
from app.jobs.runner import JobRunner


def run_worker(*, workers: int | None, burst: bool, out: Console, err: Console) -> int:
    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    runner = JobRunner(
        factory,
        workers=workers or settings.job_workers,
        stale_after_s=settings.job_stale_after_s,
    )
    if burst:
        count = runner.run_until_idle()
        out.print(f"Solved {count} queued job(s); the queue is empty.")
        return 0
    stopping = threading.Event()

    def stop(signum: int, _frame: FrameType | None) -> None:
        err.print(f"Signal {signum}: stopping; a job being solved goes back to the queue.")
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runner.start()
    err.print(f"Solver worker {runner.name} with {runner.workers} thread(s) waiting for jobs.")
    stopping.wait()
    runner.stop()
    return 0
