"""The HTTP parameters of the agenda routes (the service knows nothing of HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from app.agenda.service import ItemFilters
from app.seeds.schema import Key

NumberPath = Annotated[
    int, Path(ge=1, le=999, description="The agenda item's number", examples=[3])
]


def item_filters(
    body: Annotated[Key | None, Query(description="Only items of this body (its key)")] = None,
) -> ItemFilters:
    return ItemFilters(body=body)
