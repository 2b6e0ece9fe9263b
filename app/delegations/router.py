"""Routes for the delegations of a congress."""

from __future__ import annotations

from app.congresses.deps import congress_router
from app.delegations.params import delegation_filters
from app.delegations.schemas import DelegationUpdate
from app.delegations.service import delegations

router = congress_router(
    delegations,
    "delegations",
    tag="delegations",
    key_name="delegation_id",
    update_model=DelegationUpdate,
    filters=delegation_filters,
)
