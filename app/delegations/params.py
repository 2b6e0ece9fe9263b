"""The HTTP parameters of the delegation routes (the service knows nothing of HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.delegations.models import DelegationKind, RegionalGroup
from app.delegations.service import DelegationFilters


def delegation_filters(
    kind: Annotated[DelegationKind | None, Query(description="Only this kind")] = None,
    regional_group: Annotated[
        RegionalGroup | None, Query(description="Only this regional group")
    ] = None,
) -> DelegationFilters:
    return DelegationFilters(kind=kind, regional_group=regional_group)
