"""What the API takes and shows of solve jobs."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.core.inputs import InputModel
from app.jobs.models import JobState


class SolveCreate(InputModel):
    time_limit_s: float = Field(
        default=10.0, gt=0, le=600, description="Seconds CP-SAT may search (at most 600)"
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="Same input and seed, same result")


class JobProgress(BaseModel):
    solutions: int = Field(description="Solutions found so far (each better than the last)")
    objective: float | None = Field(description="Penalty of the best solution so far")
    best_bound: float | None = Field(description="No solution can do better than this")
    elapsed_s: float | None = Field(description="Seconds of search so far")


class JobPublic(BaseModel):
    id: int
    url: str = Field(description="This job's URL; poll it for its state and progress")
    congress: str = Field(description="Slug of the congress")
    state: JobState = Field(description="queued, running, succeeded, failed or cancelled")
    time_limit_s: float
    seed: int
    cancel_requested: bool
    progress: JobProgress
    solver_status: str | None = Field(description="OPTIMAL, FEASIBLE, INFEASIBLE, …")
    error: str | None
    explanation: str | None = Field(
        description="When no timetable exists: the scheduler's smallest set of conflicting rules"
    )
    conflicting_rules: list[str]
    draft: str | None = Field(description="URL of the draft the job proposed")
    draft_id: int | None
    attempts: int = Field(description="Times a worker took the job (a dead worker's is retried)")
    worker: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    finished_at: dt.datetime | None
