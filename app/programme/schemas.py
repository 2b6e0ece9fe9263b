"""High-level segment, fixed events, pins and exclusions as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.core.fields import Clock, Day
from app.core.inputs import optional_fields_of
from app.seeds.schema import (
    ExclusionSection,
    FixedEventSection,
    HighLevelSegmentSection,
    PinSection,
    SeedModel,
    SegmentSection,
    UnitKey,
)

ItemNumbers = Annotated[list[Annotated[int, Field(ge=1, le=999)]], Field(max_length=50)]
__all__ = ["UnitKey"]


class HighLevelSegmentCreate(HighLevelSegmentSection):
    """The high-level segment: `meetings` of the body `body` (its key) within a window of
    `window.days` days at the start or the end of the congress."""

    speakers_list_opens: Day | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": "plenary",
                    "meetings": 4,
                    "window": {"anchor": "end", "days": 3},
                    "source": "GA res. 63/193",
                }
            ]
        }
    )


class HighLevelSegmentResource(HighLevelSegmentCreate):
    pass


class SegmentCreate(SegmentSection):
    """A segment: `meetings` contiguous meetings of the body `body` within its window
    (the first or last `window.days` days, or the days `window.dates`, or `window.from`
    to `window.to`). The key "high-level" is the high-level segment."""

    speakers_list_opens: Day | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "treaty-event",
                    "title": "Treaty event segment",
                    "body": "plenary",
                    "meetings": 2,
                    "window": {"from": "2010-04-14", "to": "2010-04-16"},
                    "source": "A/CONF.213/1, para. 20",
                }
            ]
        }
    )


@optional_fields_of(SegmentCreate)
class SegmentUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"meetings": 3}]})


class SegmentResource(SegmentCreate):
    id: int


class FixedEventCreate(FixedEventSection):
    """A meeting decided beforehand (opening, closing, pre-Congress consultations, a
    treaty event, elections, a round table, ...), of a body (`body`) or held in a room
    (`room`): a meeting slot (`slot`, its key) or its own `start` and `end` times, local
    to the congress. `date` is left out only for a closing in the last meeting the
    congress may use. `key` names it for rules and pins (default: its kind); a congress
    has one opening, one closing and one pre-Congress consultations at most, and any
    number of the other kinds."""

    date: Day | None = None
    start: Clock | None = None
    end: Clock | None = None
    agenda_items: ItemNumbers = Field(default_factory=list)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "opening",
                    "title": "Opening of the Congress",
                    "body": "plenary",
                    "date": "2010-04-12",
                    "slot": "morning",
                    "agenda_items": [1, 2],
                    "takes_up_next_unit": True,
                }
            ]
        }
    )


@optional_fields_of(FixedEventCreate)
class FixedEventUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"slot": "afternoon"}]})


class FixedEventResource(FixedEventCreate):
    id: int


class PinCreate(PinSection):
    """Fix a meeting of a scheduling unit to a day and meeting slot."""

    date: Day

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "target": "cluster-3-5",
                    "meeting": 1,
                    "date": "2010-04-13",
                    "slot": "morning",
                    "reason": "the Bureau asked for it",
                }
            ]
        }
    )


@optional_fields_of(PinCreate)
class PinUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"slot": "afternoon"}]})


class PinResource(PinCreate):
    id: int


Dates = Annotated[list[Day], Field(min_length=1, max_length=70)]


class ExclusionCreate(ExclusionSection):
    """Forbid meeting slots: for one body (`body`), one unit (`target`) or everything;
    on some days (`dates`; null: every day) and some slots (`slots`; empty: all)."""

    dates: Dates | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": "committee-2",
                    "dates": ["2010-04-14"],
                    "slots": ["afternoon"],
                    "reason": "room taken by a special event",
                }
            ]
        }
    )


@optional_fields_of(ExclusionCreate)
class ExclusionUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"slots": ["morning"]}]})


class ExclusionResource(ExclusionCreate):
    id: int
