"""Drafts: what a solve proposed, edited and published by the secretariat.

Organizers only, reads included: a draft is never public (401 without a token, 403
for a delegation's token or an organizer token of another congress).

A draft has an ETag like every other resource (app.core.etag): GET answers 304 to a
matching If-None-Match, and every write on it — moving a meeting, publishing,
discarding — needs If-Match (428 without, 412 when stale), checked after the
congress's write lock, so that two organizers editing one draft cannot overwrite or
publish each other's moves unseen. A write on a draft that has been published since
answers 409 naming the version it became (the console takes the same path).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Response, status

from app.auth.deps import Organizer, ensure_organizer_of
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.crud import ETAG_HEADER, problems
from app.core.deps import SessionDep
from app.core.etag import IfMatch, IfNoneMatch, etag_of, not_modified, require_if_match
from app.core.fields import IdPath
from app.core.problems import Problem
from app.timetables import changes, release, repository, service
from app.timetables.models import TimetableVersion
from app.timetables.public import version_public
from app.timetables.schemas import (
    DraftDiffPublic,
    DraftPublic,
    DraftSummary,
    MeetingEdit,
    MeetingPublic,
    MovePublic,
    PublishRequest,
    VersionPublic,
    ViolationPublic,
)

router = APIRouter(prefix="/congresses/{congress}/drafts", tags=["drafts"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No bearer token"},
    403: {"model": Problem, "description": "Not an organizer of this congress"},
    404: {"model": Problem, "description": "No such congress, draft or meeting"},
}
#: A write on a draft: its If-Match is missing (428) or stale (412); the draft has been
#: published meanwhile (409).
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    **problems(412, 428),
    409: {"model": Problem, "description": "The draft was already published (as version N)"},
}


def _url(congress: Congress, draft: TimetableVersion) -> str:
    return f"/congresses/{congress.slug}/drafts/{draft.id}"


def _based_on_number(session: SessionDep, draft: TimetableVersion) -> int | None:
    if draft.based_on_id is None:
        return None
    based_on = session.get(TimetableVersion, draft.based_on_id)
    return based_on.number if based_on is not None else None


def draft_public(session: SessionDep, congress: Congress, draft: TimetableVersion) -> DraftPublic:
    zone = ZoneInfo(congress.time_zone)
    latest = repository.latest_published(session, congress.id)
    diff = None
    if latest is not None and latest.number is not None:
        found = changes.diff_versions(latest, draft, congress)
        diff = DraftDiffPublic(
            against_version=latest.number,
            moved=[
                MovePublic(key=m.key, before=list(m.before), after=list(m.after))
                for m in found.moved
            ],
            added=list(found.added),
            cancelled=list(found.removed),
            retitled=list(found.retitled),
            room_changed=list(found.room_changed),
        )
    return DraftPublic(
        id=draft.id,
        url=_url(congress, draft),
        congress=congress.slug,
        created_at=draft.created_at,
        based_on_version=_based_on_number(session, draft),
        time_zone=congress.time_zone,
        solver_status=draft.solver_status,
        objective=draft.objective,
        best_bound=draft.best_bound,
        rule_report=draft.rule_report,
        violations=[ViolationPublic(**v) for v in draft.violations],
        diff=diff,
        meetings=[
            MeetingPublic.of(m, zone)
            # In the order a fresh read gives (the relationship's order_by): after a
            # move the loaded list keeps the old order, and the ETag must not differ
            # between the PATCH answer and the next GET.
            for m in sorted(draft.meetings, key=lambda m: (m.start, m.position))
        ],
    )


def _congress(session: SessionDep, ref: str, caller: Organizer) -> Congress:
    found = get_congress(session, ref, full=True)
    ensure_organizer_of(caller, found)
    return found


def _draft_to_change(
    session: SessionDep, congress: Congress, draft_id: int, if_match: str | None
) -> TimetableVersion:
    """The draft, its If-Match checked under the congress's write lock (as in
    app.core.crud): the tag is compared with the draft as it is now, not as it was
    before another organizer's write committed. One published meanwhile is 409 whatever
    the tag (service.draft_for_change): a stale tag's 412 would not say what happened."""
    draft = service.draft_for_change(session, congress, draft_id)
    require_if_match(if_match, etag_of(draft_public(session, congress, draft)), f"draft {draft_id}")
    return draft


@router.get("", summary="Drafts of the congress, newest first", response_model=list[DraftSummary])
def list_drafts(congress: str, session: SessionDep, caller: Organizer) -> list[DraftSummary]:
    found = _congress(session, congress, caller)
    return [
        DraftSummary(
            id=d.id,
            url=_url(found, d),
            created_at=d.created_at,
            based_on_version=_based_on_number(session, d),
            solver_status=d.solver_status,
            objective=d.objective,
            meetings=len(d.meetings),
            violations=len(d.violations),
        )
        for d in repository.drafts(session, found.id)
    ]


@router.get(
    "/{draft_id}",
    summary="A draft: its meetings, the rules it breaks, its changes against the published",
    response_model=DraftPublic,
    responses={200: {"headers": ETAG_HEADER}, **ERRORS, **problems(304)},
)
def get_draft(
    congress: str,
    draft_id: IdPath,
    session: SessionDep,
    caller: Organizer,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> DraftPublic | Response:
    found = _congress(session, congress, caller)
    public = draft_public(session, found, service.get_draft(session, found, draft_id))
    etag = etag_of(public)
    if not_modified(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return public


@router.patch(
    "/{draft_id}/meetings/{key}",
    summary="Move a meeting of a draft (date, slot, body, room); returns the re-checked draft",
    response_model=DraftPublic,
    responses={
        200: {"headers": ETAG_HEADER},
        **WRITE_ERRORS,
        422: {"model": Problem, "description": "Unknown slot, body or room"},
    },
)
def edit_meeting(
    congress: str,
    draft_id: IdPath,
    key: str,
    edit: MeetingEdit,
    session: SessionDep,
    caller: Organizer,
    response: Response,
    if_match: IfMatch = None,
) -> DraftPublic:
    found = _congress(session, congress, caller)
    draft = _draft_to_change(session, found, draft_id, if_match)
    service.edit_meeting(session, found, draft, key, edit.model_dump(exclude_unset=True))
    public = draft_public(session, found, draft)
    # The tag of the draft as moved, so that the next move needs no GET in between.
    response.headers["ETag"] = etag_of(public)
    return public


@router.post(
    "/{draft_id}/publish",
    summary="Publish a draft as the next numbered, immutable version",
    status_code=status.HTTP_201_CREATED,
    response_model=VersionPublic,
    responses={
        **WRITE_ERRORS,
        409: {
            "model": Problem,
            "description": "The draft breaks rules, changes nothing, or was already published",
        },
    },
)
def publish_draft(
    congress: str,
    draft_id: IdPath,
    session: SessionDep,
    caller: Organizer,
    response: Response,
    body: PublishRequest | None = None,
    if_match: IfMatch = None,
) -> VersionPublic:
    found = _congress(session, congress, caller)
    draft = _draft_to_change(session, found, draft_id, if_match)
    # Still under the lock _draft_to_change took: the draft whose tag was just checked.
    published = release.publish_draft(session, found, draft.id, body.change_log if body else None)
    response.headers["Location"] = f"/congresses/{found.slug}/timetable/versions/{published.number}"
    return version_public(found, published)


@router.delete(
    "/{draft_id}",
    summary="Discard a draft",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
def delete_draft(
    congress: str,
    draft_id: IdPath,
    session: SessionDep,
    caller: Organizer,
    if_match: IfMatch = None,
) -> None:
    found = _congress(session, congress, caller)
    session.delete(_draft_to_change(session, found, draft_id, if_match))
