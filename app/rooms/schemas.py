"""Rooms as the API reads and writes them."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.core.inputs import optional_fields_of
from app.seeds.schema import RoomSection, SeedModel


class RoomCreate(RoomSection):
    """A room of the venue (the same fields as in a seed file)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "Plenary Hall", "capacity": 2000, "interpretation": True}]
        }
    )


@optional_fields_of(RoomCreate)
class RoomUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"capacity": 1200}]})


class RoomResource(RoomCreate):
    id: int
    key: str = Field(
        description="Stable key in public URLs (the room's feed): derived from the name "
        "when the room is created, kept when it is renamed or the congress is moved"
    )
