"""Routes for the workshops of a congress."""

from __future__ import annotations

from app.congresses.deps import congress_router
from app.workshops.params import workshop_filters
from app.workshops.schemas import WorkshopUpdate
from app.workshops.service import workshops

router = congress_router(
    workshops,
    "workshops",
    tag="workshops",
    key_name="workshop_id",
    update_model=WorkshopUpdate,
    filters=workshop_filters,
)
