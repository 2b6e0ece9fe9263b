"""The seed file format: one congress, its rules and its data, validated by pydantic.

A seed file is human-readable YAML (see seeds/*.yaml). Structure and types are checked
by the models below; references between parts (an item in a cluster, a body's room,
dates against the congress's dates) by `check_references`, which names every problem
with the path of the field it concerns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator

from app.bodies.models import BodyKind
from app.core.inputs import InputModel
from app.core.languages import OFFICIAL_LANGUAGES
from app.delegations.models import DelegationKind, RegionalGroup
from app.programme.models import FixedEventKind, WindowAnchor
from scheduler import Weights


def _check_translations(value: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(value) - set(OFFICIAL_LANGUAGES))
    if unknown:
        raise ValueError(
            f"unknown language code(s) {', '.join(unknown)}; "
            f"use one of {', '.join(OFFICIAL_LANGUAGES)}"
        )
    return value


#: Language code -> translated text. English is the main text of the field itself.
Translations = Annotated[
    dict[str, Annotated[str, Field(min_length=1, max_length=2000)]],
    AfterValidator(_check_translations),
]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=2000)]
Symbol = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Z][A-Za-z0-9./\-]*$")]
Key = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9\-_]*$")]
Count = Annotated[int, Field(ge=1, le=1000)]

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SeedModel(InputModel):
    # Unknown keys are errors (InputModel): a typo must not be silently dropped.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def parse_clock(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int):
        # YAML 1.1 reads an unquoted 15:00 as the sexagesimal number 900.
        hours, minutes = divmod(value, 60)
        value = f"{hours:02d}:{minutes:02d}"
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError(f"expected a time as HH:MM (24-hour clock), got {value!r}")
    hour, minute = value.split(":")
    return dt.time(int(hour), int(minute))


#: A local wall-clock time written "HH:MM".
ClockTime = Annotated[dt.time, BeforeValidator(parse_clock)]


class CongressSection(SeedModel):
    name: LongText
    symbol: Symbol | None = None
    theme: LongText | None = None
    venue: ShortText
    city: ShortText | None = None
    country: ShortText | None = None
    time_zone: ShortText
    start_date: dt.date
    end_date: dt.date
    languages: list[str] = Field(default_factory=lambda: list(OFFICIAL_LANGUAGES))
    translations: dict[Literal["name", "theme", "venue"], Translations] = Field(
        default_factory=dict
    )

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # OSError: a name such as "America" is a folder of the zone database.
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as America/Bahia"
            ) from None
        return value

    @field_validator("languages")
    @classmethod
    def _official_languages(cls, value: list[str]) -> list[str]:
        _check_translations(dict.fromkeys(value, "x"))
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value


class MeetingSlotSection(SeedModel):
    key: Key
    name: ShortText
    start: ClockTime
    end: ClockTime


class RoomSection(SeedModel):
    name: ShortText
    capacity: Annotated[int, Field(ge=1, le=100_000)]
    interpretation: bool = False
    webcast: bool = False
    accessible: bool = True
    notes: LongText | None = None


class BodySection(SeedModel):
    key: Key
    name: ShortText
    kind: BodyKind
    room: ShortText | None = None
    expected_attendance: Annotated[int, Field(ge=1, le=100_000)] | None = None
    meets_after_opening: bool = False
    meets_before_closing: bool = False
    translations: Translations = Field(default_factory=dict)


class SubItemSection(SeedModel):
    label: Annotated[str, Field(min_length=1, max_length=20)]
    title: LongText


def _yaml_off(value: Any) -> Any:
    """YAML 1.1 reads an unquoted `off` as false: it means "off" here."""
    return "off" if value is False else value


#: How an agenda unit's meetings run: in a row ("hard"), in a row where possible
#: ("soft"), or split over meetings not in a row, still in order ("off").
Consecutive = Annotated[Literal["hard", "soft", "off"], BeforeValidator(_yaml_off)]


class UnitRulesSection(SeedModel):
    """How an agenda unit (a cluster, or an item on its own) is scheduled, beyond its
    meetings: the bodies that may take it up (the scheduler chooses one for all its
    meetings), whether its meetings run in a row, and the days it may meet."""

    bodies: Annotated[list[Key], Field(max_length=20)] = Field(
        default_factory=list,
        description="Bodies that may take the unit up (the scheduler chooses one for all "
        "its meetings); empty: the body of its items",
    )
    consecutive: Consecutive | None = Field(
        default=None,
        description='"hard": its meetings in a row; "soft": in a row where possible; "off": '
        "split over meetings not in a row, still in order; null: the congress's "
        "rules.units_consecutive",
    )
    earliest: dt.date | None = Field(default=None, description="First day it may meet")
    latest: dt.date | None = Field(default=None, description="Last day it may meet")


class AgendaItemSection(UnitRulesSection):
    number: Annotated[int, Field(ge=1, le=999)]
    title: LongText
    body: Key | None = None
    meetings: Annotated[int, Field(ge=0, le=1000)] | None = None
    documents: list[Symbol] = Field(default_factory=list)
    sub_items: list[SubItemSection] = Field(default_factory=list)
    translations: Translations = Field(default_factory=dict)


class ClusterSection(UnitRulesSection):
    items: Annotated[list[int], Field(min_length=2)]
    meetings: Count


WorkshopSpan = Literal["same_day", "consecutive_days"]


class WorkshopSection(SeedModel):
    number: Annotated[int, Field(ge=1, le=999)]
    title: LongText
    short_title: ShortText | None = None
    meetings: Count = 2
    body: Key | None = None
    bodies: Annotated[list[Key], Field(max_length=20)] = Field(
        default_factory=list,
        description="Bodies that may hold it (with `body`); empty and no body: any body",
    )
    room: ShortText | None = Field(
        default=None,
        description="A room outside the bodies: the workshop is a meeting in that room "
        "(a side workshop), not a meeting of a body",
    )
    span: WorkshopSpan | None = Field(
        default=None,
        description='"same_day": all its meetings on one day; "consecutive_days": '
        "consecutive slots that may run over the night; null: the congress's "
        "rules.workshops_same_day",
    )
    start: Literal["any", "morning"] = Field(
        default="any", description='"morning": it starts in the first slot of a day'
    )
    slots: Annotated[list[Key], Field(max_length=20)] = Field(
        default_factory=list,
        description="Meeting slots a side workshop (with `room`) may use, e.g. "
        '["evening"]; empty: the formal slots',
    )
    agenda_item: int | None = None
    documents: list[Symbol] = Field(default_factory=list)
    translations: Translations = Field(default_factory=dict)


class WindowSection(SeedModel):
    anchor: WindowAnchor
    days: Annotated[int, Field(ge=1, le=60)]


class HighLevelSegmentSection(SeedModel):
    body: Key
    meetings: Count
    window: WindowSection
    source: LongText | None = None
    speakers_list_opens: dt.date | None = None


class FixedEventSection(SeedModel):
    kind: FixedEventKind
    title: ShortText
    body: Key
    #: Omitted only for a closing held in the last meeting the congress may use.
    date: dt.date | None = None
    slot: Key | None = None
    start: ClockTime | None = None
    end: ClockTime | None = None
    agenda_items: list[int] = Field(default_factory=list)
    takes_up_next_unit: bool = False


#: Names of the scheduler's soft preferences a congress may weigh (see scheduler.Weights).
PREFERENCE_WEIGHTS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Weights))


class TrackSection(SeedModel):
    """An explicit order of agenda units, possibly in different bodies: each starts after
    the previous one ends."""

    key: Key
    name: ShortText | None = None
    units: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=80)]],
        Field(min_length=2, max_length=100),
    ] = Field(description='Unit keys in order, e.g. ["cluster-3-5", "item-4", "workshop-2"]')
    strength: Literal["hard", "soft"] = "hard"
    weight: Annotated[int, Field(ge=0, le=1_000_000)] = 100


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class RulesSection(SeedModel):
    max_parallel_meetings: Annotated[int, Field(ge=1, le=100)] | None = None
    max_duration_days: Annotated[int, Field(ge=1, le=60)] | None = None
    workshops_same_day: bool = True
    agenda_order_within_body: bool = True
    #: How the meetings of an agenda unit run when the unit does not say.
    units_consecutive: Consecutive = "hard"
    #: Explicit orders of agenda units, also across bodies.
    tracks: Annotated[list[TrackSection], Field(max_length=100)] = Field(default_factory=list)
    document_deadline_working_days: Annotated[int, Field(ge=0, le=200)] | None = None
    #: Days the venue does not work, counted out of document deadlines.
    weekend_days: list[Weekday] = Field(
        default_factory=lambda: list[Weekday](["saturday", "sunday"]), max_length=6
    )
    #: Public holidays of the venue, also counted out of document deadlines.
    holidays: list[dt.date] = Field(default_factory=list, max_length=400)
    #: Weights of the scheduler's soft preferences where this congress differs from the
    #: defaults, e.g. {"workshops_spread": 0} when workshops may share a day freely.
    preference_weights: dict[str, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=dict,
        description="Soft preference weights by name (0 switches one off; a name left out "
        "keeps the scheduler's default; a PATCH of the rules replaces the whole set); names: "
        + ", ".join(PREFERENCE_WEIGHTS),
    )

    @field_validator("preference_weights")
    @classmethod
    def _known_weights(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(PREFERENCE_WEIGHTS))
        if unknown:
            raise ValueError(
                f"unknown preference {', '.join(map(repr, unknown))}; "
                f"the scheduler knows {', '.join(PREFERENCE_WEIGHTS)}"
            )
        return value


class PresidentSection(SeedModel):
    delegation: ShortText | None = None
    person: ShortText | None = None


class GeneralCommitteeSection(SeedModel):
    president: PresidentSection | None = None
    vice_presidents: Annotated[int, Field(ge=0, le=100)] = 0
    rapporteur_general: bool = True
    seats_by_regional_group: dict[RegionalGroup, Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=dict
    )


class OfficersSection(SeedModel):
    general_committee: GeneralCommitteeSection | None = None
    committee_offices: list[ShortText] = Field(default_factory=list)
    credentials_committee: list[ShortText] = Field(default_factory=list)


class DelegationSection(SeedModel):
    name: ShortText
    kind: DelegationKind
    regional_group: RegionalGroup | None = None


class Seed(SeedModel):
    """A whole seed file."""

    congress: CongressSection
    meeting_slots: list[MeetingSlotSection] = Field(
        default_factory=lambda: [
            MeetingSlotSection(key="morning", name="Morning", start=dt.time(10), end=dt.time(13)),
            MeetingSlotSection(
                key="afternoon", name="Afternoon", start=dt.time(15), end=dt.time(18)
            ),
        ],
        min_length=1,
    )
    rooms: list[RoomSection] = Field(default_factory=list)
    bodies: list[BodySection] = Field(min_length=1)
    agenda_items: list[AgendaItemSection] = Field(min_length=1)
    clusters: list[ClusterSection] = Field(default_factory=list)
    workshops: list[WorkshopSection] = Field(default_factory=list)
    high_level_segment: HighLevelSegmentSection | None = None
    fixed_events: list[FixedEventSection] = Field(default_factory=list)
    rules: RulesSection = Field(default_factory=RulesSection)
    officers: OfficersSection = Field(default_factory=OfficersSection)
    delegations: list[DelegationSection] = Field(default_factory=list)
