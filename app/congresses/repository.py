"""Queries for congresses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.agenda.models import AgendaItem, Cluster, ClusterItem
from app.bodies.models import Body
from app.congresses.models import Congress
from app.workshops.models import Workshop


def list_congresses(session: Session) -> list[Congress]:
    return list(session.scalars(select(Congress).order_by(Congress.start_date, Congress.slug)))


def find_congress(session: Session, ref: str, *, full: bool = False) -> Congress | None:
    """A congress by numeric id or by slug (accepted wherever an id is)."""
    query = select(Congress)
    if ref.isascii() and ref.isdigit():
        # Ids are 32-bit; a longer number is no congress (and would overflow SQLite).
        if len(ref) > 10 or int(ref) > 2_147_483_647:
            return None
        query = query.where(Congress.id == int(ref))
    else:
        query = query.where(Congress.slug == ref)
    if full:
        query = query.options(
            selectinload(Congress.meeting_slots),
            selectinload(Congress.rooms),
            selectinload(Congress.bodies).selectinload(Body.officers),
            selectinload(Congress.bodies).selectinload(Body.room),
            selectinload(Congress.agenda_items).selectinload(AgendaItem.documents),
            selectinload(Congress.agenda_items).selectinload(AgendaItem.sub_items),
            selectinload(Congress.agenda_items).selectinload(AgendaItem.body),
            selectinload(Congress.clusters)
            .selectinload(Cluster.members)
            .selectinload(ClusterItem.item),
            selectinload(Congress.workshops).selectinload(Workshop.documents),
            selectinload(Congress.high_level_segment),
            selectinload(Congress.segments),
            selectinload(Congress.fixed_events),
            selectinload(Congress.delegations),
            selectinload(Congress.officers),
            selectinload(Congress.general_committee_seats),
        )
    return session.scalar(query)
