"""Runners of solve jobs: threads that claim queued jobs from the database and solve them.

The same `JobRunner` serves inside an API process (the embedded default, started by
the application's lifespan) and in `congress worker` (a standalone solver process, on
any machine that reaches the database). CP-SAT runs in these threads, never on the
event loop; it releases the GIL while it searches, so the API keeps answering.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.jobs import repository, service
from app.timetables import release, solving

log = logging.getLogger(__name__)


@dataclass
class _Progress:
    """The latest values of the solution callback, written to the row by the ticker."""

    solutions: int = 0
    objective: float | None = None
    best_bound: float | None = None
    elapsed_s: float | None = None

    def update(self, solutions: int, objective: float, bound: float, elapsed: float) -> None:
        # Called from CP-SAT's callback: only memory, never the database, so that the
        # search is not slowed down by I/O; the ticker writes at most every tick.
        self.solutions, self.objective, self.best_bound, self.elapsed_s = (
            solutions,
            objective,
            bound,
            elapsed,
        )


class JobRunner:
    """A small pool of solver threads sharing the queue in the database."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        workers: int = 1,
        stale_after_s: float = 60.0,
        poll_s: float = 1.0,
        tick_s: float = 0.5,
        name: str | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.workers = workers
        self.stale_after_s = stale_after_s
        self.poll_s = poll_s
        self.tick_s = tick_s
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._cancels: dict[int, threading.Event] = {}
        self._threads: list[threading.Thread] = []

    # Life cycle -------------------------------------------------------------------

    def start(self) -> None:
        """Recover the jobs of dead workers, then start the solver threads."""
        self.recover()
        for index in range(self.workers):
            thread = threading.Thread(
                target=self._loop, args=(f"{self.name}:{index}",), name=f"solver-{index}"
            )
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop the threads; a job still solving goes back to the queue."""
        self._stopping.set()
        self._wake.set()
        with self._lock:
            for event in self._cancels.values():
                event.set()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads.clear()

    def wake(self) -> None:
        """A job was queued by this process: look now rather than at the next poll."""
        self._wake.set()

    def cancel(self, job_id: int) -> None:
        """Stop the job at once if this process runs it (others see the database flag)."""
        with self._lock:
            event = self._cancels.get(job_id)
        if event is not None:
            event.set()

    def recover(self) -> list[int]:
        """Re-queue or fail running jobs whose heartbeat is stale; their ids."""
        with transaction(self.session_factory) as session:
            jobs = service.recover_stale(session, self.stale_after_s)
            ids = [job.id for job in jobs]
        for job_id in ids:
            log.warning("solve job %s: its worker stopped answering; recovered", job_id)
        return ids

    def run_until_idle(self) -> int:
        """Solve queued jobs in this thread until none is left; how many ran (burst mode)."""
        self.recover()
        count = 0
        while not self._stopping.is_set() and self.run_next(f"{self.name}:burst"):
            count += 1
        return count

    # Work ---------------------------------------------------------------------------

    def _loop(self, worker: str) -> None:
        next_recovery = time.monotonic() + self.stale_after_s / 2
        while not self._stopping.is_set():
            try:
                if time.monotonic() >= next_recovery:
                    self.recover()
                    next_recovery = time.monotonic() + self.stale_after_s / 2
                if self.run_next(worker):
                    continue
            except Exception:  # a database outage must not kill the thread
                log.exception("solver thread %s: error; retrying", worker)
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def run_next(self, worker: str) -> bool:
        """Claim and solve one job; False when the queue is empty."""
        with transaction(self.session_factory) as session:
            job = service.claim(session, worker)
            if job is None:
                return False
            job_id = job.id
        self.run_claimed(job_id, worker)
        return True

    def run_claimed(self, job_id: int, worker: str) -> None:
        """Solve a job that `worker` has claimed, and record how it ended."""
        with self.session_factory() as session:
            job = repository.job(session, job_id)
            if job is None:
                return
            congress_id, time_limit_s, seed = job.congress_id, job.time_limit_s, job.seed
        cancel = threading.Event()
        with self._lock:
            self._cancels[job_id] = cancel
        try:
            self._solve(job_id, worker, congress_id, time_limit_s, seed, cancel)
        except Exception as error:
            log.exception("solve job %s failed", job_id)
            with transaction(self.session_factory) as session:
                service.fail_on_error(session, job_id, worker, error)
        finally:
            with self._lock:
                self._cancels.pop(job_id, None)

    def _solve(
        self,
        job_id: int,
        worker: str,
        congress_id: int,
        time_limit_s: float,
        seed: int,
        cancel: threading.Event,
    ) -> None:
        progress = _Progress()
        ticking = threading.Event()
        ticker = threading.Thread(
            target=self._tick, args=(job_id, worker, cancel, progress, ticking), daemon=True
        )
        ticker.start()
        try:
            with transaction(self.session_factory) as session:
                congress = find_congress(session, str(congress_id), full=True)
                if congress is None:  # deleted meanwhile: its job went with it
                    return
                timetable, published = solving.propose(
                    session,
                    congress,
                    time_limit_s=time_limit_s,
                    seed=seed,
                    on_progress=progress.update,
                    cancel=cancel,
                )
                # The ticker writes to the same row; stop it before the final write.
                ticking.set()
                ticker.join()
                job = service.held(session, job_id, worker, lock=True)
                if job is None:
                    return  # taken for dead and handed to another worker: write nothing
                if job.cancel_requested:
                    service.stop_cancelled(job)
                    return
                if self._stopping.is_set() and cancel.is_set():
                    service.give_back(job, worker)
                    return
                if not service.record_result(job, timetable):
                    return
                draft = release.save_draft(
                    session, congress, timetable, seed=seed, based_on=published
                )
                service.succeed(job, draft.id, progress.solutions)
        finally:
            ticking.set()
            ticker.join()

    def _tick(
        self,
        job_id: int,
        worker: str,
        cancel: threading.Event,
        progress: _Progress,
        ticking: threading.Event,
    ) -> None:
        while not ticking.wait(self.tick_s):
            try:
                with transaction(self.session_factory) as session:
                    flag = service.heartbeat(
                        session,
                        job_id,
                        worker,
                        solutions=progress.solutions,
                        objective=progress.objective,
                        best_bound=progress.best_bound,
                        elapsed_s=progress.elapsed_s,
                    )
            except Exception:
                log.exception("solve job %s: heartbeat failed", job_id)
                continue
            if flag is None or flag:
                cancel.set()


def runner_for(settings: Settings, session_factory: sessionmaker[Session]) -> JobRunner:
    return JobRunner(
        session_factory,
        workers=settings.job_workers,
        stale_after_s=settings.job_stale_after_s,
    )


@asynccontextmanager
async def job_runner_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the in-process runner with the application (unless workers do the solving)."""
    settings: Settings = app.state.settings
    runner: JobRunner | None = None
    if settings.job_runner == "inprocess":
        runner = runner_for(settings, app.state.session_factory)
        await run_in_threadpool(runner.start)
    app.state.job_runner = runner
    try:
        yield
    finally:
        if runner is not None:
            await run_in_threadpool(runner.stop)
        app.state.job_runner = None
