"""Solve jobs: one row per request to solve a congress, shared by every process.

The table is the queue (no extra broker): API processes insert queued rows, runners
(threads of an API process, or `congress worker` processes on other machines) claim
them, write their progress and heartbeat into the row, and finish them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import Base, UTCDateTime, utc_now
from app.core.types import str_enum


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


class SolveJob(Base):
    __tablename__ = "solve_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(
        ForeignKey("congresses.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[JobState] = mapped_column(str_enum(JobState, "job_state"), index=True)
    time_limit_s: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    #: Set by a cancel request; the process running the job sees it at its next tick.
    cancel_requested: Mapped[bool] = mapped_column(default=False)

    # Live progress from the CP-SAT solution callback.
    solutions: Mapped[int] = mapped_column(Integer, default=0)
    objective: Mapped[float | None] = mapped_column(Float)
    best_bound: Mapped[float | None] = mapped_column(Float)
    elapsed_s: Mapped[float | None] = mapped_column(Float)

    solver_status: Mapped[str | None] = mapped_column(String(20))
    #: Why the job failed, in plain words (a crash, a worker that stopped answering).
    error: Mapped[str | None] = mapped_column(Text)
    #: The scheduler's explanation when no timetable exists (conflicting rules).
    explanation: Mapped[str | None] = mapped_column(Text)
    conflicting_rules: Mapped[list[Any]] = mapped_column(JSON, default=list)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("timetable_versions.id", ondelete="SET NULL")
    )

    #: Who holds the job: "hostname:pid:thread", for the operators.
    worker: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
