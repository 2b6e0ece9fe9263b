"""Timetable versions: drafts proposed by the solver, published versions that are immutable.

A version is a snapshot of every meeting (as pretalx keeps schedule releases), so
any two versions can be compared and every published version stays readable.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, UTCDateTime, utc_now
from app.core.types import str_enum
from scheduler.timetable import Kind

if TYPE_CHECKING:
    from app.congresses.models import Congress


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class TimetableVersion(Base):
    __tablename__ = "timetable_versions"
    __table_args__ = (UniqueConstraint("congress_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    state: Mapped[VersionState] = mapped_column(str_enum(VersionState, "version_state"))
    #: 1, 2, … once published; None for a draft.
    number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What changed, in the secretariat's words, given at publication.
    change_log: Mapped[str | None] = mapped_column(Text)
    #: The version the solver kept close to (stability), if any.
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("timetable_versions.id", ondelete="SET NULL")
    )
    solver_status: Mapped[str] = mapped_column(String(20))
    objective: Mapped[float | None] = mapped_column(Float)
    best_bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    wall_time_s: Mapped[float | None] = mapped_column(Float)
    seed: Mapped[int | None] = mapped_column(Integer)
    #: Per-rule report and violations as the scheduler gave them.
    rule_report: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    violations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: What the public saw of the congress when this version was published (names and
    #: titles in every language, document symbols: `app.timetables.snapshot`); None
    #: for a draft, which shows the congress as it is.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    congress: Mapped[Congress] = relationship()
    meetings: Mapped[list[TimetableMeeting]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="(TimetableMeeting.start, TimetableMeeting.position)",
    )


class TimetableMeeting(Base):
    __tablename__ = "timetable_meetings"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("timetable_versions.id", ondelete="CASCADE"), index=True
    )
    #: Identity of the meeting across versions ("plenary:cluster-3-5:2"): feeds use it
    #: for the iCal UID, diffs to tell a moved meeting from a new one.
    key: Mapped[str] = mapped_column(String(160))
    #: Other unit meetings this meeting also carries (the opening also opens 3+5).
    also: Mapped[list[str]] = mapped_column(JSON, default=list)
    date: Mapped[date] = mapped_column(Date)
    slot_key: Mapped[str] = mapped_column(String(40))
    body_key: Mapped[str] = mapped_column(String(60))
    body_name: Mapped[str] = mapped_column(String(120))
    #: The solver's kind of meeting (`scheduler.timetable.Kind`), stored as its text.
    kind: Mapped[Kind] = mapped_column(String(20))
    #: Local wall-clock times in the congress's time zone (naive on purpose: the zone
    #: is the congress's, and a congress never spans a zone change of its own).
    start: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    end: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    agenda_items: Mapped[list[int]] = mapped_column(JSON, default=list)
    workshop: Mapped[str | None] = mapped_column(Text)
    room: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(Text, default="")
    #: iCal SEQUENCE: grows each time a publication changes this meeting.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[TimetableVersion] = relationship(back_populates="meetings")
