"""Solve jobs as a durable queue in the service's own database.

Every step is one short transaction on the `solve_jobs` row, so any number of API
processes and `congress worker` processes, on any number of machines, share the work
through the database alone: claiming uses `SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL (two workers never take the same job, nor wait for each other) and a
conditional `UPDATE … WHERE state = 'queued'` everywhere (SQLite has no row locks).
A worker proves it is alive with a heartbeat; a running job whose heartbeat is stale
is re-queued once, then failed, so no job stays "running" after its worker died.

Every change of a job's state is decided here (the queries are in app.jobs.repository).
These functions never commit: the request or the runner does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import NotFound, ProblemError
from app.jobs import repository
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
    return repository.add(session, job)


def get_job(session: Session, congress: Congress, job_id: int) -> SolveJob:
    job = repository.job(session, job_id)
    if job is None or job.congress_id != congress.id:
        raise NotFound(f"{congress.name} has no solve job {job_id}.")
    return job


def list_jobs(session: Session, congress: Congress, limit: int = 50) -> list[SolveJob]:
    return repository.jobs_of(session, congress.id, limit)


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
        done = repository.update_if(
            session,
            job.id,
            JobState.QUEUED,
            {"state": JobState.CANCELLED, "cancel_requested": True, "finished_at": utc_now()},
        )
        if done:
            session.flush()
            session.refresh(job)
            return job
    session.flush()
    session.refresh(job)
    return job


def claim(session: Session, worker: str) -> SolveJob | None:
    """Take the oldest queued job for `worker`, or None when the queue is empty."""
    candidate = repository.oldest_queued(session)
    if candidate is None:
        return None
    now = utc_now()
    taken = repository.update_if(
        session,
        candidate.id,
        JobState.QUEUED,
        {"state": JobState.RUNNING, "worker": worker, "started_at": now, "heartbeat_at": now},
        attempts_change=+1,
    )
    if not taken:  # another worker was faster
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
    job = repository.job(session, job_id)
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
    stale = repository.stale_running(session, cutoff)
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
    repository.update_if(
        session,
        job_id,
        JobState.RUNNING,
        {"state": JobState.QUEUED, "worker": None, "error": _shut_down(worker)},
        worker=worker,
        attempts_change=-1,
    )


def _shut_down(worker: str) -> str:
    return f"{worker} shut down; the job was queued again."


def held(session: Session, job_id: int, worker: str, *, lock: bool = False) -> SolveJob | None:
    """The job if it is still running under `worker`; None once it was taken for dead
    and handed to another worker (that worker then writes nothing)."""
    job = repository.job(session, job_id, lock=lock)
    if job is None or job.state is not JobState.RUNNING or job.worker != worker:
        return None
    return job


def fail_on_error(session: Session, job_id: int, worker: str, error: Exception) -> None:
    """The solve of `worker`'s job stopped on an exception: the job failed."""
    job = held(session, job_id, worker)
    if job is not None:
        job.state = JobState.FAILED
        job.error = f"The solve stopped on an error: {type(error).__name__}: {error}"
        job.finished_at = utc_now()


def stop_cancelled(job: SolveJob) -> None:
    """A solve whose cancellation was asked for ends cancelled, keeping no draft."""
    job.state = JobState.CANCELLED
    job.finished_at = utc_now()


def give_back(job: SolveJob, worker: str) -> None:
    """Interrupted by its worker's shutdown, not by anyone's wish: solve it again later,
    without counting this attempt."""
    job.state = JobState.QUEUED
    job.worker = None
    job.attempts -= 1
    job.error = _shut_down(worker)


def record_result(job: SolveJob, timetable: scheduler.Timetable) -> bool:
    """Record how the solve ended; False (and the job failed) when it found no timetable."""
    job.solver_status = timetable.status
    job.objective = timetable.objective
    job.best_bound = timetable.best_bound
    job.elapsed_s = timetable.wall_time_s
    job.finished_at = utc_now()
    if not timetable.ok:
        job.state = JobState.FAILED
        job.error = "The scheduler found no timetable."
        job.explanation = timetable.explanation
        job.conflicting_rules = list(timetable.conflicting_rules)
        return False
    return True


def succeed(job: SolveJob, draft_id: int, solutions: int) -> None:
    """The solve's timetable was kept as draft `draft_id`."""
    job.state = JobState.SUCCEEDED
    job.draft_id = draft_id
    job.solutions = max(job.solutions, solutions)
