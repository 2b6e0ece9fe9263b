"""Routes for the workshops of a congress."""

from __future__ import annotations

from app.congresses.deps import read_scope, write_scope
from app.core.crud import crud_router
from app.core.fields import IdPath
from app.workshops.params import workshop_filters
from app.workshops.schemas import WorkshopUpdate
from app.workshops.service import workshops

router = crud_router(
    workshops,
    prefix="/congresses/{congress}/workshops",
    tags=["workshops"],
    key_name="workshop_id",
    key_type=IdPath,
    update_model=WorkshopUpdate,
    read_scope=read_scope,
    write_scope=write_scope,
    filters=workshop_filters,
    plural="workshops",
)
