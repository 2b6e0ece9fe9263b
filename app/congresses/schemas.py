"""What the API shows of a congress (the "Public" shapes)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.bodies.models import BodyKind
from app.delegations.models import DelegationKind, RegionalGroup
from app.programme.models import FixedEventKind, WindowAnchor


class MeetingSlotPublic(BaseModel):
    key: str
    name: str
    start: dt.time = Field(description="Local time in the congress's time zone")
    end: dt.time


class RoomPublic(BaseModel):
    id: int
    name: str
    capacity: int
    interpretation: bool


class OfficerPublic(BaseModel):
    office: str
    seat: int
    body: str | None = Field(description="Key of the body; null for the General Committee")
    delegation: str | None
    person_name: str | None
    regional_group: RegionalGroup | None


class BodyPublic(BaseModel):
    id: int
    key: str
    name: str
    kind: BodyKind
    room: str | None
    expected_attendance: int | None
    meets_after_opening: bool
    meets_before_closing: bool
    officers: list[OfficerPublic]


class SubItemPublic(BaseModel):
    label: str
    title: str


class AgendaItemPublic(BaseModel):
    id: int
    number: int
    title: str
    body: str | None
    meetings: int | None
    cluster: str | None = Field(description='Items considered together, e.g. "3+5"')
    documents: list[str] = Field(examples=[["A/CONF.213/3"]])
    sub_items: list[SubItemPublic]


class ClusterPublic(BaseModel):
    key: str = Field(examples=["3+5"])
    items: list[int]
    body: str | None
    meetings: int


class WorkshopPublic(BaseModel):
    id: int
    number: int
    title: str
    short_title: str | None
    meetings: int
    body: str | None
    agenda_item: int | None
    documents: list[str]


class WindowPublic(BaseModel):
    anchor: WindowAnchor
    days: int


class HighLevelSegmentPublic(BaseModel):
    body: str
    meetings: int
    window: WindowPublic
    source: str | None
    speakers_list_opens: dt.date | None


class FixedEventPublic(BaseModel):
    kind: FixedEventKind
    title: str
    body: str
    date: dt.date | None = Field(description="null: the last meeting the congress may use")
    slot: str | None
    start: dt.time | None
    end: dt.time | None
    agenda_items: list[int]
    takes_up_next_unit: bool


class DelegationPublic(BaseModel):
    id: int
    name: str
    kind: DelegationKind
    regional_group: RegionalGroup | None
    credentials_committee: bool


class GeneralCommitteePublic(BaseModel):
    vice_presidents: int | None
    seats_by_regional_group: dict[RegionalGroup, int]
    officers: list[OfficerPublic]


class RulesPublic(BaseModel):
    max_parallel_meetings: int | None
    max_duration_days: int | None
    workshops_same_day: bool
    agenda_order_within_body: bool
    document_deadline_working_days: int | None


class CongressSummary(BaseModel):
    id: int
    slug: str = Field(examples=["twelfth-congress-salvador-2010"])
    name: str
    symbol: str | None
    venue: str
    city: str | None
    country: str | None
    time_zone: str = Field(examples=["America/Bahia"])
    start_date: dt.date
    end_date: dt.date
    languages: list[str]


class CongressPublic(CongressSummary):
    theme: str | None
    rules: RulesPublic
    meeting_slots: list[MeetingSlotPublic]
    rooms: list[RoomPublic]
    bodies: list[BodyPublic]
    agenda_items: list[AgendaItemPublic]
    clusters: list[ClusterPublic]
    workshops: list[WorkshopPublic]
    high_level_segment: HighLevelSegmentPublic | None
    fixed_events: list[FixedEventPublic]
    general_committee: GeneralCommitteePublic
    credentials_committee: list[str]
    delegations: list[DelegationPublic]
