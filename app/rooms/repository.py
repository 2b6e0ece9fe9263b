"""Queries for rooms."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.programme.models import FixedEvent
from app.rooms.models import Room
from app.workshops.models import Workshop


def rooms(congress_id: int) -> Select[Room]:
    return select(Room).where(Room.congress_id == congress_id).order_by(Room.position, Room.id)


def room(session: Session, congress_id: int, room_id: int) -> Room | None:
    return session.scalar(select(Room).where(Room.congress_id == congress_id, Room.id == room_id))


def room_named(session: Session, congress_id: int, name: str) -> Room | None:
    return session.scalar(select(Room).where(Room.congress_id == congress_id, Room.name == name))


def bodies_in(session: Session, room_id: int) -> list[str]:
    return list(session.scalars(select(Body.key).where(Body.room_id == room_id)))


def workshops_in(session: Session, room_id: int) -> list[int]:
    return list(session.scalars(select(Workshop.number).where(Workshop.room_id == room_id)))


def events_in(session: Session, room_id: int) -> list[str]:
    """Keys of the fixed events held in the room."""
    return list(session.scalars(select(FixedEvent.key).where(FixedEvent.room_id == room_id)))
