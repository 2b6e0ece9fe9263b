"""Public routes for published timetables (drafts are never shown here)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.conditional import ConditionalGetRoute, last_modified
from app.core.deps import SessionDep
from app.core.fields import VersionPath
from app.core.inputs import INT32_MAX
from app.core.problems import NotFound, Problem
from app.timetables import changes, repository
from app.timetables.models import TimetableVersion
from app.timetables.public import version_public
from app.timetables.schemas import (
    DiffPublic,
    MovePublic,
    VersionPublic,
    VersionSummary,
)

# Apps poll these: ETag, Last-Modified (the publication) and 304 (app.core.conditional).
router = APIRouter(
    prefix="/congresses/{congress}/timetable",
    tags=["timetables"],
    route_class=ConditionalGetRoute,
)

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such congress or published version"}
}


def _published(session: SessionDep, congress: Congress, number: int) -> TimetableVersion:
    version = repository.published_version(session, congress.id, number)
    if version is None or version.number is None:
        raise NotFound(f"{congress.name} has no published version {number}.")
    return version


@router.get(
    "",
    summary="The latest published organization of work",
    response_model=VersionPublic,
    responses=NOT_FOUND,
)
def latest(congress: str, session: SessionDep, response: Response) -> VersionPublic:
    found = get_congress(session, congress, full=True)
    version = repository.latest_published(session, found.id)
    if version is None:
        raise NotFound(
            f"{found.name} has no published timetable yet. The secretariat publishes one "
            f"with: congress solve {found.slug} --publish"
        )
    last_modified(response, version.published_at)
    return version_public(found, version)


@router.get(
    "/versions",
    summary="Published versions, oldest first",
    response_model=list[VersionSummary],
    responses=NOT_FOUND,
)
def versions(congress: str, session: SessionDep, response: Response) -> list[VersionSummary]:
    found = get_congress(session, congress)
    published = repository.published_versions(session, found.id)
    last_modified(
        response, max((v.published_at for v in published if v.published_at), default=None)
    )
    return [
        VersionSummary(
            number=v.number or 0,
            published_at=v.published_at,
            change_log=v.change_log,
            meetings=len(v.meetings),
        )
        for v in published
    ]


@router.get(
    "/versions/{number}",
    summary="One published version",
    response_model=VersionPublic,
    responses=NOT_FOUND,
)
def version(
    congress: str, number: VersionPath, session: SessionDep, response: Response
) -> VersionPublic:
    found = get_congress(session, congress, full=True)
    published = _published(session, found, number)
    last_modified(response, published.published_at)
    return version_public(found, published)


@router.get(
    "/diff",
    summary="What changed between two published versions",
    response_model=DiffPublic,
    responses=NOT_FOUND,
)
def diff(
    congress: str,
    session: SessionDep,
    from_version: Annotated[
        int, Query(alias="from", ge=1, le=INT32_MAX, description="Earlier version")
    ],
    to_version: Annotated[int, Query(alias="to", ge=1, le=INT32_MAX, description="Later version")],
) -> DiffPublic:
    found = get_congress(session, congress, full=True)
    before = _published(session, found, from_version)
    after = _published(session, found, to_version)
    diff = changes.diff_versions(before, after, found)
    return DiffPublic(
        from_version=from_version,
        to_version=to_version,
        moved=[
            MovePublic(key=m.key, before=list(m.before), after=list(m.after)) for m in diff.moved
        ],
        added=list(diff.added),
        cancelled=list(diff.removed),
        retitled=list(diff.retitled),
        room_changed=list(diff.room_changed),
    )
