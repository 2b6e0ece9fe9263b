"""Side events: the windows they may use, the congress's rules for them, the requests.

A request carries its own allocation (day, window, room) or the reason it has none:
one row per side event from request to outcome, so a withdrawn or rejected event keeps
its history and the organizing body reads one record through the API.
"""

from __future__ import annotations

import datetime as dt
import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, Timestamped, UTCDateTime
from app.core.types import str_enum

if TYPE_CHECKING:
    from app.delegations.models import Delegation
    from app.rooms.models import Room


class SideEventLength(enum.StrEnum):
    """What a request asks for: the kind of window (UN practice: lunchtime, early evening)."""

    LUNCHTIME = "lunchtime"
    EVENING = "evening"
    HALF_DAY = "half_day"


class SideEventNeed(enum.StrEnum):
    INTERPRETATION = "interpretation"
    WEBCAST = "webcast"
    ACCESSIBILITY = "accessibility"


class SideEventState(enum.StrEnum):
    #: Waiting for the next allocation.
    SUBMITTED = "submitted"
    #: The allocation proposes a day, window and room; the secretariat confirms or rejects.
    PLACED = "placed"
    #: The allocation found no place; `unplaced_reason` says why.
    UNPLACED = "unplaced"
    #: Confirmed: public, in the room feeds and the side event feed.
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class SideEventWindow(Base):
    """A window of each day open to side events, e.g. lunchtime 13:15-14:45 (local time)."""

    __tablename__ = "side_event_windows"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[SideEventLength] = mapped_column(str_enum(SideEventLength, "side_event_length"))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SideEventRules(Base):
    """The congress's rules for side events (absent: the defaults of UN practice)."""

    __tablename__ = "side_event_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(
        ForeignKey("congresses.id", ondelete="CASCADE"), unique=True
    )
    #: Fair share between organizations; None: no cap.
    max_per_organization_per_day: Mapped[int | None] = mapped_column(Integer)


class SideEventRequest(Timestamped, Base):
    __tablename__ = "side_event_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(
        ForeignKey("congresses.id", ondelete="CASCADE"), index=True
    )
    #: The requesting organization (its token); fair share counts per delegation.
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    #: The organizing body as shown on the programme (defaults to the delegation's name).
    organizer: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    expected_attendance: Mapped[int] = mapped_column(Integer)
    length: Mapped[SideEventLength] = mapped_column(str_enum(SideEventLength, "side_event_length"))
    #: ISO dates.
    preferred_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    impossible_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: SideEventNeed values.
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Related agenda item and workshop (numbers): no clash with their official meetings.
    agenda_item: Mapped[int | None] = mapped_column(Integer)
    workshop: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[SideEventState] = mapped_column(
        str_enum(SideEventState, "side_event_state"), default=SideEventState.SUBMITTED
    )
    # The allocation (set in states placed and confirmed).
    date: Mapped[date | None] = mapped_column(Date)
    window_key: Mapped[str | None] = mapped_column(String(40))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    #: Why the last allocation could not place it (state unplaced).
    unplaced_code: Mapped[str | None] = mapped_column(String(40))
    unplaced_reason: Mapped[str | None] = mapped_column(Text)
    #: iCal SEQUENCE for feeds: grows each time the day, window or room changes.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Where the event was when last confirmed (room by name: the room may go). Kept when
    # it leaves the public programme (withdrawn, rejected, moved or no longer placeable),
    # so that the feeds show it there as cancelled until it is confirmed again.
    public_date: Mapped[dt.date | None] = mapped_column(Date)
    public_window_key: Mapped[str | None] = mapped_column(String(40))
    public_room: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegation: Mapped[Delegation] = relationship()
    room: Mapped[Room | None] = relationship()
