"""What the API shows of a congress (the "Public" shapes) and takes to write one.

The parts of the congress detail are each family's own read shape (RoomResource is
what GET …/rooms answers), so that a part reads alike wherever it is shown."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from app.agenda.schemas import AgendaItemResource, ClusterResource
from app.bodies.schemas import BodyResource
from app.core.fields import Clock, Day, LocalTime
from app.core.inputs import optional_fields_of
from app.core.languages import OFFICIAL_LANGUAGES
from app.delegations.models import RegionalGroup
from app.delegations.schemas import DelegationResource
from app.programme.schemas import (
    FixedEventResource,
    HighLevelSegmentResource,
    SegmentResource,
)
from app.rooms.schemas import RoomResource
from app.seeds.schema import (
    CongressSection,
    DaySlotsSection,
    MeetingSlotSection,
    RulesSection,
    SeedModel,
    ShortText,
    SlotKind,
)
from app.workshops.schemas import WorkshopResource


class MeetingSlotPublic(BaseModel):
    key: str
    name: str
    start: LocalTime = Field(description="Local time in the congress's time zone")
    end: LocalTime
    kind: SlotKind = Field(
        default="formal",
        description="formal (with interpretation), formal_no_interpretation, informal, side",
    )


class OfficerPublic(BaseModel):
    office: str
    seat: int
    body: str | None = Field(description="Key of the body; null for the General Committee")
    delegation: str | None
    person_name: str | None
    regional_group: RegionalGroup | None


class BodyPublic(BodyResource):
    """A body as GET …/bodies/{id} shows it, its name in the requested language, with the
    offices of its bureau."""

    officers: list[OfficerPublic]


class FixedEventPublic(FixedEventResource):
    """A fixed event as GET …/fixed-events/{id} shows it, its times written HH:MM:SS as
    the congress detail has always written times."""

    date: dt.date | None = Field(description="null: the last meeting the congress may use")
    start: LocalTime | None
    end: LocalTime | None


class GeneralCommitteePublic(BaseModel):
    vice_presidents: int | None
    seats_by_regional_group: dict[RegionalGroup, int]
    officers: list[OfficerPublic]


class DurationPublic(BaseModel):
    days: int
    counts: str = Field(description="calendar or working days")
    includes_pre_session: bool


class RulesPublic(BaseModel):
    max_parallel_meetings: int | None
    max_duration_days: int | None = Field(description="The duration rule's days (former field)")
    max_duration: DurationPublic | None = None
    meetings_on_weekends: bool = True
    meetings_on_holidays: bool = True
    weekend_days: list[str] = Field(default_factory=list)
    holidays: list[dt.date] = Field(default_factory=list)
    workshops_same_day: bool
    agenda_order_within_body: bool
    document_deadline_working_days: int | None
    units_consecutive: str = Field(
        default="hard", description="How an agenda unit's meetings run when it does not say"
    )
    tracks: list[dict[str, Any]] = Field(
        default_factory=list, description="Explicit orders of agenda units across bodies"
    )
    preference_weights: dict[str, int] = Field(
        description="Every soft preference of the scheduler with the weight this congress "
        "gives it (its own setting, else the scheduler's default; 0: off)"
    )
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="Where the congress's rules come from, by rule family (or rule name)",
    )


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
    day_slots: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Dates with their own slots: {date, slots: [{key, start, end}]} "
        "(start/end null: the slot's own times)",
    )
    rooms: list[RoomResource]
    bodies: list[BodyPublic]
    agenda_items: list[AgendaItemResource]
    clusters: list[ClusterResource]
    workshops: list[WorkshopResource]
    high_level_segment: HighLevelSegmentResource | None
    segments: list[SegmentResource] = Field(
        default_factory=list, description="Every segment, the high-level one among them"
    )
    fixed_events: list[FixedEventPublic]
    general_committee: GeneralCommitteePublic
    credentials_committee: list[str]
    delegations: list[DelegationResource]


# Writing a congress (the organizer's configuration API).

_SLUG_PATTERN = r"^[a-z0-9][a-z0-9\-]*$"
Slug = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        pattern=_SLUG_PATTERN,
        description="URL name: lower-case letters, digits and hyphens, not only digits",
        examples=["fourteenth-congress-kyoto-2021"],
    ),
]


class MeetingSlotCreate(MeetingSlotSection):
    """A meeting slot of every day, e.g. morning 10:00-13:00 (local time)."""

    start: Clock
    end: Clock


MeetingSlots = Annotated[list[MeetingSlotCreate], Field(min_length=1, max_length=10)]
DaySlots = Annotated[list[DaySlotsSection], Field(max_length=60)]


def _not_only_digits(value: str | None) -> str | None:
    # A reference made only of digits is read as an id (GET /congresses/12).
    if value is not None and value.isdigit():
        raise ValueError("a slug needs at least one letter or hyphen (digits alone are ids)")
    return value


def _known_zone(value: Any) -> Any:
    # Checked against the list of zones: a name such as "America" (a folder of the
    # zone database) is not a zone either.
    if isinstance(value, str) and value not in _ZONES:
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as America/Bahia")
    return value


_ZONES = frozenset(zoneinfo.available_timezones())
TimeZone = Annotated[ShortText, BeforeValidator(_known_zone)]


#: ISO 639-1 codes of official languages (checked against the six by the seed schema).
Languages = Annotated[
    list[Annotated[str, Field(min_length=2, max_length=2)]], Field(min_length=1, max_length=6)
]


class CongressCreate(CongressSection):
    """A congress: its dates and venue, the rules of its organization of work, and the
    meeting slots of its days. Rooms, bodies, the agenda and the rest are added through
    their own routes."""

    slug: Annotated[Slug, AfterValidator(_not_only_digits)]
    time_zone: TimeZone
    start_date: Day
    end_date: Day
    languages: Languages = Field(default_factory=lambda: list(OFFICIAL_LANGUAGES))
    rules: RulesSection = Field(default_factory=RulesSection)
    meeting_slots: MeetingSlots = Field(
        default_factory=lambda: [
            MeetingSlotCreate(key="morning", name="Morning", start=dt.time(10), end=dt.time(13)),
            MeetingSlotCreate(
                key="afternoon", name="Afternoon", start=dt.time(15), end=dt.time(18)
            ),
        ]
    )
    day_slots: DaySlots = Field(
        default_factory=list,
        description="Dates with their own slots (a shorter Friday, an opening at 9:00): "
        "each {date, slots: [{key, start?, end?}]} names slots of meeting_slots",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "fourteenth-congress-kyoto-2021",
                    "name": "Fourteenth United Nations Congress on Crime Prevention and "
                    "Criminal Justice",
                    "venue": "Kyoto International Conference Center",
                    "city": "Kyoto",
                    "country": "Japan",
                    "time_zone": "Asia/Tokyo",
                    "start_date": "2021-03-07",
                    "end_date": "2021-03-12",
                    "rules": {"max_parallel_meetings": 3, "max_duration_days": 8},
                }
            ]
        }
    )


@optional_fields_of(CongressCreate)
class CongressUpdate(SeedModel):
    """The fields to change; the others keep their values. `meeting_slots`, when given,
    is the whole new list (matched by key)."""

    #: Declared here because the route merges the rules one by one.
    rules: RulesSection | None = None

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"rules": {"max_parallel_meetings": 2}}]}
    )
