"""Routes for agenda items (by number, with sub-items and documents) and clusters."""

from __future__ import annotations

from app.agenda.params import NumberPath, item_filters
from app.agenda.schemas import AgendaItemUpdate, ClusterUpdate
from app.agenda.service import agenda_items, clusters
from app.congresses.deps import congress_router

router = congress_router(
    agenda_items,
    "agenda-items",
    tag="agenda",
    key_name="number",
    key_type=NumberPath,
    update_model=AgendaItemUpdate,
    filters=item_filters,
)

clusters_router = congress_router(
    clusters, "clusters", tag="agenda", key_name="cluster_id", update_model=ClusterUpdate
)
