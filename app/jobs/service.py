"""Solve jobs as a durable queue in the service's own database.

Every step is one short transaction on the `solve_jobs` row, so any number of API
processes and `congress worker` processes, on any number of machines, share the work
through the database alone: claiming uses `SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL (two workers never take the same job, nor wait for each other) and a
conditional `UPDATE … WHERE state = 'queued'` everywhere (SQLite has no row locks).
A worker proves it is alive with a heartbeat; a running job whose heartbeat is stale
is re-queued once, then failed, so no job stays "running" after its worker died.

These functions never commit: the request or the runner does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import NotFound, ProblemError
from app.jobs.models import JobState, SolveJob

#: A job is tried at most this many times when its workers die under it: a solve
#: that crashes its worker every time (out of memory) must not loop for ever.
MAX_ATTEMPTS = 2


def enqueue(session: Session, congress: Congress, *, time_limit_s: float, seed: int) -> SolveJob:
    job = SolveJob(
        congress_id=congress.id,
        state=JobState.QUEUED,
        time_limit_s=time_limit_s,
        seed=seed,
        cancel_requested=False,
        solutions=0,
        attempts=0,
        conflicting_rules=[],
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, congress: Congress, job_id: int) -> SolveJob:
    job = session.get(SolveJob, job_id, populate_existing=True)
    if job is None or job.congress_id != congress.id:
        raise NotFound(f"{congress.name} has no solve job {job_id}.")
    return job


def list_jobs(session: Session, congress: Congress, limit: int = 50) -> list[SolveJob]:
    return list(
        session.scalars(
            select(SolveJob)
            .where(SolveJob.congress_id == congress.id)
            .order_by(SolveJob.id.desc())
            .limit(limit)
        )
    )


def request_cancel(session: Session, job: SolveJob) -> SolveJob:
    """Cancel a queued job at once; ask the worker of a running job to stop.

    The worker sees the request at its next heartbeat (every half second) and the
    job becomes "cancelled" then; no draft is kept from a cancelled solve.
    """
    if job.state.finished:
        raise ProblemError(
            409, f"Solve job {job.id} has already finished ({job.state.value}); nothing to cancel."
        )
    job.cancel_requested = True
    if job.state is JobState.QUEUED:
        # Conditional, so that a worker claiming it at this very moment wins or loses
        # cleanly: either it is cancelled before it starts, or it runs and sees the flag.
        done = session.execute(
            update(SolveJob)
            .where(SolveJob.id == job.id, SolveJob.state == JobState.QUEUED)
            .values(state=JobState.CANCELLED, cancel_requested=True, finished_at=utc_now())
            .execution_options(synchronize_session=False)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
            session.flush()
            session.refresh(job)
            return job
    session.flush()
    session.refresh(job)
    return job


def claim(session: Session, worker: str) -> SolveJob | None:
    """Take the oldest queued job for `worker`, or None when the queue is empty."""
    candidate = session.scalar(
        select(SolveJob)
        .where(SolveJob.state == JobState.QUEUED)
        .order_by(SolveJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if candidate is None:
        return None
    now = utc_now()
    taken = session.execute(
        update(SolveJob)
        .where(SolveJob.id == candidate.id, SolveJob.state == JobState.QUEUED)
        .values(
            state=JobState.RUNNING,
            worker=worker,
            attempts=SolveJob.attempts + 1,
            started_at=now,
            heartbeat_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]  # another worker was faster
        return None
    session.refresh(candidate)
    return candidate


def heartbeat(
    session: Session,
    job_id: int,
    worker: str,
    *,
    solutions: int,
    objective: float | None,
    best_bound: float | None,
    elapsed_s: float | None,
) -> bool | None:
    """Record that `worker` is alive and how far it is; return the cancel flag.

    None means the job is no longer this worker's (it was taken for dead and
    re-queued meanwhile): the worker should stop and write nothing.
    """
    job = session.get(SolveJob, job_id, populate_existing=True)
    if job is None or job.state is not JobState.RUNNING or job.worker != worker:
        return None
    job.heartbeat_at = utc_now()
    job.solutions = solutions
    job.objective = objective
    job.best_bound = best_bound
    job.elapsed_s = elapsed_s
    session.flush()
    return job.cancel_requested


def recover_stale(session: Session, stale_after_s: float) -> list[SolveJob]:
    """Re-queue (once) or fail the running jobs whose worker stopped answering."""
    cutoff = utc_now() - dt.timedelta(seconds=stale_after_s)
    stale = list(
        session.scalars(
            select(SolveJob)
            .where(
                SolveJob.state == JobState.RUNNING,
                or_(
                    SolveJob.heartbeat_at < cutoff,
                    SolveJob.heartbeat_at.is_(None) & (SolveJob.started_at < cutoff),
                ),
            )
            .with_for_update(skip_locked=True)
        )
    )
    for job in stale:
        who = job.worker or "its worker"
        if job.attempts < MAX_ATTEMPTS and not job.cancel_requested:
            job.state = JobState.QUEUED
            job.error = f"{who} stopped answering; the job was queued again."
        else:
            job.state = JobState.CANCELLED if job.cancel_requested else JobState.FAILED
            job.error = (
                f"{who} stopped answering (attempt {job.attempts} of {MAX_ATTEMPTS}); "
                "the job was given up."
            )
            job.finished_at = utc_now()
        job.worker = None
    session.flush()
    return stale


def requeue(session: Session, job_id: int, worker: str) -> None:
    """Give a job back to the queue (its worker is shutting down)."""
    session.execute(
        update(SolveJob)
        .where(
            SolveJob.id == job_id,
            SolveJob.worker == worker,
            SolveJob.state == JobState.RUNNING,
        )
        .values(
            state=JobState.QUEUED,
            worker=None,
            attempts=SolveJob.attempts - 1,
            error=f"{worker} shut down; the job was queued again.",
        )
        .execution_options(synchronize_session=False)
    )
