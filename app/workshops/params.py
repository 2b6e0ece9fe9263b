"""The HTTP parameters of the workshop routes (the service knows nothing of HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.seeds.schema import Key
from app.workshops.service import WorkshopFilters


def workshop_filters(
    body: Annotated[Key | None, Query(description="Only workshops of this body (its key)")] = None,
) -> WorkshopFilters:
    return WorkshopFilters(body=body)
