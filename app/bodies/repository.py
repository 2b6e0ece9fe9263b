"""Queries for bodies and officers, and for what refers to a body."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem
from app.bodies.models import Body, BodyKind, Officer
from app.delegations.models import Delegation
from app.programme.models import Exclusion, FixedEvent, HighLevelSegment, Pin
from app.workshops.models import Workshop


def bodies(congress_id: int, kind: BodyKind | None) -> Select[Body]:
    query = select(Body).where(Body.congress_id == congress_id)
    if kind is not None:
        query = query.where(Body.kind == kind)
    return query.order_by(Body.position, Body.id)


def body(session: Session, congress_id: int, body_id: int) -> Body | None:
    return session.scalar(select(Body).where(Body.congress_id == congress_id, Body.id == body_id))


def body_by_key(session: Session, congress_id: int, key: str) -> Body | None:
    return session.scalar(select(Body).where(Body.congress_id == congress_id, Body.key == key))


def references_to_body(session: Session, congress_id: int, body: Body) -> list[str]:
    """Phrases naming what refers to `body` (officers belong to it and go with it)."""
    found = [
        f"agenda item {n}"
        for n in session.scalars(
            select(AgendaItem.number)
            .where(AgendaItem.body_id == body.id)
            .order_by(AgendaItem.number)
        )
    ]
    found += [
        f"workshop {n}"
        for n in session.scalars(select(Workshop.number).where(Workshop.body_id == body.id))
    ]
    if session.scalar(select(HighLevelSegment.id).where(HighLevelSegment.body_id == body.id)):
        found.append("the high-level segment")
    found += [
        f"the {kind.value.replace('_', ' ')} event"
        for kind in session.scalars(select(FixedEvent.kind).where(FixedEvent.body_id == body.id))
    ]
    found += pins_and_exclusions_of_body(session, congress_id, body.key)
    return found


def pins_and_exclusions_of_body(session: Session, congress_id: int, key: str) -> list[str]:
    found = [
        f"pin {i}"
        for i in session.scalars(
            select(Pin.id).where(Pin.congress_id == congress_id, Pin.body_key == key)
        )
    ]
    found += [
        f"exclusion {i}"
        for i in session.scalars(
            select(Exclusion.id).where(
                Exclusion.congress_id == congress_id, or_(Exclusion.body_key == key)
            )
        )
    ]
    return found


def officers(body_id: int) -> Select[Officer]:
    return (
        select(Officer)
        .where(Officer.body_id == body_id)
        .order_by(Officer.position, Officer.office, Officer.seat, Officer.id)
    )


def officer(session: Session, body_id: int, officer_id: int) -> Officer | None:
    return session.scalar(
        select(Officer).where(Officer.body_id == body_id, Officer.id == officer_id)
    )


def officer_seat(session: Session, body_id: int, office: str, seat: int) -> Officer | None:
    return session.scalar(
        select(Officer).where(
            Officer.body_id == body_id, Officer.office == office, Officer.seat == seat
        )
    )


def delegation_named(session: Session, congress_id: int, name: str) -> Delegation | None:
    return session.scalar(
        select(Delegation).where(Delegation.congress_id == congress_id, Delegation.name == name)
    )
