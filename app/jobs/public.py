"""A solve job as the API and the console show it (shared by their routers)."""

from __future__ import annotations

from app.congresses.models import Congress
from app.jobs.models import SolveJob
from app.jobs.schemas import JobProgress, JobPublic


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
        created_at=job.created_at,
        started_at=job.started_at,
        heartbeat_at=job.heartbeat_at,
        finished_at=job.finished_at,
    )
