"""Queries for side events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.agenda.models import AgendaItem
from app.side_events.models import (
    SideEventRequest,
    SideEventRules,
    SideEventState,
    SideEventWindow,
)
from app.workshops.models import Workshop

#: Requests the allocation places (or keeps placed).
ACTIVE = (
    SideEventState.SUBMITTED,
    SideEventState.PLACED,
    SideEventState.UNPLACED,
    SideEventState.CONFIRMED,
)


def windows(session: Session, congress_id: int) -> list[SideEventWindow]:
    return list(
        session.scalars(
            select(SideEventWindow)
            .where(SideEventWindow.congress_id == congress_id)
            .order_by(SideEventWindow.start_time, SideEventWindow.position)
        )
    )


def rules(session: Session, congress_id: int) -> SideEventRules | None:
    return session.scalar(select(SideEventRules).where(SideEventRules.congress_id == congress_id))


def requests(
    session: Session,
    congress_id: int,
    *,
    delegation_id: int | None = None,
    states: tuple[SideEventState, ...] | None = None,
    day: dt.date | None = None,
) -> list[SideEventRequest]:
    query = (
        select(SideEventRequest)
        .where(SideEventRequest.congress_id == congress_id)
        .options(selectinload(SideEventRequest.room), selectinload(SideEventRequest.delegation))
        .order_by(SideEventRequest.id)
    )
    if delegation_id is not None:
        query = query.where(SideEventRequest.delegation_id == delegation_id)
    if states is not None:
        query = query.where(SideEventRequest.state.in_(states))
    if day is not None:
        query = query.where(SideEventRequest.date == day)
    return list(session.scalars(query))


def request(session: Session, congress_id: int, request_id: int) -> SideEventRequest | None:
    return session.scalar(
        select(SideEventRequest)
        .where(SideEventRequest.congress_id == congress_id, SideEventRequest.id == request_id)
        .options(selectinload(SideEventRequest.room), selectinload(SideEventRequest.delegation))
    )


def agenda_item_numbers(session: Session, congress_id: int) -> set[int]:
    return set(
        session.scalars(select(AgendaItem.number).where(AgendaItem.congress_id == congress_id))
    )


def workshop_titles(session: Session, congress_id: int) -> dict[int, str]:
    rows = session.execute(
        select(Workshop.number, Workshop.title).where(Workshop.congress_id == congress_id)
    )
    return {number: title for number, title in rows}
