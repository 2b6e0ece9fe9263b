"""Workshops: each takes consecutive half-day meetings of one body."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base

if TYPE_CHECKING:
    from app.agenda.models import AgendaItem, Document
    from app.bodies.models import Body
    from app.congresses.models import Congress
    from app.rooms.models import Room

workshop_documents = Table(
    "workshop_documents",
    Base.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (UniqueConstraint("congress_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    #: The shorter form the annex uses in "(continued)" cells.
    short_title: Mapped[str | None] = mapped_column(String(200))
    meetings: Mapped[int] = mapped_column(Integer, default=2)
    #: None: the scheduler chooses the body.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    #: A room outside the bodies: the workshop is a side workshop held in that room.
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    #: The agenda item whose documentation includes the workshop's background paper.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Kinds of meeting slots the workshop may use; [] = formal or informal slots.
    slot_kinds: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    #: Further bodies that may hold it (keys), with `body`.
    bodies: Mapped[list[str] | None] = mapped_column(JSON)
    #: "same_day" | "consecutive_days"; None: the congress's workshops_same_day.
    span: Mapped[str | None] = mapped_column(String(20))
    #: "any" | "morning" (its first meeting in a day's first slot).
    start: Mapped[str] = mapped_column(String(10), default="any", server_default="any")
    #: Slot keys a side workshop (one with a room) may use; empty: the formal slots.
    slots: Mapped[list[str] | None] = mapped_column(JSON)

    congress: Mapped[Congress] = relationship(back_populates="workshops")
    body: Mapped[Body | None] = relationship()
    room: Mapped[Room | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    documents: Mapped[list[Document]] = relationship(
        secondary=workshop_documents, order_by="Document.symbol"
    )
