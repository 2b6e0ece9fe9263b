"""Queries for agenda items, documents and clusters, and for what refers to them."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem, Cluster, ClusterItem, Document
from app.bodies.models import Body
from app.congresses.models import Congress
from app.programme.models import Exclusion, FixedEvent, Pin
from app.workshops.models import Workshop


def items(congress_id: int, body_key: str | None) -> Select[AgendaItem]:
    query = select(AgendaItem).where(AgendaItem.congress_id == congress_id)
    if body_key is not None:
        query = query.join(Body, AgendaItem.body_id == Body.id).where(Body.key == body_key)
    return query.order_by(AgendaItem.number)


def item(session: Session, congress_id: int, number: int) -> AgendaItem | None:
    return session.scalar(
        select(AgendaItem).where(AgendaItem.congress_id == congress_id, AgendaItem.number == number)
    )


def items_numbered(session: Session, congress_id: int, numbers: list[int]) -> dict[int, AgendaItem]:
    rows = session.scalars(
        select(AgendaItem).where(
            AgendaItem.congress_id == congress_id, AgendaItem.number.in_(numbers)
        )
    )
    return {row.number: row for row in rows}


def document(session: Session, congress_id: int, symbol: str) -> Document | None:
    return session.scalar(
        select(Document).where(Document.congress_id == congress_id, Document.symbol == symbol)
    )


def clusters(congress_id: int) -> Select[Cluster]:
    return (
        select(Cluster)
        .where(Cluster.congress_id == congress_id)
        .order_by(Cluster.position, Cluster.id)
    )


def cluster(session: Session, congress_id: int, cluster_id: int) -> Cluster | None:
    return session.scalar(
        select(Cluster).where(Cluster.congress_id == congress_id, Cluster.id == cluster_id)
    )


def cluster_of(session: Session, item_id: int) -> Cluster | None:
    return session.scalar(
        select(Cluster).join(ClusterItem).where(ClusterItem.agenda_item_id == item_id)
    )


def targeting(session: Session, congress_id: int, target: str) -> list[str]:
    """Pins and exclusions naming the scheduling unit `target` ("item-4", "cluster-3-5")."""
    found = [
        f"pin {i}"
        for i in session.scalars(
            select(Pin.id).where(Pin.congress_id == congress_id, Pin.target == target)
        )
    ]
    found += [
        f"exclusion {i}"
        for i in session.scalars(
            select(Exclusion.id).where(
                Exclusion.congress_id == congress_id, Exclusion.target == target
            )
        )
    ]
    tracks = session.scalar(select(Congress.tracks).where(Congress.id == congress_id)) or []
    found += [f"track {t['key']}" for t in tracks if target in t.get("units", [])]
    return found


def workshops_of_item(session: Session, item_id: int) -> list[int]:
    return list(session.scalars(select(Workshop.number).where(Workshop.agenda_item_id == item_id)))


def fixed_events(session: Session, congress_id: int) -> list[FixedEvent]:
    return list(session.scalars(select(FixedEvent).where(FixedEvent.congress_id == congress_id)))
