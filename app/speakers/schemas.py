"""What the API accepts and shows of lists of speakers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from app.core.inputs import InputModel
from app.delegations.models import DelegationKind
from app.speakers.models import ProtocolLevel

#: Ids are 32-bit integers in the database.
EntryId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class SpeakersListCreate(InputModel):
    target: str = Field(
        description='"high-level-segment", another segment ("segment-treaty-event"), a '
        'cluster ("cluster-3-5") or an item ("item-4")',
        examples=["high-level-segment", "cluster-3-5", "item-4"],
        max_length=80,
    )
    title: str | None = Field(default=None, max_length=300)
    opens_at: dt.datetime = Field(
        description="With a UTC offset, or local time of the congress's time zone"
    )
    closes_at: dt.datetime
    time_limit_minutes: int = Field(ge=1, le=120, examples=[7])
    statements_per_delegation: int = Field(default=1, ge=1, le=10)
    allowed_kinds: list[DelegationKind] = Field(
        default_factory=lambda: list(DelegationKind), min_length=1
    )


class SpeakersListUpdate(InputModel):
    """Only the fields given change. Closing a list early: set closes_at to now."""

    title: str | None = Field(default=None, max_length=300)
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    time_limit_minutes: int | None = Field(default=None, ge=1, le=120)
    statements_per_delegation: int | None = Field(default=None, ge=1, le=10)
    allowed_kinds: list[DelegationKind] | None = Field(default=None, min_length=1)


class SpeakerCreate(InputModel):
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(
        min_length=1,
        max_length=300,
        description="Title or function",
        examples=["Minister of Justice"],
    )
    protocol_level: ProtocolLevel
    language: str = Field(
        min_length=2, max_length=8, description="Language of the statement (ISO 639-1)"
    )


class EntryPublic(BaseModel):
    id: int
    list: str = Field(description="Target of the list")
    delegation: str
    sequence: int = Field(description="Order of inscription on the list")
    name: str
    title: str
    protocol_level: ProtocolLevel
    language: str


class ScheduledEntryPublic(EntryPublic):
    position: int = Field(description="1-based place in the list's order")
    meeting: str | None = Field(description="Key of the meeting the speaker is expected in")
    estimated_start: dt.datetime | None = Field(description="Local time of the venue")
    estimated_end: dt.datetime | None
    overflow: bool = Field(description="No meeting of the list has time left for this speaker")
    feed: str = Field(
        description="Path of the speaker's own iCal feed: the estimated turn, kept current",
        examples=["/congresses/twelfth-congress-salvador-2010/feeds/speakers/17.ics"],
    )


class SpeakersListSummary(BaseModel):
    target: str
    title: str
    agenda_items: list[int]
    opens_at: dt.datetime = Field(description="Local time of the venue, with its UTC offset")
    closes_at: dt.datetime
    time_zone: str
    time_limit_minutes: int
    statements_per_delegation: int
    allowed_kinds: list[DelegationKind]
    is_open: bool
    speakers: int


class SpeakersListPublic(SpeakersListSummary):
    timetable_version: int | None = Field(
        description="Published timetable version the estimates come from (None: none yet)"
    )
    meetings: list[str] = Field(description="Keys of the list's meetings, in time order")
    overflow: int = Field(description="Number of speakers no meeting has time for")
    entries: list[ScheduledEntryPublic]


class SwapRequest(InputModel):
    first: EntryId = Field(description="Id of an entry")
    second: EntryId = Field(description="Id of another entry of the same list")
    reason: str | None = Field(default=None, max_length=500)


class AuditPublic(BaseModel):
    at: dt.datetime
    action: str
    entry_id: int | None
    actor_role: str | None
    actor_delegation_id: int | None
    before: dict[str, object] | None
    after: dict[str, object] | None
