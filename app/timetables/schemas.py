"""What the API shows of timetable versions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from app.core.inputs import InputModel
from scheduler.timetable import Kind

if TYPE_CHECKING:
    from app.timetables.models import TimetableMeeting


class MeetingPublic(BaseModel):
    key: str = Field(description="Identity of the meeting across versions (iCal UID basis)")
    date: dt.date
    slot: str = Field(examples=["morning"])
    body: str = Field(description="Key of the body", examples=["plenary"])
    body_name: str = Field(examples=["Plenary"])
    kind: Kind = Field(
        description="agenda, workshop, high-level, informal, pre-congress, opening, closing"
    )
    agenda_items: list[int]
    workshop: str | None
    start: dt.datetime = Field(description="Local time of the venue, with its UTC offset")
    end: dt.datetime
    room: str | None
    title: str
    sequence: int = Field(description="Grows with every published change of this meeting")

    @classmethod
    def of(cls, meeting: TimetableMeeting, zone: ZoneInfo) -> MeetingPublic:
        """A stored meeting as the API shows it; times are stored as the venue's wall
        clock, so they take the venue's zone here."""
        return cls(
            key=meeting.key,
            date=meeting.date,
            slot=meeting.slot_key,
            body=meeting.body_key,
            body_name=meeting.body_name,
            kind=meeting.kind,
            agenda_items=meeting.agenda_items,
            workshop=meeting.workshop,
            start=meeting.start.replace(tzinfo=zone),
            end=meeting.end.replace(tzinfo=zone),
            room=meeting.room,
            title=meeting.title,
            sequence=meeting.sequence,
        )


class VersionSummary(BaseModel):
    number: int
    published_at: dt.datetime | None
    change_log: str | None
    meetings: int


class VersionPublic(BaseModel):
    congress: str = Field(description="Slug of the congress")
    number: int
    published_at: dt.datetime | None
    change_log: str | None
    time_zone: str
    solver_status: str
    objective: float | None
    best_bound: float | None
    rule_report: list[dict[str, Any]]
    meetings: list[MeetingPublic]


class MovePublic(BaseModel):
    key: str
    before: list[str] = Field(description="[date, slot, body] before")
    after: list[str] = Field(description="[date, slot, body] after")


class DiffPublic(BaseModel):
    from_version: int
    to_version: int
    moved: list[MovePublic]
    added: list[str]
    cancelled: list[str]
    retitled: list[str] = Field(
        default_factory=list,
        description="Meetings whose wording changed: title, items, workshop, their titles "
        "or documents, the body's name",
    )
    room_changed: list[str] = Field(default_factory=list, description="Meetings in another room")


class ViolationPublic(BaseModel):
    rule: str = Field(description="The rule broken, e.g. clusters, grid, high_level_segment")
    message: str
    meetings: list[str] = Field(description="Keys of the meetings involved")


class DraftDiffPublic(BaseModel):
    against_version: int = Field(description="The latest published version compared with")
    moved: list[MovePublic]
    added: list[str]
    cancelled: list[str]
    retitled: list[str] = Field(
        default_factory=list,
        description="Meetings whose wording changed: title, items, workshop, their titles "
        "or documents, the body's name",
    )
    room_changed: list[str] = Field(default_factory=list, description="Meetings in another room")


class DraftSummary(BaseModel):
    id: int
    url: str
    created_at: dt.datetime
    based_on_version: int | None = Field(description="Published version the solver kept close to")
    solver_status: str
    objective: float | None
    meetings: int
    violations: int


class DraftPublic(BaseModel):
    id: int
    url: str
    congress: str = Field(description="Slug of the congress")
    created_at: dt.datetime
    based_on_version: int | None
    time_zone: str
    solver_status: str
    objective: float | None
    best_bound: float | None
    rule_report: list[dict[str, Any]]
    violations: list[ViolationPublic] = Field(
        description="Rules this draft breaks (re-checked after every edit); empty to publish"
    )
    diff: DraftDiffPublic | None = Field(
        description="Changes against the latest published version; null before the first"
    )
    meetings: list[MeetingPublic]


class MeetingEdit(InputModel):
    """Move a meeting of a draft: give only what changes."""

    date: dt.date | None = None
    slot: str | None = Field(default=None, max_length=40, examples=["afternoon"])
    body: str | None = Field(default=None, max_length=60, description="Key of the body")
    room: str | None = Field(default=None, max_length=120, description="Room name; null: none")


class PublishRequest(InputModel):
    change_log: str | None = Field(
        default=None,
        max_length=4000,
        description="What changed, in the secretariat's words; default: counts from the diff",
    )
