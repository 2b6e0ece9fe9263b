"""Routes for the rooms of a congress's venue."""

from __future__ import annotations

from app.congresses.deps import read_scope, write_scope
from app.core.crud import crud_router
from app.core.fields import IdPath
from app.rooms.schemas import RoomUpdate
from app.rooms.service import rooms

router = crud_router(
    rooms,
    prefix="/congresses/{congress}/rooms",
    tags=["rooms"],
    key_name="room_id",
    key_type=IdPath,
    update_model=RoomUpdate,
    read_scope=read_scope,
    write_scope=write_scope,
    plural="rooms",
)
