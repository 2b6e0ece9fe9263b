"""A congress (or commission session) and its time grid."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, Timestamped

if TYPE_CHECKING:
    from app.agenda.models import AgendaItem, Cluster, Document
    from app.bodies.models import Body, GeneralCommitteeSeat, Officer
    from app.delegations.models import Delegation
    from app.programme.models import FixedEvent, HighLevelSegment
    from app.rooms.models import Room
    from app.workshops.models import Workshop


def _owned(order_by: str | None = None, **options: Any) -> Any:
    """A collection the congress owns: its rows are deleted with the congress, or when
    taken out of the collection."""
    if order_by is not None:
        options["order_by"] = order_by
    return relationship(back_populates="congress", cascade="all, delete-orphan", **options)


class Congress(Timestamped, Base):
    __tablename__ = "congresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL- and CLI-friendly name, the seed file's name without extension.
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    #: Document symbol of the provisional agenda, e.g. A/CONF.213/1.
    symbol: Mapped[str | None] = mapped_column(String(80))
    theme: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(120))
    #: IANA time zone of the venue; every local time of the congress is in it.
    time_zone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: ISO 639-1 codes of the official languages of the meeting.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # Rules of the congress: data, never constants in code.
    #: Interpretation teams cap the formal meetings held at once.
    max_parallel_meetings: Mapped[int | None] = mapped_column(Integer)
    #: "Not to exceed N days including the pre-Congress consultations".
    max_duration_days: Mapped[int | None] = mapped_column(Integer)
    workshops_same_day: Mapped[bool] = mapped_column(default=True)
    agenda_order_within_body: Mapped[bool] = mapped_column(default=True)
    #: How an agenda unit's meetings run when it does not say: "hard" | "soft" | "off".
    units_consecutive: Mapped[str] = mapped_column(
        String(10), default="hard", server_default="hard"
    )
    #: Explicit orders of agenda units across bodies: [{"key", "name", "units": [unit
    #: keys], "strength", "weight"}] (unit keys, not ids: they travel as they are).
    tracks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    #: Pre-session documents are due this many working days before the meeting.
    document_deadline_working_days: Mapped[int | None] = mapped_column(Integer)
    #: Days of the week the venue does not work (ISO numbers, 1 = Monday): counted out
    #: of document deadlines (Saturday and Sunday in Vienna, Friday and Saturday in Doha).
    weekend_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [6, 7])
    #: Public holidays of the venue (ISO dates), also counted out of document deadlines.
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: How the duration rule (max_duration_days) counts: "calendar" or "working" days.
    max_duration_counts: Mapped[str] = mapped_column(
        String(20), default="calendar", server_default=text("'calendar'")
    )
    #: The duration rule counts from the pre-Congress consultations.
    max_duration_includes_pre_session: Mapped[bool] = mapped_column(
        default=True, server_default=text("true")
    )
    #: Meetings may be held on the venue's weekend days / official holidays.
    meetings_on_weekends: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    meetings_on_holidays: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    #: Dates with their own slots: [{"date": "2010-04-16", "slots": [{"key": "morning",
    #: "start": "09:00" | null, "end": "12:00" | null}]}] (null: the slot's own time).
    day_slots: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    #: Weights of the scheduler's soft preferences that this congress sets otherwise
    #: than the scheduler's defaults (names of `scheduler.Weights`; 0 switches one off).
    preference_weights: Mapped[dict[str, int]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    #: Where the congress's rules come from: rule family, rule name or name prefix ->
    #: citation ({"high_level_segment": "GA res. 63/193"}); the scheduler cites a rule
    #: without one as "rule of this congress".
    sources: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    #: General Committee: number of Vice-Presidents to elect.
    vice_presidents: Mapped[int | None] = mapped_column(Integer)
    #: Hash of the seed file content last loaded, so reloading the same file is a no-op.
    seed_hash: Mapped[str | None] = mapped_column(String(64))

    meeting_slots: Mapped[list[MeetingSlot]] = _owned("MeetingSlot.position")
    rooms: Mapped[list[Room]] = _owned("Room.position")
    bodies: Mapped[list[Body]] = _owned("Body.position")
    agenda_items: Mapped[list[AgendaItem]] = _owned("AgendaItem.number")
    clusters: Mapped[list[Cluster]] = _owned("Cluster.position")
    documents: Mapped[list[Document]] = _owned("Document.symbol")
    workshops: Mapped[list[Workshop]] = _owned("Workshop.number")
    segments: Mapped[list[HighLevelSegment]] = _owned("HighLevelSegment.position")
    #: The high-level segment among the segments (read only: write `segments`).
    high_level_segment: Mapped[HighLevelSegment | None] = relationship(
        primaryjoin="and_(Congress.id == HighLevelSegment.congress_id, "
        "HighLevelSegment.key == 'high-level')",
        viewonly=True,
        uselist=False,
    )
    fixed_events: Mapped[list[FixedEvent]] = _owned("FixedEvent.position")
    delegations: Mapped[list[Delegation]] = _owned("Delegation.name")
    officers: Mapped[list[Officer]] = _owned("Officer.position")
    general_committee_seats: Mapped[list[GeneralCommitteeSeat]] = _owned()


class MeetingSlot(Base):
    """A meeting slot of each day, e.g. morning 10:00-13:00 (local time)."""

    __tablename__ = "meeting_slots"
    __table_args__ = (UniqueConstraint("congress_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    #: What the slot is for: formal, formal_no_interpretation, informal, side.
    kind: Mapped[str] = mapped_column(String(40), default="formal", server_default=text("'formal'"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="meeting_slots")
