"""The one copy between the solver's `scheduler.Timetable` and a stored version.

A draft is the solver's timetable kept in rows (`draft_of`), and a stored version goes
back to the solver as a `Timetable` to be validated or kept stable (`timetable_of`).
Both directions are written here, field by field, once: a field added to
`scheduler.Meeting` is added to the row and to these two functions, and nowhere else.
"""

from __future__ import annotations

import scheduler
from app.congresses.models import Congress
from app.timetables.models import TimetableMeeting, TimetableVersion, VersionState


def meeting_row(meeting: scheduler.Meeting, position: int) -> TimetableMeeting:
    """A solver's meeting as a row of a version; `position` keeps the solver's order."""
    return TimetableMeeting(
        key=meeting.key,
        also=list(meeting.also),
        date=meeting.date,
        slot_key=meeting.slot,
        body_key=meeting.body,
        body_name=meeting.body_name,
        kind=meeting.kind,
        start=meeting.start,
        end=meeting.end,
        agenda_items=list(meeting.agenda_items),
        workshop=meeting.workshop,
        room=meeting.room,
        title=meeting.title,
        position=position,
    )


def meeting_of(row: TimetableMeeting) -> scheduler.Meeting:
    """A stored meeting as the solver's meeting."""
    return scheduler.Meeting(
        key=row.key,
        date=row.date,
        slot=row.slot_key,
        body=row.body_key,
        body_name=row.body_name,
        kind=row.kind,
        start=row.start,
        end=row.end,
        agenda_items=tuple(row.agenda_items),
        workshop=row.workshop,
        room=row.room,
        title=row.title,
        also=tuple(row.also),
    )


def rule_line(result: scheduler.RuleResult) -> dict[str, object]:
    """One line of the per-rule report as a version stores it."""
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


def draft_of(
    congress: Congress,
    timetable: scheduler.Timetable,
    *,
    seed: int | None,
    based_on: TimetableVersion | None,
) -> TimetableVersion:
    """The solver's timetable as a draft version (not yet added to a session)."""
    return TimetableVersion(
        congress_id=congress.id,
        state=VersionState.DRAFT,
        based_on_id=based_on.id if based_on else None,
        solver_status=timetable.status,
        objective=timetable.objective,
        best_bound=timetable.best_bound,
        gap=timetable.gap,
        wall_time_s=timetable.wall_time_s,
        seed=seed,
        rule_report=[rule_line(r) for r in timetable.rule_report],
        violations=[v.to_dict() for v in timetable.violations],
        meetings=[meeting_row(m, position) for position, m in enumerate(timetable.meetings)],
    )


def timetable_of(version: TimetableVersion, congress: Congress) -> scheduler.Timetable:
    """A stored version as the solver's `Timetable` (to validate, diff or keep stable)."""
    return scheduler.Timetable(
        status="FEASIBLE" if version.solver_status != "OPTIMAL" else "OPTIMAL",
        time_zone=congress.time_zone,
        meetings=[meeting_of(m) for m in version.meetings],
        objective=version.objective,
        best_bound=version.best_bound,
        gap=version.gap,
        wall_time_s=version.wall_time_s or 0.0,
        bodies=[(b.key, b.name) for b in congress.bodies],
        slots=[(s.key, s.name) for s in congress.meeting_slots],
    )
