"""Rooms: names are unique in a congress; a room in use cannot be deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.congresses.deps import CongressScope
from app.core.crud import ResourceService, copy_fields, next_position, refuse_taken, stored
from app.rooms import repository
from app.rooms.models import Room
from app.rooms.schemas import RoomCreate, RoomResource


class RoomService(ResourceService[CongressScope, Room, RoomCreate, RoomResource]):
    label = "room"

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
        refuse_taken(
            repository.room_named(session, congress.id, data.name),
            row,
            lambda same: (
                f"There is already a room named {data.name!r} (id {same.id}); "
                "room names are unique in a congress."
            ),
        )
        row = stored(
            session,
            row,
            lambda: Room(
                congress_id=congress.id, position=next_position(session, Room, congress.id)
            ),
        )
        copy_fields(data, row, RoomCreate.model_fields)
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Room) -> list[str]:
        found = [f"body {key!r}" for key in repository.bodies_in(session, row.id)]
        found += [f"workshop {n}" for n in repository.workshops_in(session, row.id)]
        found += [f"fixed event {k!r}" for k in repository.events_in(session, row.id)]
        return found


rooms = RoomService(repository.room, repository.rooms)
