"""Routes for the bodies of a congress and the officers of each body."""

from __future__ import annotations

from app.bodies.params import body_filters, body_read_scope, body_write_scope
from app.bodies.schemas import BodyUpdate, OfficerUpdate
from app.bodies.service import bodies, officers
from app.congresses.deps import congress_router
from app.core.crud import crud_router
from app.core.fields import IdPath

router = congress_router(
    bodies,
    "bodies",
    tag="bodies",
    key_name="body_id",
    update_model=BodyUpdate,
    filters=body_filters,
)

officers_router = crud_router(
    officers,
    prefix="/congresses/{congress}/bodies/{body_id}/officers",
    tags=["bodies"],
    key_name="officer_id",
    key_type=IdPath,
    update_model=OfficerUpdate,
    read_scope=body_read_scope,
    write_scope=body_write_scope,
    plural="officers",
)
