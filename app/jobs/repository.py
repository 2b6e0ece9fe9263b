"""The queries of the solve queue: reading `solve_jobs` rows and conditional updates.

Which state a job goes to, and when, is decided in app.jobs.service; these functions
only read rows or write the values they are given, each `…_if` only while the row is
still as the caller saw it (so that two writers racing for one job cannot both win).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.jobs.models import JobState, SolveJob


def add(session: Session, job: SolveJob) -> SolveJob:
    session.add(job)
    session.flush()
    return job


def job(session: Session, job_id: int, *, lock: bool = False) -> SolveJob | None:
    """The job as stored now (not as this session last saw it); `lock` holds its row."""
    return session.get(SolveJob, job_id, with_for_update=lock or None, populate_existing=True)


def jobs_of(session: Session, congress_id: int, limit: int) -> list[SolveJob]:
    """The congress's jobs, newest first."""
    return list(
        session.scalars(
            select(SolveJob)
            .where(SolveJob.congress_id == congress_id)
            .order_by(SolveJob.id.desc())
            .limit(limit)
        )
    )


def oldest_queued(session: Session) -> SolveJob | None:
    """The oldest queued job, its row locked; one another worker holds is skipped
    (PostgreSQL; SQLite has no row locks, hence the conditional updates below)."""
    return session.scalar(
        select(SolveJob)
        .where(SolveJob.state == JobState.QUEUED)
        .order_by(SolveJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def stale_running(session: Session, cutoff: dt.datetime) -> list[SolveJob]:
    """Running jobs with no heartbeat since `cutoff` (nor a start, if they never beat),
    their rows locked; one another process is recovering is skipped."""
    return list(
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


def update_if(
    session: Session,
    job_id: int,
    state: JobState,
    values: Mapping[str, object],
    *,
    worker: str | None = None,
    attempts_change: int = 0,
) -> bool:
    """Write `values` to the job if it is still in `state` (and, given `worker`, still
    that worker's), adding `attempts_change` to its attempts in the same statement;
    whether it was. The session's copy is not refreshed (refresh it to read the row)."""
    condition = [SolveJob.id == job_id, SolveJob.state == state]
    if worker is not None:
        condition.append(SolveJob.worker == worker)
    changes = dict(values)
    if attempts_change:
        changes["attempts"] = SolveJob.attempts + attempts_change
    done = session.execute(
        update(SolveJob)
        .where(*condition)
        .values(changes)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]  # CursorResult of an UPDATE
