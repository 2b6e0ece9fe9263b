"""The configuration API: the CRUD routes of every resource family of a congress."""

from __future__ import annotations

from fastapi import FastAPI

from app.agenda.router import clusters_router
from app.agenda.router import router as agenda_items_router
from app.bodies.router import officers_router
from app.bodies.router import router as bodies_router
from app.core.guards import install_guards
from app.delegations.router import router as delegations_router
from app.programme.router import (
    exclusions_router,
    fixed_events_router,
    pins_router,
    segment_router,
    segments_router,
)
from app.rooms.router import router as rooms_router
from app.workshops.router import router as workshops_router

RESOURCE_ROUTERS = (
    rooms_router,
    bodies_router,
    officers_router,
    agenda_items_router,
    clusters_router,
    workshops_router,
    segment_router,
    segments_router,
    fixed_events_router,
    delegations_router,
    pins_router,
    exclusions_router,
)


def install_resource_api(app: FastAPI) -> None:
    """Body limits, integrity errors as 409, and the routers (congress writes are in
    app/congresses/router.py with the congress reads)."""
    install_guards(app)
    for router in RESOURCE_ROUTERS:
        app.include_router(router)
