"""Routes for the rooms of a congress's venue."""

from __future__ import annotations

from app.congresses.deps import congress_router
from app.rooms.schemas import RoomUpdate
from app.rooms.service import rooms

router = congress_router(rooms, "rooms", tag="rooms", key_name="room_id", update_model=RoomUpdate)
