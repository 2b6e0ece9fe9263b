"""Side event requests, allocations and public listings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.core.inputs import INT32_MAX, InputModel
from app.side_events.models import SideEventLength, SideEventNeed, SideEventState


class SideEventCreate(InputModel):
    """A request for a side event, by an organization (its delegation token)."""

    title: Annotated[str, Field(min_length=1, max_length=300)]
    description: Annotated[str, Field(max_length=4000)] | None = None
    organizer: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="The organizing body as shown; default: the delegation's name"
    )
    expected_attendance: Annotated[int, Field(ge=1, le=100_000)]
    length: SideEventLength = Field(
        description="lunchtime (13:15-14:45), evening (18:00-20:00) or half_day; the "
        "congress's windows give the exact times"
    )
    preferred_dates: Annotated[list[dt.date], Field(max_length=31)] = Field(default_factory=list)
    impossible_dates: Annotated[list[dt.date], Field(max_length=31)] = Field(default_factory=list)
    needs: Annotated[list[SideEventNeed], Field(max_length=3)] = Field(default_factory=list)
    agenda_item: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Related agenda item: the event will not clash with its meetings"
    )
    workshop: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Related workshop number: the event will not clash with it"
    )
    delegation_id: Annotated[int, Field(ge=1, le=INT32_MAX)] | None = Field(
        None, description="Only for an organizer token: the organization submitting"
    )


class WindowIn(InputModel):
    key: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    name: Annotated[str, Field(min_length=1, max_length=80)]
    kind: SideEventLength
    start: dt.time
    end: dt.time


class SettingsUpdate(InputModel):
    max_per_organization_per_day: Annotated[int, Field(ge=1, le=50)] | None = Field(
        description="Fair share: side events per organization and day; null for no cap"
    )
    windows: Annotated[list[WindowIn], Field(min_length=1, max_length=20)]


class WindowPublic(BaseModel):
    key: str
    name: str
    kind: SideEventLength
    start: dt.time
    end: dt.time


class SettingsPublic(BaseModel):
    max_per_organization_per_day: int | None
    windows: list[WindowPublic]
    #: True while the congress keeps the defaults of UN practice (nothing stored).
    defaults: bool


class PlacementPublic(BaseModel):
    date: dt.date
    window: str
    window_name: str
    start: dt.datetime
    end: dt.datetime
    room: str | None


class UnplacedPublic(BaseModel):
    code: str
    reason: str


class SideEventPublic(BaseModel):
    """A request as its organization and the secretariat see it."""

    id: int
    delegation: str
    organizer: str
    title: str
    description: str | None
    expected_attendance: int
    length: SideEventLength
    preferred_dates: list[dt.date]
    impossible_dates: list[dt.date]
    needs: list[SideEventNeed]
    agenda_item: int | None
    workshop: int | None
    state: SideEventState
    placement: PlacementPublic | None
    unplaced: UnplacedPublic | None
    preference: str | None = Field(
        default=None,
        description="Why the placement is on none of the preferred dates, when it is not",
    )
    sequence: int
    created_at: dt.datetime
    updated_at: dt.datetime


class AllocateRequest(InputModel):
    time_limit_s: Annotated[float, Field(gt=0, le=60)] = 10.0
    seed: Annotated[int, Field(ge=0)] = 0


class AllocationPublic(BaseModel):
    status: str
    placeable: int
    placed: int
    unplaced: int
    moved: list[int] = Field(description="Previously placed events now elsewhere or nowhere")
    objective: float | None
    best_bound: float | None
    gap: float | None
    wall_time_s: float
    #: No published timetable: official rooms and clashes were not taken into account.
    warnings: list[str]
    requests: list[SideEventPublic]


class ConfirmedSideEventPublic(BaseModel):
    id: int
    key: str
    title: str
    organizer: str
    date: dt.date
    window: str
    start: dt.datetime
    end: dt.datetime
    room: str | None
    agenda_item: int | None
    workshop: int | None
    webcast: bool
    sequence: int


class SideEventDayPublic(BaseModel):
    date: dt.date
    side_events: list[ConfirmedSideEventPublic]


class RoomUsePublic(BaseModel):
    kind: Literal["official", "side_event"]
    key: str
    title: str
    start: dt.datetime
    end: dt.datetime


class RoomOccupancyPublic(BaseModel):
    room: str
    capacity: int
    uses: list[RoomUsePublic]


class OccupancyPublic(BaseModel):
    date: dt.date
    time_zone: str
    #: The published timetable version the official meetings come from (None: none yet).
    timetable_version: int | None
    rooms: list[RoomOccupancyPublic]
