"""Routes for reading congresses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.congresses import repository, service
from app.congresses.schemas import AgendaItemPublic, CongressPublic, CongressSummary
from app.core.deps import LanguageQuery, SessionDep
from app.core.problems import Problem

router = APIRouter(prefix="/congresses", tags=["congresses"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No congress with that id or slug"}
}


@router.get("", summary="List congresses", response_model=list[CongressSummary])
def list_congresses(session: SessionDep, lang: LanguageQuery = None) -> list[CongressSummary]:
    return [service.summary(c, lang) for c in repository.list_congresses(session)]


@router.get(
    "/{congress}",
    summary="A congress with its rules, bodies, agenda, workshops and programme",
    response_model=CongressPublic,
    responses=NOT_FOUND,
)
def get_congress(congress: str, session: SessionDep, lang: LanguageQuery = None) -> CongressPublic:
    return service.detail(service.get_congress(session, congress, full=True), lang)


@router.get(
    "/{congress}/agenda",
    summary="The agenda: items with their documents and clusters",
    response_model=list[AgendaItemPublic],
    responses=NOT_FOUND,
)
def get_agenda(
    congress: str, session: SessionDep, lang: LanguageQuery = None
) -> list[AgendaItemPublic]:
    found = service.get_congress(session, congress, full=True)
    return [service.agenda_item_public(item, lang) for item in found.agenda_items]
