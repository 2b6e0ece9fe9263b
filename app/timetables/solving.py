"""Solving a congress: rows -> `scheduler.Problem` -> CP-SAT -> a draft.

The solver keeps close to the latest published version (stability); the timetable it
finds is kept as a draft by `release.save_draft`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.timetables import mapping, release, repository
from app.timetables.models import TimetableVersion
from app.timetables.problem import build_problem

ProgressHook = Callable[[int, float, float, float], None]


def solve_congress(
    session: Session,
    congress: Congress,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressHook | None = None,
    cancel: threading.Event | None = None,
) -> tuple[scheduler.Timetable, TimetableVersion | None]:
    """Solve, keeping close to the latest published version; store a draft if one exists.

    Returns the scheduler's timetable (with its explanation when none exists) and the
    draft version, or None when there is no timetable to keep.
    """
    timetable, published = propose(
        session,
        congress,
        time_limit_s=time_limit_s,
        seed=seed,
        on_progress=on_progress,
        cancel=cancel,
    )
    if not timetable.ok:
        return timetable, None
    draft = release.save_draft(session, congress, timetable, seed=seed, based_on=published)
    return timetable, draft


def propose(
    session: Session,
    congress: Congress,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressHook | None = None,
    cancel: threading.Event | None = None,
) -> tuple[scheduler.Timetable, TimetableVersion | None]:
    """Solve without writing anything; also return the published version kept close to.

    Solve jobs write nothing while CP-SAT runs (their heartbeats need the database,
    and SQLite has a single writer), then keep the draft with `release.save_draft`.
    """
    problem = build_problem(session, congress)
    published = repository.latest_published(session, congress.id)
    previous = mapping.timetable_of(published, congress) if published else None
    timetable = scheduler.solve(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        previous=previous,
        on_progress=on_progress,
        cancel=cancel,
    )
    return timetable, published
