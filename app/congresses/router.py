"""Routes for congresses: reading them (public) and, for organizers, adding, changing
and deleting them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import RootModel

from app.agenda.schemas import AgendaItemResource
from app.congresses import detail as details
from app.congresses import repository, service
from app.congresses.deps import CongressRef, UnlimitedOrganizer, WriteScope
from app.congresses.schemas import (
    CongressCreate,
    CongressPublic,
    CongressSummary,
    CongressUpdate,
)
from app.core.crud import CREATE_ERRORS, ETAG_HEADER, WRITE_ERRORS, problems, validate
from app.core.deps import LanguageQuery, SessionDep
from app.core.etag import IfMatch, IfNoneMatch, etag_of, not_modified, require_if_match
from app.core.pagination import PAGE_HEADERS, PageQuery, paginate_list

router = APIRouter(prefix="/congresses", tags=["congresses"])

#: The agenda as one value, for its ETag.
AgendaPublic = RootModel[list[AgendaItemResource]]

NOT_FOUND: dict[int | str, dict[str, Any]] = problems(404, 422)


@router.get(
    "",
    summary="List congresses",
    response_model=list[CongressSummary],
    responses={200: {"headers": PAGE_HEADERS}, **problems(422)},
)
def list_congresses(
    session: SessionDep,
    page: PageQuery,
    request: Request,
    response: Response,
    lang: LanguageQuery = None,
) -> list[CongressSummary]:
    congresses = paginate_list(repository.list_congresses(session), page, request, response)
    return [service.summary(c, lang) for c in congresses]


@router.get(
    "/{congress}",
    summary="A congress with its rules, bodies, agenda, workshops and programme",
    response_model=CongressPublic,
    responses={200: {"headers": ETAG_HEADER}, **NOT_FOUND, **problems(304, 422)},
)
def get_congress(
    congress: CongressRef,
    session: SessionDep,
    response: Response,
    lang: LanguageQuery = None,
    if_none_match: IfNoneMatch = None,
) -> CongressPublic | Response:
    # The ETag is of this representation (language included); send the ETag of the
    # representation without ?lang= in If-Match to change the congress.
    detail = details.detail(service.get_congress(session, congress, full=True), lang)
    etag = etag_of(detail)
    if not_modified(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return detail


@router.get(
    "/{congress}/agenda",
    summary="The agenda: items with their documents and clusters",
    response_model=list[AgendaItemResource],
    responses={200: {"headers": ETAG_HEADER}, **NOT_FOUND, **problems(304)},
)
def get_agenda(
    congress: CongressRef,
    session: SessionDep,
    response: Response,
    lang: LanguageQuery = None,
    if_none_match: IfNoneMatch = None,
) -> list[AgendaItemResource] | Response:
    found = service.get_congress(session, congress, full=True)
    agenda = AgendaPublic([details.agenda_item_public(item, lang) for item in found.agenda_items])
    etag = etag_of(agenda)
    if not_modified(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return agenda.root


@router.post(
    "",
    summary="Add a congress",
    status_code=201,
    response_model=CongressPublic,
    responses={
        201: {"headers": {**ETAG_HEADER, "Location": {"description": "URL of the congress"}}},
        **problems(*CREATE_ERRORS),
    },
)
def create_congress(
    body: CongressCreate, session: SessionDep, caller: UnlimitedOrganizer, response: Response
) -> CongressPublic:
    congress = service.write_congress(session, None, body)
    detail = details.detail(service.get_congress(session, str(congress.id), full=True))
    response.headers["ETag"] = etag_of(detail)
    response.headers["Location"] = f"/congresses/{congress.slug}"
    return detail


@router.patch(
    "/{congress}",
    summary="Change a congress: dates, venue, rules, meeting slots",
    response_model=CongressPublic,
    responses={200: {"headers": ETAG_HEADER}, **problems(*WRITE_ERRORS)},
)
def update_congress(
    scope: WriteScope,
    session: SessionDep,
    body: CongressUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> CongressPublic:
    congress = service.get_congress(session, str(scope.congress.id), full=True)
    require_if_match(if_match, etag_of(details.detail(congress)), congress.name)
    current = service.as_create(congress)
    changes = body.model_dump(exclude_unset=True)
    if body.rules is not None:
        # Rules are merged one by one: {"rules": {"max_parallel_meetings": 2}} keeps the others.
        patch = body.rules.model_dump(exclude_unset=True)
        if "max_duration_days" in patch and "max_duration" not in patch:
            patch["max_duration"] = None  # the former field replaces the duration rule
        changes["rules"] = current["rules"] | patch
    data = validate(CongressCreate, current | changes)
    service.write_congress(session, congress, data)
    session.expire_all()
    detail = details.detail(service.get_congress(session, str(congress.id), full=True))
    response.headers["ETag"] = etag_of(detail)
    return detail


@router.delete(
    "/{congress}",
    summary="Delete a congress with everything it holds",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted"}, **problems(*WRITE_ERRORS)},
)
def delete_congress(scope: WriteScope, session: SessionDep, if_match: IfMatch = None) -> Response:
    congress = service.get_congress(session, str(scope.congress.id), full=True)
    require_if_match(if_match, etag_of(details.detail(congress)), congress.name)
    session.delete(congress)
    session.flush()
    return Response(status_code=204)
