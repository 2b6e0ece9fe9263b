"""Queries for delegations and for what refers to one."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from app.bodies.models import Officer
from app.delegations.models import Delegation, DelegationKind, RegionalGroup


def delegations(
    congress_id: int, kind: DelegationKind | None, regional_group: RegionalGroup | None
) -> Select[Delegation]:
    query = select(Delegation).where(Delegation.congress_id == congress_id)
    if kind is not None:
        query = query.where(Delegation.kind == kind)
    if regional_group is not None:
        query = query.where(Delegation.regional_group == regional_group)
    return query.order_by(Delegation.name, Delegation.id)


def delegation(session: Session, congress_id: int, delegation_id: int) -> Delegation | None:
    return session.scalar(
        select(Delegation).where(
            Delegation.congress_id == congress_id, Delegation.id == delegation_id
        )
    )


def delegation_named(session: Session, congress_id: int, name: str) -> Delegation | None:
    return session.scalar(
        select(Delegation).where(Delegation.congress_id == congress_id, Delegation.name == name)
    )


def offices_held(session: Session, delegation_id: int) -> list[Officer]:
    return list(session.scalars(select(Officer).where(Officer.delegation_id == delegation_id)))


def live_tokens(session: Session, delegation_id: int) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(
                ApiToken.delegation_id == delegation_id, ApiToken.revoked_at.is_(None)
            )
        )
    )
