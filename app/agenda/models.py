"""The agenda: items, their documents, and clusters of items considered together."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base

if TYPE_CHECKING:
    from app.bodies.models import Body
    from app.congresses.models import Congress


agenda_item_documents = Table(
    "agenda_item_documents",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class Document(Base):
    """A pre-session document, known by its official symbol (e.g. A/CONF.213/3)."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("congress_id", "symbol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    symbol: Mapped[str] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(Text)
    #: When the document was issued (None: not yet); the documentation plan compares
    #: it with the document's due date.
    issued_on: Mapped[date | None] = mapped_column(Date)

    congress: Mapped[Congress] = relationship(back_populates="documents")


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("congress_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    #: The body that considers the item.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    #: Meetings allotted to the item when it is not part of a cluster.
    meetings: Mapped[int | None] = mapped_column(Integer)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Bodies that may take the unit up (keys; the scheduler chooses one); empty: its body.
    bodies: Mapped[list[str] | None] = mapped_column(JSON)
    #: "hard" | "soft" | "off"; None: the congress's units_consecutive.
    consecutive: Mapped[str | None] = mapped_column(String(10))
    #: First and last day the unit may meet.
    earliest: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[date | None] = mapped_column(Date)

    congress: Mapped[Congress] = relationship(back_populates="agenda_items")
    body: Mapped[Body | None] = relationship()
    sub_items: Mapped[list[AgendaSubItem]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AgendaSubItem.position"
    )
    documents: Mapped[list[Document]] = relationship(
        secondary=agenda_item_documents, order_by="Document.symbol"
    )
    cluster_membership: Mapped[ClusterItem | None] = relationship(
        back_populates="item", uselist=False, viewonly=True
    )


class AgendaSubItem(Base):
    """A sub-item such as 2 (a) "Election of the President and of other officers"."""

    __tablename__ = "agenda_sub_items"
    __table_args__ = (UniqueConstraint("agenda_item_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    item: Mapped[AgendaItem] = relationship(back_populates="sub_items")


class Cluster(Base):
    """Agenda items considered together, in consecutive meetings of one body."""

    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: Item numbers joined by "+", e.g. "3+5".
    key: Mapped[str] = mapped_column(String(60))
    meetings: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Bodies that may take the unit up (keys; the scheduler chooses one); empty: its body.
    bodies: Mapped[list[str] | None] = mapped_column(JSON)
    #: "hard" | "soft" | "off"; None: the congress's units_consecutive.
    consecutive: Mapped[str | None] = mapped_column(String(10))
    #: First and last day the unit may meet.
    earliest: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[date | None] = mapped_column(Date)

    congress: Mapped[Congress] = relationship(back_populates="clusters")
    members: Mapped[list[ClusterItem]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterItem.position"
    )

    @property
    def item_numbers(self) -> list[int]:
        return [member.item.number for member in self.members]


class ClusterItem(Base):
    __tablename__ = "cluster_items"

    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    )
    #: An item belongs to at most one cluster.
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    cluster: Mapped[Cluster] = relationship(back_populates="members")
    item: Mapped[AgendaItem] = relationship(back_populates="cluster_membership")
