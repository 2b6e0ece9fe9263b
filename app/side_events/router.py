"""Routes for side events: organizations request, the secretariat allocates and decides,
everyone reads the confirmed programme and the rooms' occupancy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from sqlalchemy.orm import Session

from app.auth.deps import DelegationOrOrganizer, Organizer, Principal
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.conditional import ConditionalGetRoute
from app.core.deps import SessionDep
from app.core.fields import IdPath
from app.core.problems import Problem
from app.side_events import allocation as allocating
from app.side_events import programme, requests, settings
from app.side_events.models import SideEventRequest
from app.side_events.schemas import (
    AllocateRequest,
    AllocationPublic,
    OccupancyPublic,
    SettingsPublic,
    SettingsUpdate,
    SideEventCreate,
    SideEventDayPublic,
    SideEventPublic,
)

# Apps poll the side events: ETag and 304 on every GET (app.core.conditional).
router = APIRouter(
    prefix="/congresses/{congress}/side-events",
    tags=["side events"],
    route_class=ConditionalGetRoute,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No bearer token"},
    403: {"model": Problem, "description": "The token may not do this"},
    404: {"model": Problem, "description": "No such congress or request"},
    409: {"model": Problem, "description": "Not possible in the request's state"},
    422: {"model": Problem, "description": "Invalid input, field by field"},
}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    404: ERRORS[404],
    422: ERRORS[422],
}


@router.get(
    "",
    summary="Confirmed side events, one section per day",
    response_model=list[SideEventDayPublic],
    responses=PUBLIC_ERRORS,
)
def confirmed(
    congress: str,
    session: SessionDep,
    date: Annotated[dt.date | None, Query(description="Only this day")] = None,
) -> list[SideEventDayPublic]:
    found = get_congress(session, congress)
    return programme.programme(session, found, date)


@router.get(
    "/occupancy",
    summary="Every room's use on a day: official meetings and side events",
    response_model=OccupancyPublic,
    responses=PUBLIC_ERRORS,
)
def occupancy(
    congress: str,
    session: SessionDep,
    date: Annotated[dt.date, Query(description="The day, YYYY-MM-DD")],
) -> OccupancyPublic:
    found = get_congress(session, congress, full=True)
    return programme.occupancy(session, found, date)


@router.get(
    "/settings",
    summary="Windows open to side events and the fair share per organization",
    response_model=SettingsPublic,
    responses=PUBLIC_ERRORS,
)
def get_settings(congress: str, session: SessionDep) -> SettingsPublic:
    found = get_congress(session, congress, full=True)
    return settings.settings(session, found)


@router.put(
    "/settings",
    summary="Set the windows and the fair share (secretariat)",
    response_model=SettingsPublic,
    responses=ERRORS,
)
def put_settings(
    congress: str, data: SettingsUpdate, session: SessionDep, caller: Organizer
) -> SettingsPublic:
    found = get_congress(session, congress, full=True)
    requests.check_access(caller, found)
    return settings.update_settings(session, found, data)


@router.post(
    "/requests",
    summary="Request a side event (organization token)",
    status_code=201,
    response_model=SideEventPublic,
    responses=ERRORS,
)
def submit(
    congress: str, data: SideEventCreate, session: SessionDep, caller: DelegationOrOrganizer
) -> SideEventPublic:
    found = get_congress(session, congress, full=True)
    return requests.public(session, found, requests.submit(session, found, caller, data))


@router.get(
    "/requests",
    summary="Own requests with their room and time or the reason (all, for the secretariat)",
    response_model=list[SideEventPublic],
    responses=ERRORS,
)
def own_requests(
    congress: str, session: SessionDep, caller: DelegationOrOrganizer
) -> list[SideEventPublic]:
    return _visible(session, congress, caller)


def _visible(session: SessionDep, congress: str, caller: Principal) -> list[SideEventPublic]:
    """The requests the caller may see: its own, or all of them for the secretariat."""
    found = get_congress(session, congress, full=True)
    windows = settings.window_map(session, found)
    return [
        requests.public(session, found, r, windows)
        for r in requests.visible_requests(session, found, caller)
    ]


def _acted(
    action: Callable[[Session, Congress, Principal, int], SideEventRequest],
    session: Session,
    congress: str,
    caller: Principal,
    request_id: int,
) -> SideEventPublic:
    """One request as it stands after `action` (reading it, withdrawing, confirming…)."""
    found = get_congress(session, congress, full=True)
    return requests.public(session, found, action(session, found, caller, request_id))


@router.get(
    "/requests/{request_id}",
    summary="One request: its state, room and time once confirmed, or the reason",
    response_model=SideEventPublic,
    responses=ERRORS,
)
def one_request(
    congress: str, request_id: IdPath, session: SessionDep, caller: DelegationOrOrganizer
) -> SideEventPublic:
    return _acted(requests.get_request, session, congress, caller, request_id)


@router.delete(
    "/requests/{request_id}",
    summary="Withdraw a request (its room is freed)",
    response_model=SideEventPublic,
    responses=ERRORS,
)
def withdraw(
    congress: str, request_id: IdPath, session: SessionDep, caller: DelegationOrOrganizer
) -> SideEventPublic:
    return _acted(requests.withdraw, session, congress, caller, request_id)


@router.post(
    "/allocate",
    summary="Allocate rooms and windows to the requests (secretariat; synchronous)",
    response_model=AllocationPublic,
    responses=ERRORS,
)
def allocate(
    congress: str,
    session: SessionDep,
    caller: Organizer,
    data: Annotated[AllocateRequest | None, Body()] = None,
) -> AllocationPublic:
    found = get_congress(session, congress, full=True)
    requests.check_access(caller, found)
    options = data or AllocateRequest()
    return allocating.run_allocation(
        session, found, time_limit_s=options.time_limit_s, seed=options.seed
    )


@router.get(
    "/allocation",
    summary="The current allocation: every request with its placement or reason",
    response_model=list[SideEventPublic],
    responses=ERRORS,
)
def allocation(congress: str, session: SessionDep, caller: Organizer) -> list[SideEventPublic]:
    return _visible(session, congress, caller)


@router.post(
    "/requests/{request_id}/confirm",
    summary="Confirm a placed side event (secretariat): it becomes public",
    response_model=SideEventPublic,
    responses=ERRORS,
)
def confirm(
    congress: str, request_id: IdPath, session: SessionDep, caller: Organizer
) -> SideEventPublic:
    return _acted(requests.confirm, session, congress, caller, request_id)


@router.post(
    "/requests/{request_id}/reject",
    summary="Reject a side event (secretariat): its room is freed",
    response_model=SideEventPublic,
    responses=ERRORS,
)
def reject(
    congress: str, request_id: IdPath, session: SessionDep, caller: Organizer
) -> SideEventPublic:
    return _acted(requests.reject, session, congress, caller, request_id)
