"""High-level segment, fixed events, pins and exclusions as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.core.fields import Clock, Day
from app.core.inputs import optional_fields_of
from app.seeds.schema import (
    Count,
    FixedEventSection,
    HighLevelSegmentSection,
    Key,
    LongText,
    SeedModel,
)

ItemNumbers = Annotated[list[Annotated[int, Field(ge=1, le=999)]], Field(max_length=50)]
UnitKey = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9\-]*$",
        description='A scheduling unit: "cluster-3-5", "item-4", "workshop-3" or '
        '"high-level-segment"',
        examples=["cluster-3-5"],
    ),
]


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


class FixedEventCreate(FixedEventSection):
    """A meeting decided beforehand (opening, closing, pre-Congress consultations): a
    meeting slot (`slot`, its key) or its own `start` and `end` times, local to the
    congress. `date` is left out only for a closing in the last meeting the congress
    may use."""

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


class PinCreate(SeedModel):
    """Fix a meeting of a scheduling unit to a day and meeting slot."""

    target: UnitKey
    meeting: Count = Field(default=1, description="Which of the unit's meetings (1-based)")
    date: Day
    slot: Key
    body: Key | None = Field(
        default=None, description="For a workshop: the body to hold it in (null: any)"
    )
    reason: LongText | None = None

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
SlotKeys = Annotated[list[Key], Field(max_length=20)]


class ExclusionCreate(SeedModel):
    """Forbid meeting slots: for one body (`body`), one unit (`target`) or everything;
    on some days (`dates`; null: every day) and some slots (`slots`; empty: all)."""

    body: Key | None = None
    target: UnitKey | None = None
    dates: Dates | None = None
    slots: SlotKeys = Field(default_factory=list)
    reason: LongText | None = None

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
