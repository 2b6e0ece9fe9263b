"""Routes for the high-level segment (one per congress), fixed events, pins and exclusions."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.congresses.deps import ReadScope, WriteScope, congress_router
from app.core.crud import ETAG_HEADER, READ_ERRORS, WRITE_ERRORS, problems
from app.core.deps import SessionDep
from app.core.etag import IfMatch, IfNoneMatch, etag_of, not_modified, require_if_match
from app.core.problems import NotFound, ProblemError
from app.programme import service
from app.programme.params import fixed_event_filters, pin_filters
from app.programme.schemas import (
    ExclusionUpdate,
    FixedEventUpdate,
    HighLevelSegmentCreate,
    HighLevelSegmentResource,
    PinUpdate,
    SegmentUpdate,
)

segment_router = APIRouter(prefix="/congresses/{congress}/high-level-segment", tags=["programme"])
WHAT = "the high-level segment"


def _missing(scope: ReadScope) -> NotFound:
    return NotFound(f"{scope.congress.name} has no high-level segment. PUT one to add it.")


@segment_router.get(
    "",
    summary="The high-level segment",
    response_model=HighLevelSegmentResource,
    responses={200: {"headers": ETAG_HEADER}, **problems(304, *READ_ERRORS)},
)
def get_segment(
    scope: ReadScope, session: SessionDep, response: Response, if_none_match: IfNoneMatch = None
) -> HighLevelSegmentResource | Response:
    row = service.find_segment(session, scope.congress)
    if row is None:
        raise _missing(scope)
    public = service.segment_public(row)
    etag = etag_of(public)
    if not_modified(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return public


@segment_router.put(
    "",
    summary="Set the high-level segment (add it, or replace it with If-Match)",
    response_model=HighLevelSegmentResource,
    responses={
        200: {"headers": ETAG_HEADER, "description": "Replaced"},
        201: {
            "headers": ETAG_HEADER,
            "description": "Added",
            "model": HighLevelSegmentResource,
        },
        **problems(*WRITE_ERRORS),
    },
)
def put_segment(
    scope: WriteScope,
    session: SessionDep,
    body: HighLevelSegmentCreate,
    response: Response,
    if_match: IfMatch = None,
) -> HighLevelSegmentResource:
    row = service.find_segment(session, scope.congress)
    if row is not None:
        require_if_match(if_match, etag_of(service.segment_public(row)), WHAT)
    elif if_match is not None and if_match.strip() != "*":
        raise ProblemError(
            412,
            f"{scope.congress.name} has no high-level segment (it was deleted?); "
            "PUT without If-Match to add one.",
        )
    else:
        response.status_code = 201
    row = service.write_segment(session, scope.congress, row, body)
    session.flush()
    session.expire(row)
    public = service.segment_public(row)
    response.headers["ETag"] = etag_of(public)
    return public


@segment_router.delete(
    "",
    summary="Remove the high-level segment",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Removed"}, **problems(*WRITE_ERRORS)},
)
def delete_segment(scope: WriteScope, session: SessionDep, if_match: IfMatch = None) -> Response:
    row = service.find_segment(session, scope.congress)
    if row is None:
        raise _missing(scope)
    require_if_match(if_match, etag_of(service.segment_public(row)), WHAT)
    service.remove_segment(session, scope.congress, row)
    return Response(status_code=204)


fixed_events_router = congress_router(
    service.fixed_events,
    "fixed-events",
    tag="programme",
    key_name="event_id",
    update_model=FixedEventUpdate,
    filters=fixed_event_filters,
)

pins_router = congress_router(
    service.pins,
    "pins",
    tag="programme",
    key_name="pin_id",
    update_model=PinUpdate,
    filters=pin_filters,
)

exclusions_router = congress_router(
    service.exclusions,
    "exclusions",
    tag="programme",
    key_name="exclusion_id",
    update_model=ExclusionUpdate,
)

segments_router = congress_router(
    service.segments,
    "segments",
    tag="programme",
    key_name="segment_id",
    update_model=SegmentUpdate,
)
