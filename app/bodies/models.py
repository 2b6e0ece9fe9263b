"""Bodies that meet (Plenary, committees, working groups) and their officers."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base
from app.core.types import str_enum
from app.delegations.models import RegionalGroup

if TYPE_CHECKING:
    from app.congresses.models import Congress
    from app.delegations.models import Delegation
    from app.rooms.models import Room


class BodyKind(enum.StrEnum):
    PLENARY = "plenary"
    COMMITTEE = "committee"
    COMMITTEE_OF_THE_WHOLE = "committee_of_the_whole"
    WORKING_GROUP = "working_group"


class Body(Base):
    __tablename__ = "bodies"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[BodyKind] = mapped_column(str_enum(BodyKind, "body_kind"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    expected_attendance: Mapped[int | None] = mapped_column(Integer)
    #: Meets only after the opening meeting (the committees, in the annex).
    meets_after_opening: Mapped[bool] = mapped_column(default=False)
    #: Does not meet during or after the closing meeting.
    meets_before_closing: Mapped[bool] = mapped_column(default=False)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The body's fixed first meeting (date and slot key), e.g. Monday 15:00.
    first_meeting_date: Mapped[date | None] = mapped_column(Date)
    first_meeting_slot: Mapped[str | None] = mapped_column(String(40))
    #: The body's own rule on weekend days / official holidays (None: the congress's).
    meets_on_weekends: Mapped[bool | None] = mapped_column()
    meets_on_holidays: Mapped[bool | None] = mapped_column()
    #: Days and slots the body may not meet in: [{"dates": [iso...] | null, "slots": [...]}].
    unavailable: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="bodies")
    room: Mapped[Room | None] = relationship()
    officers: Mapped[list[Officer]] = relationship(
        back_populates="body", order_by="Officer.position", viewonly=True
    )


class Officer(Base):
    """An office to fill: President, Vice-President, Rapporteur-General, or a
    committee's Chairman, Vice-Chairman, Rapporteur. The holder may be unknown
    until the election."""

    __tablename__ = "officers"
    __table_args__ = (UniqueConstraint("congress_id", "body_id", "office", "seat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: None for offices of the congress itself (General Committee).
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(60))
    #: 1..n for offices held by several people (the 24 Vice-Presidents).
    seat: Mapped[int] = mapped_column(Integer, default=1)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="SET NULL")
    )
    person_name: Mapped[str | None] = mapped_column(String(200))
    regional_group: Mapped[RegionalGroup | None] = mapped_column(
        str_enum(RegionalGroup, "regional_group")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="officers")
    body: Mapped[Body | None] = relationship(back_populates="officers")
    delegation: Mapped[Delegation | None] = relationship()


class GeneralCommitteeSeat(Base):
    """Elective seats of the General Committee per regional group (rule 6: 7/6/3/5/6)."""

    __tablename__ = "general_committee_seats"
    __table_args__ = (UniqueConstraint("congress_id", "regional_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    regional_group: Mapped[RegionalGroup] = mapped_column(str_enum(RegionalGroup, "regional_group"))
    seats: Mapped[int] = mapped_column(Integer)

    congress: Mapped[Congress] = relationship(back_populates="general_committee_seats")
