"""What the API shows of timetable versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class MeetingPublic(BaseModel):
    key: str = Field(description="Identity of the meeting across versions (iCal UID basis)")
    date: dt.date
    slot: str = Field(examples=["morning"])
    body: str = Field(description="Key of the body", examples=["plenary"])
    body_name: str = Field(examples=["Plenary"])
    kind: str = Field(
        description="agenda, workshop, high-level, informal, pre-congress, opening, closing"
    )
    agenda_items: list[int]
    workshop: str | None
    start: dt.datetime = Field(description="Local time of the venue, with its UTC offset")
    end: dt.datetime
    room: str | None
    title: str
    sequence: int = Field(description="Grows with every published change of this meeting")


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
