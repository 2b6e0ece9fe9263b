"""Solving a congress, keeping drafts, publishing versions, comparing them.

Pure domain functions in the manner of pretalx's schedule releases: a version is a
snapshot; publishing numbers it, freezes it and sets each meeting's iCal SEQUENCE.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import ProblemError
from app.timetables import repository
from app.timetables.models import TimetableMeeting, TimetableVersion, VersionState
from app.timetables.problem_builder import build_problem

ProgressHook = Callable[[int, float, float, float], None]

#: The fields of a meeting whose change a calendar client must see.
_VISIBLE_FIELDS = (
    "date",
    "slot_key",
    "body_key",
    "kind",
    "start",
    "end",
    "agenda_items",
    "workshop",
    "room",
    "title",
    "also",
)


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
    problem = build_problem(session, congress)
    published = repository.latest_published(session, congress.id)
    previous = timetable_from_version(published, congress) if published else None
    timetable = scheduler.solve(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        previous=previous,
        on_progress=on_progress,
        cancel=cancel,
    )
    if not timetable.ok:
        return timetable, None
    draft = save_draft(session, congress, timetable, seed=seed, based_on=published)
    return timetable, draft


def save_draft(
    session: Session,
    congress: Congress,
    timetable: scheduler.Timetable,
    *,
    seed: int | None,
    based_on: TimetableVersion | None,
) -> TimetableVersion:
    version = TimetableVersion(
        congress_id=congress.id,
        state=VersionState.DRAFT,
        based_on_id=based_on.id if based_on else None,
        solver_status=timetable.status,
        objective=timetable.objective,
        best_bound=timetable.best_bound,
        gap=timetable.gap,
        wall_time_s=timetable.wall_time_s,
        seed=seed,
        rule_report=[_rule(r) for r in timetable.rule_report],
        violations=[v.to_dict() for v in timetable.violations],
        meetings=[
            TimetableMeeting(
                key=m.key,
                also=list(m.also),
                date=m.date,
                slot_key=m.slot,
                body_key=m.body,
                body_name=m.body_name,
                kind=m.kind,
                start=m.start,
                end=m.end,
                agenda_items=list(m.agenda_items),
                workshop=m.workshop,
                room=m.room,
                title=m.title,
                position=position,
            )
            for position, m in enumerate(timetable.meetings)
        ],
    )
    session.add(version)
    session.flush()
    return version


def publish(
    session: Session, version: TimetableVersion, change_log: str | None = None
) -> TimetableVersion:
    """Number and freeze a draft; carry every unchanged meeting's SEQUENCE over."""
    if version.state is VersionState.PUBLISHED:
        raise ProblemError(
            409, f"Version {version.number} is already published; published versions never change."
        )
    if version.violations:
        raise ProblemError(
            409,
            "This draft breaks rules of the congress and cannot be published: "
            + "; ".join(v["message"] for v in version.violations),
        )
    previous = repository.latest_published(session, version.congress_id)
    before = {m.key: m for m in previous.meetings} if previous else {}
    for meeting in version.meetings:
        earlier = before.get(meeting.key)
        if earlier is None:
            meeting.sequence = 0
        elif any(getattr(earlier, f) != getattr(meeting, f) for f in _VISIBLE_FIELDS):
            meeting.sequence = earlier.sequence + 1
        else:
            meeting.sequence = earlier.sequence
    version.number = repository.next_version_number(session, version.congress_id)
    version.state = VersionState.PUBLISHED
    version.published_at = utc_now()
    if not change_log:
        change_log = (
            describe_diff(diff_versions(previous, version, version.congress))
            if previous
            else "First published organization of work."
        )
    version.change_log = change_log
    session.flush()
    return version


def matches(version: TimetableVersion, other: TimetableVersion) -> bool:
    """Both versions hold the same meetings at the same places and times."""
    mine = {m.key: m for m in version.meetings}
    theirs = {m.key: m for m in other.meetings}
    return mine.keys() == theirs.keys() and all(
        getattr(mine[k], f) == getattr(theirs[k], f) for k in mine for f in _VISIBLE_FIELDS
    )


def diff_versions(
    before: TimetableVersion, after: TimetableVersion, congress: Congress
) -> scheduler.Diff:
    return scheduler.diff_timetables(
        timetable_from_version(before, congress), timetable_from_version(after, congress)
    )


def timetable_from_version(version: TimetableVersion, congress: Congress) -> scheduler.Timetable:
    """A stored version as the scheduler's `Timetable` (to validate, diff or keep stable)."""
    return scheduler.Timetable(
        status="FEASIBLE" if version.solver_status != "OPTIMAL" else "OPTIMAL",
        time_zone=congress.time_zone,
        meetings=[
            scheduler.Meeting(
                key=m.key,
                date=m.date,
                slot=m.slot_key,
                body=m.body_key,
                body_name=m.body_name,
                kind=m.kind,  # type: ignore[arg-type]  # stored from the same Literal
                start=m.start,
                end=m.end,
                agenda_items=tuple(m.agenda_items),
                workshop=m.workshop,
                room=m.room,
                title=m.title,
                also=tuple(m.also),
            )
            for m in version.meetings
        ],
        objective=version.objective,
        best_bound=version.best_bound,
        gap=version.gap,
        wall_time_s=version.wall_time_s or 0.0,
        bodies=[(b.key, b.name) for b in congress.bodies],
        slots=[(s.key, s.name) for s in congress.meeting_slots],
    )


def describe_diff(diff: scheduler.Diff) -> str:
    if diff.empty:
        return "No meeting moved, was added or was cancelled."
    return (
        f"{len(diff.moved)} meeting(s) moved, {len(diff.added)} added, "
        f"{len(diff.removed)} cancelled."
    )


def _rule(result: scheduler.RuleResult) -> dict[str, object]:
    return {
        "name": result.name,
        "source": result.source,
        "hard": result.hard,
        "satisfied": result.satisfied,
        "violations": result.violations,
        "penalty": result.penalty,
        "weight": result.weight,
        "description": result.description,
    }
