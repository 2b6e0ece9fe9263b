"""A solve job as the API and the console show it (shared by their routers)."""

from __future__ import annotations

import datetime as dt

from app.congresses.models import Congress
from app.jobs.models import SolveJob
from app.jobs.schemas import JobProgress, JobPublic


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite returns stored UTC times without their zone; say it, as PostgreSQL does."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def job_url(congress: Congress, job_id: int) -> str:
    return f"/congresses/{congress.slug}/solves/{job_id}"


def job_public(congress: Congress, job: SolveJob) -> JobPublic:
    return JobPublic(
        id=job.id,
        url=job_url(congress, job.id),
        congress=congress.slug,
        state=job.state,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        cancel_requested=job.cancel_requested,
        progress=JobProgress(
            solutions=job.solutions,
            objective=job.objective,
            best_bound=job.best_bound,
            elapsed_s=job.elapsed_s,
        ),
        solver_status=job.solver_status,
        error=job.error,
        explanation=job.explanation,
        conflicting_rules=[str(r) for r in job.conflicting_rules],
        draft=f"/congresses/{congress.slug}/drafts/{job.draft_id}" if job.draft_id else None,
        draft_id=job.draft_id,
        attempts=job.attempts,
        worker=job.worker,
        created_at=as_utc(job.created_at),
        started_at=as_utc(job.started_at) if job.started_at else None,
        heartbeat_at=as_utc(job.heartbeat_at) if job.heartbeat_at else None,
        finished_at=as_utc(job.finished_at) if job.finished_at else None,
    )
