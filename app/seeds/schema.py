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

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from app.bodies.models import BodyKind
from app.core.inputs import InputModel
from app.core.languages import OFFICIAL_LANGUAGES
from app.delegations.models import DelegationKind, RegionalGroup
from app.programme.models import FixedEventKind, WindowAnchor
from scheduler import Weights
from scheduler.problem import RULE_FAMILIES


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


#: What a meeting slot is for (scheduler.problem.SlotKind).
SlotKind = Literal["formal", "formal_no_interpretation", "informal", "side"]
#: The kinds of slots a workshop may name (bodies meet in all but side slots).
WorkshopSlotKind = Literal["formal", "formal_no_interpretation", "informal"]


def _former_formal_flag(value: Any) -> Any:
    """`formal: false` (the former flag) is a side slot; `formal: true` a formal one."""
    if isinstance(value, dict) and "formal" in value:
        value = dict(value)
        formal = value.pop("formal")
        if "kind" not in value and isinstance(formal, bool):
            value["kind"] = "formal" if formal else "side"
    return value


class MeetingSlotSection(SeedModel):
    key: Key
    name: ShortText
    start: ClockTime
    end: ClockTime
    kind: SlotKind = Field(
        default="formal",
        description="What the slot is for: formal (with interpretation), "
        "formal_no_interpretation, informal (workshops, informal consultations) or side "
        "(lunchtime, evening: side events only). The former `formal: false` reads as side.",
    )

    @model_validator(mode="before")
    @classmethod
    def _formal(cls, value: Any) -> Any:
        return _former_formal_flag(value)


class DaySlotSection(SeedModel):
    """One slot of a date with its own slots: a slot of the congress by key, with other
    times if given (else the slot's own)."""

    key: Key
    start: ClockTime | None = None
    end: ClockTime | None = None


class DaySlotsSection(SeedModel):
    """A date whose slots differ from every day's (a shorter Friday, an opening at 9:00,
    a day without afternoon): the slots it has, in order."""

    date: dt.date
    slots: list[DaySlotSection] = Field(max_length=10)


class FirstMeetingSection(SeedModel):
    """The body's fixed first meeting ("the Committee of the Whole starts Monday 15:00")."""

    date: dt.date
    slot: Key


class UnavailableSection(SeedModel):
    """Dates and/or slots a body may not meet in: no dates = every day, no slots = every
    slot of those dates."""

    dates: list[dt.date] | None = Field(default=None, max_length=400)
    slots: list[Key] = Field(default_factory=list, max_length=10)


def _one_or_many(value: Any) -> Any:
    """`unavailable: {dates: [...]}` (one entry) reads as a list of one."""
    return [value] if isinstance(value, dict) else value


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
    first_meeting: FirstMeetingSection | None = None
    #: The body's own rule on weekends / holidays; null: the congress's rules.
    meets_on_weekends: bool | None = None
    meets_on_holidays: bool | None = None
    unavailable: Annotated[
        list[UnavailableSection], BeforeValidator(_one_or_many), Field(max_length=100)
    ] = Field(default_factory=list)


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
    #: Kinds of slots the workshop may use; [] = formal or informal slots.
    slot_kinds: list[WorkshopSlotKind] = Field(default_factory=list, max_length=3)


class WindowSection(SeedModel):
    """A segment's window: the first or last `days` days (`anchor` start or end), or
    given days (`dates`, or a range written `from` and `to`: the anchor is "dates")."""

    anchor: WindowAnchor = WindowAnchor.END
    days: Annotated[int, Field(ge=1, le=60)] | None = None
    dates: Annotated[list[dt.date], Field(min_length=1, max_length=60)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _range_and_anchor(cls, value: Any) -> Any:
        """`from`/`to` become the dates between them; dates imply the anchor "dates"."""
        if not isinstance(value, dict):
            return value
        value = dict(value)
        if "from" in value or "to" in value:
            first, last = value.pop("from", None), value.pop("to", None)
            if first is None or last is None:
                raise ValueError("give both 'from' and 'to' (or 'dates')")
            if "dates" in value:
                raise ValueError("give 'dates' or 'from' and 'to', not both")
            try:
                d0 = first if isinstance(first, dt.date) else dt.date.fromisoformat(str(first))
                d1 = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last))
            except ValueError:
                raise ValueError("'from' and 'to' are dates written YYYY-MM-DD") from None
            if d1 < d0:
                raise ValueError(f"'to' ({d1}) is before 'from' ({d0})")
            if (d1 - d0).days >= 60:
                raise ValueError("a window of dates holds at most 60 days")
            value["dates"] = [d0 + dt.timedelta(days=n) for n in range((d1 - d0).days + 1)]
        if value.get("dates") is not None and "anchor" not in value:
            value["anchor"] = WindowAnchor.DATES.value
        return value

    @model_validator(mode="after")
    def _consistent(self) -> WindowSection:
        if self.anchor is WindowAnchor.DATES:
            if not self.dates:
                raise ValueError("a window of dates needs 'dates' (or 'from' and 'to')")
            if self.days is not None:
                raise ValueError("a window of dates has no 'days'")
        else:
            if self.days is None:
                raise ValueError(f"a window at the {self.anchor.value} needs 'days'")
            if self.dates is not None:
                raise ValueError("'dates' go with the anchor 'dates' only")
        return self


class HighLevelSegmentSection(SeedModel):
    body: Key
    meetings: Count
    window: WindowSection
    source: LongText | None = None
    speakers_list_opens: dt.date | None = None


class SegmentSection(HighLevelSegmentSection):
    """A segment of the congress under `segments:`; the key "high-level" is the
    high-level segment (which `high_level_segment:` also writes)."""

    key: Key
    title: ShortText | None = None


class FixedEventSection(SeedModel):
    kind: FixedEventKind
    #: Rules and pins name the event by it; default: its kind ("opening", "treaty-event").
    key: Key | None = None
    title: ShortText
    #: The body whose meeting it is; None for an event held in `room`.
    body: Key | None = None
    #: A room the event takes (an event in a room is not a meeting of a body).
    room: ShortText | None = None
    #: Omitted only for a closing held in the last meeting the congress may use.
    date: dt.date | None = None
    slot: Key | None = None
    start: ClockTime | None = None
    end: ClockTime | None = None
    agenda_items: list[int] = Field(default_factory=list)
    takes_up_next_unit: bool = False
    source: LongText | None = None


UnitKey = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9\-_]*$",
        description='A scheduling unit: "cluster-3-5", "item-4", "workshop-3", '
        '"high-level-segment", "segment-<key>"',
        examples=["cluster-3-5"],
    ),
]


class PinSection(SeedModel):
    """Fix a meeting of a scheduling unit to a day and meeting slot."""

    target: UnitKey
    meeting: Count = Field(default=1, description="Which of the unit's meetings (1-based)")
    date: dt.date
    slot: Key
    body: Key | None = Field(
        default=None, description="For a workshop: the body to hold it in (null: any)"
    )
    reason: LongText | None = None
    source: LongText | None = Field(
        default=None, description="Where the pin comes from (cited in explanations)"
    )


class ExclusionSection(SeedModel):
    """Forbid meeting slots: for one body (`body`), one unit (`target`) or everything;
    on some days (`dates`; null: every day) and some slots (`slots`; empty: all)."""

    body: Key | None = None
    target: UnitKey | None = None
    dates: Annotated[list[dt.date], Field(min_length=1, max_length=70)] | None = None
    slots: Annotated[list[Key], Field(max_length=20)] = Field(default_factory=list)
    reason: LongText | None = None
    source: LongText | None = Field(
        default=None, description="Where the exclusion comes from (cited in explanations)"
    )


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


class DurationSection(SeedModel):
    """A duration rule: "not exceeding eight days including the pre-Congress
    consultations" is {days: 8, counts: calendar, includes_pre_session: true}; "a maximum
    of ten working days" is {days: 10, counts: working, includes_pre_session: false}."""

    days: Annotated[int, Field(ge=1, le=60)]
    counts: Literal["calendar", "working"] = "calendar"
    includes_pre_session: bool = True


def _days_alone(value: Any) -> Any:
    """`max_duration: 8` reads as eight calendar days including the consultations."""
    return {"days": value} if isinstance(value, int) and not isinstance(value, bool) else value


class RulesSection(SeedModel):
    max_parallel_meetings: Annotated[int, Field(ge=1, le=100)] | None = None
    max_duration: Annotated[DurationSection | None, BeforeValidator(_days_alone)] = Field(
        default=None,
        description="The duration rule: {days, counts: calendar|working, "
        "includes_pre_session}; a number alone is calendar days including the "
        "pre-Congress consultations",
    )
    #: The former duration rule: days including the pre-Congress consultations.
    max_duration_days: Annotated[int, Field(ge=1, le=60)] | None = None
    #: Meetings may be held on the venue's weekend days and official holidays.
    meetings_on_weekends: bool = True
    meetings_on_holidays: bool = True
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

    @model_validator(mode="after")
    def _one_duration(self) -> RulesSection:
        d, days = self.max_duration, self.max_duration_days
        if d is not None and days is not None and d.days != days:
            raise ValueError(
                f"max_duration ({d.days} days) and the former max_duration_days ({days}) "
                "differ; give max_duration only"
            )
        return self

    @property
    def duration(self) -> DurationSection | None:
        """The duration rule in force (the former field: calendar days including the
        pre-Congress consultations)."""
        if self.max_duration is not None:
            return self.max_duration
        if self.max_duration_days is not None:
            return DurationSection(days=self.max_duration_days)
        return None

    #: Where each rule comes from, by rule family (or rule name), cited in explanations.
    sources: dict[
        Annotated[str, Field(min_length=1, max_length=120)],
        Annotated[str, Field(min_length=1, max_length=2000)],
    ] = Field(
        default_factory=dict,
        max_length=200,
        description='The citation of each rule family, e.g. {"high_level_segment": '
        '"GA res. 63/193"}; a key is a family, a preference or a rule\'s name '
        '("fixed_events.opening"); a rule without one is cited as "rule of this '
        'congress"; families: ' + ", ".join(RULE_FAMILIES),
    )

    @field_validator("sources")
    @classmethod
    def _known_families(cls, value: dict[str, str]) -> dict[str, str]:
        known = set(RULE_FAMILIES) | set(PREFERENCE_WEIGHTS)
        unknown = sorted(k for k in value if k.split(".", 1)[0] not in known)
        if unknown:
            raise ValueError(
                f"unknown rule family {', '.join(map(repr, unknown))}; "
                f"the scheduler knows {', '.join(RULE_FAMILIES)} and the preferences "
                f"{', '.join(PREFERENCE_WEIGHTS)}"
            )
        return value

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
    #: Dates with their own slots (a shorter Friday, an opening at 9:00).
    day_slots: list[DaySlotsSection] = Field(default_factory=list, max_length=60)
    rooms: list[RoomSection] = Field(default_factory=list)
    bodies: list[BodySection] = Field(min_length=1)
    agenda_items: list[AgendaItemSection] = Field(min_length=1)
    clusters: list[ClusterSection] = Field(default_factory=list)
    workshops: list[WorkshopSection] = Field(default_factory=list)
    high_level_segment: HighLevelSegmentSection | None = None
    #: Every segment, the high-level one (key "high-level") among them or in
    #: `high_level_segment`.
    segments: list[SegmentSection] = Field(default_factory=list)
    fixed_events: list[FixedEventSection] = Field(default_factory=list)
    pins: list[PinSection] = Field(default_factory=list)
    exclusions: list[ExclusionSection] = Field(default_factory=list)
    rules: RulesSection = Field(default_factory=RulesSection)
    officers: OfficersSection = Field(default_factory=OfficersSection)
    delegations: list[DelegationSection] = Field(default_factory=list)
