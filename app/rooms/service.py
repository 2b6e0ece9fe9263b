"""Rooms: names are unique in a congress; a room in use cannot be deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.congresses.deps import CongressScope
from app.core.crud import ResourceService, conflict
from app.rooms import repository
from app.rooms.models import Room
from app.rooms.schemas import RoomCreate, RoomResource


class RoomService(ResourceService[CongressScope, Room, RoomCreate, RoomResource]):
    label = "room"
    create_model = RoomCreate
    public_model = RoomResource

    def find(self, session: Session, scope: CongressScope, key: Any) -> Room | None:
        return repository.room(session, scope.congress.id, key)

    def query(self, scope: CongressScope, filters: Any) -> Select[Room]:
        return repository.rooms(scope.congress.id)

    def public(self, row: Room) -> RoomResource:
        # Every field of a room's seed section is a column of the same name.
        return RoomResource(
            id=row.id, key=row.key, **{name: getattr(row, name) for name in RoomCreate.model_fields}
        )

    def describe(self, row: Room) -> str:
        return f"room {row.name!r}"

    def write(
        self, session: Session, scope: CongressScope, row: Room | None, data: RoomCreate
    ) -> Room:
        congress = scope.congress
        same_name = repository.room_named(session, congress.id, data.name)
        if same_name is not None and same_name is not row:
            raise conflict(
                f"There is already a room named {data.name!r} (id {same_name.id}); "
                "room names are unique in a congress."
            )
        if row is None:
            position = session.scalar(
                select(func.coalesce(func.max(Room.position) + 1, 0)).where(
                    Room.congress_id == congress.id
                )
            )
            row = Room(congress_id=congress.id, position=position or 0)
            session.add(row)
        for name in RoomCreate.model_fields:
            setattr(row, name, getattr(data, name))
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Room) -> list[str]:
        found = [f"body {key!r}" for key in repository.bodies_in(session, row.id)]
        found += [f"workshop {n}" for n in repository.workshops_in(session, row.id)]
        return found


rooms = RoomService()
