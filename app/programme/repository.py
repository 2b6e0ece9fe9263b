"""Queries for the high-level segment, fixed events, pins and exclusions."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem, Cluster
from app.congresses.models import Congress, MeetingSlot
from app.programme.models import (
    HIGH_LEVEL_KEY,
    Exclusion,
    FixedEvent,
    FixedEventKind,
    HighLevelSegment,
    Pin,
)
from app.rooms.models import Room
from app.workshops.models import Workshop


def segment(
    session: Session, congress_id: int, key: str = HIGH_LEVEL_KEY
) -> HighLevelSegment | None:
    """The segment of that key (by default the high-level segment)."""
    return session.scalar(
        select(HighLevelSegment).where(
            HighLevelSegment.congress_id == congress_id, HighLevelSegment.key == key
        )
    )


def segments(congress_id: int, filters: object = None) -> Select[HighLevelSegment]:
    return (
        select(HighLevelSegment)
        .where(HighLevelSegment.congress_id == congress_id)
        .order_by(HighLevelSegment.position, HighLevelSegment.id)
    )


def segment_by_id(session: Session, congress_id: int, segment_id: int) -> HighLevelSegment | None:
    return session.scalar(
        select(HighLevelSegment).where(
            HighLevelSegment.congress_id == congress_id, HighLevelSegment.id == segment_id
        )
    )


def fixed_event_by_key(session: Session, congress_id: int, key: str) -> FixedEvent | None:
    return session.scalar(
        select(FixedEvent).where(FixedEvent.congress_id == congress_id, FixedEvent.key == key)
    )


def room_by_name(session: Session, congress_id: int, name: str) -> Room | None:
    return session.scalar(select(Room).where(Room.congress_id == congress_id, Room.name == name))


def fixed_events(congress_id: int, kind: FixedEventKind | None) -> Select[FixedEvent]:
    query = select(FixedEvent).where(FixedEvent.congress_id == congress_id)
    if kind is not None:
        query = query.where(FixedEvent.kind == kind)
    return query.order_by(FixedEvent.position, FixedEvent.id)


def fixed_event(session: Session, congress_id: int, event_id: int) -> FixedEvent | None:
    return session.scalar(
        select(FixedEvent).where(FixedEvent.congress_id == congress_id, FixedEvent.id == event_id)
    )


def fixed_event_of_kind(
    session: Session, congress_id: int, kind: FixedEventKind
) -> FixedEvent | None:
    return session.scalar(
        select(FixedEvent).where(FixedEvent.congress_id == congress_id, FixedEvent.kind == kind)
    )


def pins(congress_id: int, target: str | None) -> Select[Pin]:
    query = select(Pin).where(Pin.congress_id == congress_id)
    if target is not None:
        query = query.where(Pin.target == target)
    return query.order_by(Pin.id)


def pin(session: Session, congress_id: int, pin_id: int) -> Pin | None:
    return session.scalar(select(Pin).where(Pin.congress_id == congress_id, Pin.id == pin_id))


def exclusions(congress_id: int) -> Select[Exclusion]:
    return select(Exclusion).where(Exclusion.congress_id == congress_id).order_by(Exclusion.id)


def exclusion(session: Session, congress_id: int, exclusion_id: int) -> Exclusion | None:
    return session.scalar(
        select(Exclusion).where(Exclusion.congress_id == congress_id, Exclusion.id == exclusion_id)
    )


def slot_keys(session: Session, congress_id: int) -> list[str]:
    return list(
        session.scalars(
            select(MeetingSlot.key)
            .where(MeetingSlot.congress_id == congress_id)
            .order_by(MeetingSlot.position)
        )
    )


def agenda_items(session: Session, congress_id: int) -> list[AgendaItem]:
    return list(session.scalars(select(AgendaItem).where(AgendaItem.congress_id == congress_id)))


def clusters(session: Session, congress_id: int) -> list[Cluster]:
    return list(session.scalars(select(Cluster).where(Cluster.congress_id == congress_id)))


def workshops(session: Session, congress_id: int) -> list[Workshop]:
    return list(session.scalars(select(Workshop).where(Workshop.congress_id == congress_id)))


def congress(session: Session, congress_id: int) -> Congress:
    return session.get_one(Congress, congress_id)
