"""Routes for the delegations of a congress."""

from __future__ import annotations

from app.congresses.deps import read_scope, write_scope
from app.core.crud import crud_router
from app.core.fields import IdPath
from app.delegations.params import delegation_filters
from app.delegations.schemas import DelegationUpdate
from app.delegations.service import delegations

router = crud_router(
    delegations,
    prefix="/congresses/{congress}/delegations",
    tags=["delegations"],
    key_name="delegation_id",
    key_type=IdPath,
    update_model=DelegationUpdate,
    read_scope=read_scope,
    write_scope=write_scope,
    filters=delegation_filters,
    plural="delegations",
)
