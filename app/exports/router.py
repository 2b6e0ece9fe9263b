"""Exports of the published organization of work: /congresses/{c}/exports/{identifier}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from app.auth.deps import Caller, ensure_organizer_of
from app.congresses.service import get_congress
from app.core.conditional import ConditionalGetRoute, last_modified
from app.core.deps import LanguageQuery, SessionDep
from app.core.inputs import INT32_MAX
from app.core.problems import InvalidParam, NotFound, Problem, ProblemError
from app.core.urls import request_base_url as base_url
from app.exports.base import ExportSource
from app.exports.registry import EXPORTERS
from app.pages.annex import build_annex
from app.side_events.programme import confirmed_side_events
from app.timetables import repository

# Apps poll the frab files: ETag and 304 (app.core.conditional).
router = APIRouter(
    prefix="/congresses/{congress}/exports", tags=["exports"], route_class=ConditionalGetRoute
)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "This export needs an organizer token"},
    404: {"model": Problem, "description": "No such congress, export or published version"},
}


class ExportPublic(BaseModel):
    identifier: str
    name: str
    content_type: str
    public: bool
    url: str


@router.get("", summary="The exports on offer", response_model=list[ExportPublic])
def exports(congress: str, request: Request, session: SessionDep) -> list[ExportPublic]:
    found = get_congress(session, congress)
    base = base_url(request)
    return [
        ExportPublic(
            identifier=e.identifier,
            name=e.verbose_name,
            content_type=e.content_type,
            public=e.public,
            url=f"{base}/congresses/{found.slug}/exports/{e.identifier}",
        )
        for e in EXPORTERS.values()
    ]


@router.get(
    "/{identifier}",
    summary="One export of the latest (or a given) published version",
    response_class=Response,
    responses=ERRORS,
)
def export(
    congress: str,
    identifier: str,
    request: Request,
    session: SessionDep,
    caller: Caller,
    lang: LanguageQuery = None,
    version: Annotated[
        int | None, Query(ge=1, le=INT32_MAX, description="A published version")
    ] = None,
) -> Response:
    found = get_congress(session, congress, full=True)
    exporter = EXPORTERS.get(identifier)
    if exporter is None:
        raise ProblemError(
            404,
            f"No export {identifier!r}; one of " + ", ".join(EXPORTERS),
            invalid_params=[InvalidParam(name="identifier", reason="unknown export")],
        )
    if not exporter.public:
        ensure_organizer_of(
            caller,
            found,
            unauthenticated="This export needs an organizer token.",
            refusal="Only the secretariat (an organizer token) may fetch this.",
        )
    current = (
        repository.latest_published(session, found.id)
        if version is None
        else repository.published_version(session, found.id, version)
    )
    if current is None or current.number is None:
        raise NotFound(
            f"{found.name} has no published version {version}."
            if version
            else f"{found.name} has no published organization of work yet."
        )
    source = ExportSource(
        congress=found,
        version=current,
        annex=build_annex(found, current, lang=lang or "en"),
        base_url=base_url(request),
        session=session,
        side_events=tuple(confirmed_side_events(session, found.id)) if version is None else (),
    )
    disposition = "attachment" if exporter.download else "inline"
    headers = {"Content-Disposition": f'{disposition}; filename="{exporter.filename(source)}"'}
    if exporter.public:
        # Conference apps fetch frab files from other origins (as pretalx allows).
        headers["Access-Control-Allow-Origin"] = "*"
    response = Response(exporter.render(source), media_type=exporter.content_type, headers=headers)
    if version is not None:
        # A given version is what was published then. The latest one's files also hold
        # the confirmed side events, which change without a date to tell: the ETag alone.
        last_modified(response, current.published_at)
    return response
