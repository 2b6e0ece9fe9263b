"""Bodies and their officers as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.core.inputs import optional_fields_of
from app.delegations.models import RegionalGroup
from app.seeds.schema import BodySection, SeedModel, ShortText


class BodyCreate(BodySection):
    """A body that meets (Plenary, a committee, a working group). `room` is a room's name."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "committee-1",
                    "name": "Committee I",
                    "kind": "committee",
                    "room": "Conference Room 1",
                    "meets_after_opening": True,
                }
            ]
        }
    )


@optional_fields_of(BodyCreate)
class BodyUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"room": "Plenary Hall"}]})


class BodyResource(BodyCreate):
    id: int


Office = Annotated[str, Field(min_length=1, max_length=60, examples=["Chairman"])]
Seat = Annotated[int, Field(ge=1, le=100, description="1..n for an office held by several")]


class OfficerCreate(SeedModel):
    """An office of a body (Chairman, Vice-Chairman, Rapporteur) and, once elected, who holds
    it. `delegation` is a delegation's name."""

    office: Office
    seat: Seat = 1
    delegation: ShortText | None = None
    person_name: ShortText | None = None
    regional_group: RegionalGroup | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"office": "Chairman", "delegation": "Jamaica", "person_name": None}]
        }
    )


@optional_fields_of(OfficerCreate)
class OfficerUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"person_name": "A. Name"}]})


class OfficerResource(OfficerCreate):
    id: int
    body: str = Field(description="Key of the body")
