"""A published version as the API shows it (shared by the timetable and draft routers)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.congresses.models import Congress
from app.timetables.models import TimetableVersion
from app.timetables.schemas import MeetingPublic, VersionPublic


def version_public(congress: Congress, version: TimetableVersion) -> VersionPublic:
    zone = ZoneInfo(congress.time_zone)
    assert version.number is not None
    return VersionPublic(
        congress=congress.slug,
        number=version.number,
        published_at=version.published_at,
        change_log=version.change_log,
        time_zone=congress.time_zone,
        solver_status=version.solver_status,
        objective=version.objective,
        best_bound=version.best_bound,
        rule_report=version.rule_report,
        meetings=[MeetingPublic.of(m, zone) for m in version.meetings],
    )
