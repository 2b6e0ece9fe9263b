"""Agenda items (with sub-items and documents) and clusters, as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.core.inputs import optional_fields_of
from app.seeds.schema import (
    AgendaItemSection,
    Count,
    SeedModel,
    SubItemSection,
    Symbol,
    UnitRulesSection,
)

ItemNumber = Annotated[int, Field(ge=1, le=999)]
Meetings = Annotated[int, Field(ge=0, le=1000)]


class AgendaItemCreate(AgendaItemSection):
    """An item of the agenda. `body` is the key of the body that considers it, `documents`
    the symbols of its pre-session documents; `meetings` is left out for an item in a
    cluster (the cluster has the meetings)."""

    documents: Annotated[list[Symbol], Field(max_length=100)] = Field(default_factory=list)
    sub_items: Annotated[list[SubItemSection], Field(max_length=50)] = Field(default_factory=list)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 12,
                    "title": "Adoption of the report of the Congress.",
                    "body": "plenary",
                    "meetings": 1,
                    "documents": ["A/CONF.213/L.1"],
                }
            ]
        }
    )


@optional_fields_of(AgendaItemCreate, exclude=("number",))
class AgendaItemUpdate(SeedModel):
    """The fields to change; the others keep their values. The number is the item's key
    and does not change."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"meetings": 2}]})


class AgendaItemResource(AgendaItemCreate):
    id: int
    cluster: str | None = Field(description='Key of its cluster, e.g. "3+5" (read-only)')


ClusterItems = Annotated[list[ItemNumber], Field(min_length=2, max_length=50)]


class ClusterCreate(UnitRulesSection):
    """Agenda items considered together in consecutive meetings of their (one) body, or
    of one of its `bodies`."""

    items: ClusterItems = Field(description="Agenda item numbers, in the order taken up")
    meetings: Count

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [3, 5], "meetings": 4}]})


@optional_fields_of(ClusterCreate)
class ClusterUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"meetings": 3}]})


class ClusterResource(ClusterCreate):
    id: int
    key: str = Field(description='The item numbers joined by "+" (read-only)', examples=["3+5"])
    body: str | None = Field(description="Key of the body of its items (read-only)")
