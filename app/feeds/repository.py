"""Queries for feeds: one cheap look-up per request, the full history only to build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.feeds.models import DelegationFeedToken
from app.side_events.models import SideEventRequest
from app.timetables import repository as timetables
from app.timetables.models import TimetableVersion, VersionState


@dataclass(frozen=True)
class PublishedHead:
    """What decides whether a cached feed is still the right one."""

    congress_id: int
    slug: str
    name: str
    congress_updated_at: dt.datetime | None
    version_id: int | None
    version_number: int | None
    published_at: dt.datetime | None
    #: Latest change of any of the congress's side event requests (a confirmation,
    #: a move, a withdrawal): the room feeds and the side event feed show them.
    side_events_updated_at: dt.datetime | None = None


def published_head(session: Session, ref: str) -> PublishedHead | None:
    """The congress (by id or slug), its latest published version and the latest change
    of its side events, in one query."""
    side_events = (
        select(func.max(SideEventRequest.updated_at))
        .where(SideEventRequest.congress_id == Congress.id)
        .correlate(Congress)
        .scalar_subquery()
    )
    query = (
        select(
            Congress.id,
            Congress.slug,
            Congress.name,
            Congress.updated_at,
            TimetableVersion.id,
            TimetableVersion.number,
            TimetableVersion.published_at,
            side_events,
        )
        .outerjoin(
            TimetableVersion,
            and_(
                TimetableVersion.congress_id == Congress.id,
                TimetableVersion.state == VersionState.PUBLISHED,
            ),
        )
        .where(Congress.id == int(ref) if ref.isdigit() else Congress.slug == ref)
        .order_by(TimetableVersion.number.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    if row is None:
        return None
    return PublishedHead(*row)


def published_versions_with_meetings(session: Session, congress_id: int) -> list[TimetableVersion]:
    """Every published version, oldest first: the feed's history (SEQUENCE, cancellations)."""
    return timetables.published_versions(session, congress_id, with_meetings=True)


def side_event_changes(session: Session, congress_id: int) -> dict[int, dt.datetime]:
    """When each side event request of the congress last changed (LAST-MODIFIED)."""
    rows = session.execute(
        select(SideEventRequest.id, SideEventRequest.updated_at).where(
            SideEventRequest.congress_id == congress_id
        )
    )
    return {request_id: updated_at for request_id, updated_at in rows}


def revoke_feed_tokens(session: Session, delegation_id: int, at: dt.datetime) -> None:
    """Revoke the delegation's live feed tokens as of `at`."""
    session.execute(
        update(DelegationFeedToken)
        .where(
            DelegationFeedToken.delegation_id == delegation_id,
            DelegationFeedToken.revoked_at.is_(None),
        )
        .values(revoked_at=at)
    )


def add_feed_token(session: Session, record: DelegationFeedToken) -> DelegationFeedToken:
    session.add(record)
    session.flush()
    return record


def feed_token_by_hash(session: Session, token_hash: str) -> DelegationFeedToken | None:
    return session.scalar(
        select(DelegationFeedToken).where(DelegationFeedToken.token_hash == token_hash)
    )
