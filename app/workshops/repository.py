"""Queries for workshops."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.workshops.models import Workshop


def workshops(congress_id: int, body_key: str | None) -> Select[Workshop]:
    query = select(Workshop).where(Workshop.congress_id == congress_id)
    if body_key is not None:
        query = query.join(Body, Workshop.body_id == Body.id).where(Body.key == body_key)
    return query.order_by(Workshop.number)


def workshop(session: Session, congress_id: int, workshop_id: int) -> Workshop | None:
    return session.scalar(
        select(Workshop).where(Workshop.congress_id == congress_id, Workshop.id == workshop_id)
    )


def workshop_numbered(session: Session, congress_id: int, number: int) -> Workshop | None:
    return session.scalar(
        select(Workshop).where(Workshop.congress_id == congress_id, Workshop.number == number)
    )
