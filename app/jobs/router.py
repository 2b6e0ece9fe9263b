"""Solving as a job: queue a solve (202 + the job's URL), follow it, cancel it.

Organizers only: a job leads to a draft, and drafts are never public.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from app.auth.deps import Organizer, Principal, ensure_organizer_of
from app.congresses.service import get_congress
from app.core.crud import ETAG_HEADER, problems
from app.core.deps import SessionDep
from app.core.etag import IfNoneMatch, etag_of, not_modified
from app.core.fields import IdPath
from app.core.problems import Problem
from app.jobs import service
from app.jobs.public import job_public, job_url
from app.jobs.runner import JobRunner
from app.jobs.schemas import JobPublic, SolveCreate

router = APIRouter(prefix="/congresses/{congress}/solves", tags=["solve jobs"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No bearer token"},
    403: {"model": Problem, "description": "Not an organizer of this congress"},
    404: {"model": Problem, "description": "No such congress or job"},
}


def _runner(request: Request) -> JobRunner | None:
    runner: JobRunner | None = getattr(request.app.state, "job_runner", None)
    return runner


@router.post(
    "",
    summary="Solve the congress as a job",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses={**ERRORS, 422: {"model": Problem, "description": "Invalid parameters"}},
)
def create_solve(
    congress: str,
    session: SessionDep,
    caller: Organizer,
    request: Request,
    response: Response,
    body: SolveCreate | None = None,
) -> JobPublic:
    """Queue a solve; answers at once with the job's URL (Location) to follow it."""
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found)
    params = body or SolveCreate()
    job = service.enqueue(session, found, time_limit_s=params.time_limit_s, seed=params.seed)
    # Committed here, not after the response as usual, so that a runner woken below
    # (or a worker polling elsewhere) already sees the queued row.
    session.commit()
    runner = _runner(request)
    if runner is not None:
        runner.wake()
    response.headers["Location"] = job_url(found, job.id)
    return job_public(found, job)


@router.get(
    "",
    summary="Recent solve jobs of the congress, newest first",
    response_model=list[JobPublic],
    responses=ERRORS,
)
def list_solves(congress: str, session: SessionDep, caller: Organizer) -> list[JobPublic]:
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found)
    return [job_public(found, job) for job in service.list_jobs(session, found)]


@router.get(
    "/{job_id}",
    summary="A solve job: its state and live progress",
    response_model=JobPublic,
    responses={200: {"headers": ETAG_HEADER}, **ERRORS, **problems(304)},
)
def get_solve(
    congress: str,
    job_id: IdPath,
    session: SessionDep,
    caller: Organizer,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> JobPublic | Response:
    """Poll with If-None-Match: 304 until the job's state or progress changes."""
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found)
    public = job_public(found, service.get_job(session, found, job_id))
    etag = etag_of(public)
    if not_modified(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return public


def _cancel(
    congress: str, job_id: IdPath, session: SessionDep, caller: Principal, request: Request
) -> JobPublic:
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found)
    job = service.request_cancel(session, service.get_job(session, found, job_id))
    # Committed before the local runner is told, so that it finds the flag in the row.
    session.commit()
    runner = _runner(request)
    if runner is not None:
        runner.cancel(job.id)
    return job_public(found, job)


# Cancelling takes no If-Match, unlike the writes on drafts and configuration: the
# job's ETag changes with every heartbeat of a running solve, so a client would keep
# losing the race (412), and a cancel overwrites nothing anyone wrote: it only asks.
_CANCEL_DOC = (
    "A queued job is cancelled at once; a running one stops at its worker's next "
    "heartbeat (state stays running with cancel_requested until then). No draft is kept."
)


@router.post(
    "/{job_id}/cancel",
    summary="Cancel a solve job",
    description=_CANCEL_DOC,
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses={**ERRORS, 409: {"model": Problem, "description": "The job has finished"}},
)
def cancel_solve(
    congress: str, job_id: IdPath, session: SessionDep, caller: Organizer, request: Request
) -> JobPublic:
    return _cancel(congress, job_id, session, caller, request)


@router.delete(
    "/{job_id}",
    summary="Cancel a solve job (same as POST …/cancel)",
    description=_CANCEL_DOC,
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses={**ERRORS, 409: {"model": Problem, "description": "The job has finished"}},
)
def delete_solve(
    congress: str, job_id: IdPath, session: SessionDep, caller: Organizer, request: Request
) -> JobPublic:
    return _cancel(congress, job_id, session, caller, request)
