"""Workshops as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.core.inputs import optional_fields_of
from app.seeds.schema import (
    SeedModel,
    Symbol,
    WorkshopSection,
)

WorkshopNumber = Annotated[int, Field(ge=1, le=999)]
ItemNumber = Annotated[int, Field(ge=1, le=999)]
Documents = Annotated[list[Symbol], Field(max_length=100)]


class WorkshopCreate(WorkshopSection):
    """A workshop: consecutive half-day meetings of one body. `body` is a body's key (null:
    the scheduler chooses), `room` a room's name, `agenda_item` the number of the item
    whose documentation includes its background paper."""

    agenda_item: ItemNumber | None = None
    documents: Documents = Field(default_factory=list)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 7,
                    "title": "Workshop on cybercrime",
                    "meetings": 2,
                    "body": "committee-2",
                    "agenda_item": 8,
                    "documents": ["A/CONF.213/L.7"],
                }
            ]
        }
    )


@optional_fields_of(WorkshopCreate)
class WorkshopUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "committee-1"}]})


class WorkshopResource(WorkshopCreate):
    id: int
