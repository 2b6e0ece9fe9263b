"""Rooms of the venue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base

if TYPE_CHECKING:
    from app.congresses.models import Congress


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
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
