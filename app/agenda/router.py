"""Routes for agenda items (by number, with sub-items and documents) and clusters."""

from __future__ import annotations

from app.agenda.params import NumberPath, item_filters
from app.agenda.schemas import AgendaItemUpdate, ClusterUpdate
from app.agenda.service import agenda_items, clusters
from app.congresses.deps import read_scope, write_scope
from app.core.crud import crud_router
from app.core.fields import IdPath

router = crud_router(
    agenda_items,
    prefix="/congresses/{congress}/agenda-items",
    tags=["agenda"],
    key_name="number",
    key_type=NumberPath,
    update_model=AgendaItemUpdate,
    read_scope=read_scope,
    write_scope=write_scope,
    filters=item_filters,
    plural="agenda items",
)

clusters_router = crud_router(
    clusters,
    prefix="/congresses/{congress}/clusters",
    tags=["agenda"],
    key_name="cluster_id",
    key_type=IdPath,
    update_model=ClusterUpdate,
    read_scope=read_scope,
    write_scope=write_scope,
    plural="clusters",
)
