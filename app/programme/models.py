"""Fixed parts of the programme: high-level segment and fixed events."""

from __future__ import annotations

import enum
from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base
from app.core.types import str_enum

if TYPE_CHECKING:
    from app.bodies.models import Body
    from app.congresses.models import Congress
    from app.rooms.models import Room


class WindowAnchor(enum.StrEnum):
    """Where the high-level segment's window sits."""

    START = "start"
    END = "end"
    #: The window is a list of dates (e.g. the middle days), `window_dates`.
    DATES = "dates"


#: The stored key of the high-level segment (scheduler.keys.HIGH_LEVEL_SEGMENT_RECORD).
HIGH_LEVEL_KEY = "high-level"


class HighLevelSegment(Base):
    """A segment of the congress: the high-level segment (key "high-level") or another
    one (a treaty event segment, a special segment), each with its window."""

    __tablename__ = "high_level_segments"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: "high-level" for the high-level segment; another key for the others.
    key: Mapped[str] = mapped_column(String(60), default=HIGH_LEVEL_KEY)
    title: Mapped[str | None] = mapped_column(String(200))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    meetings: Mapped[int] = mapped_column(Integer)
    window_anchor: Mapped[WindowAnchor] = mapped_column(str_enum(WindowAnchor, "window_anchor"))
    window_days: Mapped[int] = mapped_column(Integer)
    #: With the anchor "dates": the days of the window (ISO dates).
    window_dates: Mapped[list[str] | None] = mapped_column(JSON)
    #: Where the rule comes from, e.g. "GA res. 63/193".
    source: Mapped[str | None] = mapped_column(Text)
    speakers_list_opens: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="segments")
    body: Mapped[Body] = relationship()


class FixedEventKind(enum.StrEnum):
    PRE_CONGRESS_CONSULTATIONS = "pre_congress_consultations"
    OPENING = "opening"
    CLOSING = "closing"
    TREATY_EVENT = "treaty_event"
    SPECIAL_EVENT = "special_event"
    ELECTIONS = "elections"
    ROUND_TABLE = "round_table"
    OTHER = "other"


#: Kinds of which a congress has one event at most (the opening is the first meeting,
#: the closing the last); any number of events of the other kinds.
SINGLE_KINDS = frozenset(
    {FixedEventKind.PRE_CONGRESS_CONSULTATIONS, FixedEventKind.OPENING, FixedEventKind.CLOSING}
)


def default_event_key(kind: FixedEventKind) -> str:
    """The key of an event written without one: its kind ("opening", "treaty-event")."""
    return kind.value.replace("_", "-")


class FixedEvent(Base):
    """A meeting whose place in the programme is decided beforehand: of a body, or held
    in a room (not a meeting of a body)."""

    __tablename__ = "fixed_events"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: Rules and pins refer to the event by it ("treaty-event", "opening").
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[FixedEventKind] = mapped_column(str_enum(FixedEventKind, "fixed_event_kind"))
    title: Mapped[str] = mapped_column(String(200))
    #: None for an event held in `room`.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    #: Where the event comes from, e.g. "A/CONF.213/1, item 1".
    source: Mapped[str | None] = mapped_column(Text)
    #: None only for a closing "in the last meeting the congress may use" (the
    #: scheduler finds it from the end date and the maximum duration).
    date: Mapped[date | None] = mapped_column(Date)
    #: The meeting slot it takes; None when it has its own times.
    slot_key: Mapped[str | None] = mapped_column(String(40))
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    #: Numbers of the agenda items taken up at the event (opening: 1 and 2).
    agenda_items: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: The same meeting goes on with the body's next agenda item (A/CONF.213/1 annex:
    #: the opening meeting takes up items 3 and 5 after items 1 and 2).
    takes_up_next_unit: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="fixed_events")
    body: Mapped[Body | None] = relationship()
    room: Mapped[Room | None] = relationship()


class Pin(Base):
    """An organizer fixes a meeting of a unit (cluster, item, workshop, segment) to a slot."""

    __tablename__ = "pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: Unit key as the scheduler names it: "cluster-3-5", "item-4", "workshop-3",
    #: "high-level-segment".
    target: Mapped[str] = mapped_column(String(80))
    #: Which of the unit's meetings (1-based).
    meeting: Mapped[int] = mapped_column(Integer, default=1)
    date: Mapped[date] = mapped_column(Date)
    slot_key: Mapped[str] = mapped_column(String(40))
    #: For a workshop: the body to hold it in (None: the scheduler chooses).
    body_key: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    #: Where the pin comes from, cited when it conflicts with another rule.
    source: Mapped[str | None] = mapped_column(Text)

    congress: Mapped[Congress] = relationship()


class Exclusion(Base):
    """An organizer forbids slots, for a body or a unit (or for everything)."""

    __tablename__ = "exclusions"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    body_key: Mapped[str | None] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(80))
    #: None: every day.
    dates: Mapped[list[str] | None] = mapped_column(JSON)
    #: Empty: every slot of those days.
    slot_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    #: Where the exclusion comes from, cited when it conflicts with another rule.
    source: Mapped[str | None] = mapped_column(Text)

    congress: Mapped[Congress] = relationship()
