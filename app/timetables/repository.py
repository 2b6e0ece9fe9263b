"""Queries for timetable versions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.timetables.models import TimetableVersion, VersionState


def latest_published(session: Session, congress_id: int) -> TimetableVersion | None:
    return session.scalar(
        select(TimetableVersion)
        .where(
            TimetableVersion.congress_id == congress_id,
            TimetableVersion.state == VersionState.PUBLISHED,
        )
        .order_by(TimetableVersion.number.desc())
        .limit(1)
        .options(selectinload(TimetableVersion.meetings))
    )


def published_version(session: Session, congress_id: int, number: int) -> TimetableVersion | None:
    return session.scalar(
        select(TimetableVersion)
        .where(TimetableVersion.congress_id == congress_id, TimetableVersion.number == number)
        .options(selectinload(TimetableVersion.meetings))
    )


def published_versions(
    session: Session, congress_id: int, *, with_meetings: bool = False
) -> list[TimetableVersion]:
    """Every published version, oldest first (with their meetings loaded in one more
    query when asked: the feeds' history of SEQUENCE and cancellations)."""
    query = (
        select(TimetableVersion)
        .where(
            TimetableVersion.congress_id == congress_id,
            TimetableVersion.state == VersionState.PUBLISHED,
        )
        .order_by(TimetableVersion.number)
    )
    if with_meetings:
        query = query.options(selectinload(TimetableVersion.meetings))
    return list(session.scalars(query))


def next_version_number(session: Session, congress_id: int) -> int:
    current = session.scalar(
        select(func.max(TimetableVersion.number)).where(TimetableVersion.congress_id == congress_id)
    )
    return (current or 0) + 1


def drafts(session: Session, congress_id: int) -> list[TimetableVersion]:
    return list(
        session.scalars(
            select(TimetableVersion)
            .where(
                TimetableVersion.congress_id == congress_id,
                TimetableVersion.state == VersionState.DRAFT,
            )
            .order_by(TimetableVersion.id.desc())
            .options(selectinload(TimetableVersion.meetings))
        )
    )
