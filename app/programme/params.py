"""The HTTP parameters of the programme routes (the service knows nothing of HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.programme.models import FixedEventKind
from app.programme.schemas import UnitKey
from app.programme.service import FixedEventFilters, PinFilters


def fixed_event_filters(
    kind: Annotated[FixedEventKind | None, Query(description="Only events of this kind")] = None,
) -> FixedEventFilters:
    return FixedEventFilters(kind=kind)


def pin_filters(
    target: Annotated[UnitKey | None, Query(description="Only pins of this unit")] = None,
) -> PinFilters:
    return PinFilters(target=target)
