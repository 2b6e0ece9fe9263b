"""Rooms of the venue."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    select,
    true,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, Mapper, mapped_column, object_session, relationship

from app.core.database import Base

if TYPE_CHECKING:
    from app.congresses.models import Congress


KEY_LENGTH = 80


def key_of(name: str) -> str:
    """A room's URL key from its name: "Committee Room I" → "committee-room-i"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return key[: KEY_LENGTH - 4].strip("-") or "room"


def unique_key(name: str, taken: set[str]) -> str:
    base = key_of(name)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _keys_in(connection: Connection, congress_id: int) -> set[str]:
    table = Room.__table__
    return set(connection.scalars(select(table.c.key).where(table.c.congress_id == congress_id)))


def _default_key(context: DefaultExecutionContext) -> str:
    """For rows inserted without the ORM (an import of an export from before rooms had
    keys): derived from the name like any new room's."""
    params: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return unique_key(params["name"], _keys_in(context.connection, params["congress_id"]))


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("congress_id", "name"),
        UniqueConstraint("congress_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    #: Stable key in public URLs (the room's feed), derived from the name when the room
    #: is created and kept after: renaming a room, or export and import into another
    #: database (which renumbers ids), leaves subscribers' URLs working.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), default=_default_key)
    capacity: Mapped[int] = mapped_column(Integer)
    #: Booths for simultaneous interpretation into the official languages.
    interpretation: Mapped[bool] = mapped_column(default=False)
    #: Cameras and streaming for the UN webcast (side events may ask for it).
    webcast: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Step-free access and accessible seating; venues generally are, a seed says otherwise.
    accessible: Mapped[bool] = mapped_column(default=True, server_default=true())
    notes: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="rooms")


@event.listens_for(Room, "before_insert")
def _assign_key(mapper: Mapper[Any], connection: Connection, room: Room) -> None:
    # Here rather than the column default, so that rooms created in one flush (a seed
    # file's) see each other's keys: the ORM inserts them in one batch.
    if room.key:
        return
    taken = _keys_in(connection, room.congress_id)
    session = object_session(room)
    if session is not None:
        taken |= {
            r.key
            for r in session.new
            if isinstance(r, Room) and r.congress_id == room.congress_id and r.key
        }
    room.key = unique_key(room.name, taken)
