"""Queries for lists of speakers."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, contains_eager, selectinload

from app.congresses.models import Congress
from app.delegations.models import Delegation
from app.speakers.models import IdempotencyKey, SpeakerEntry, SpeakersAudit, SpeakersList


def find_list_of(session: Session, congress_ref: str, target: str) -> SpeakersList | None:
    """A list with its congress in one query, the congress by id or slug (the hot path
    of the opening burst)."""
    congress_match = (
        Congress.id == int(congress_ref)
        if congress_ref.isascii() and congress_ref.isdigit() and len(congress_ref) < 10
        else Congress.slug == congress_ref
    )
    return session.scalar(
        select(SpeakersList)
        .join(SpeakersList.congress)
        .where(congress_match, SpeakersList.target == target)
        .options(contains_eager(SpeakersList.congress))
    )


def lists_of(session: Session, congress_id: int) -> list[SpeakersList]:
    return list(
        session.scalars(
            select(SpeakersList)
            .where(SpeakersList.congress_id == congress_id)
            .order_by(SpeakersList.opens_at, SpeakersList.target)
        )
    )


def find_list(session: Session, congress_id: int, target: str) -> SpeakersList | None:
    return session.scalar(
        select(SpeakersList).where(
            SpeakersList.congress_id == congress_id, SpeakersList.target == target
        )
    )


def lock_delegation(session: Session, delegation_id: int) -> Delegation | None:
    """A delegation, its row locked until the transaction ends (SQLite: its single
    writer serializes anyway). FOR NO KEY UPDATE: rows that refer to the delegation
    may still be inserted meanwhile."""
    return session.scalar(
        select(Delegation)
        .where(Delegation.id == delegation_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )


def take_sequence(session: Session, list_id: int) -> int:
    """The list's next inscription number, in one statement that also locks the
    list's row until the transaction ends."""
    taken = session.scalar(
        update(SpeakersList)
        .where(SpeakersList.id == list_id)
        .values(next_sequence=SpeakersList.next_sequence + 1)
        .returning(SpeakersList.next_sequence - 1)
        .execution_options(synchronize_session=False)
    )
    assert taken is not None
    return int(taken)


def entries_in_order(session: Session, list_id: int) -> list[SpeakerEntry]:
    return list(
        session.scalars(
            select(SpeakerEntry)
            .where(SpeakerEntry.list_id == list_id)
            .order_by(
                SpeakerEntry.place_level, SpeakerEntry.place_class, SpeakerEntry.place_sequence
            )
            .options(selectinload(SpeakerEntry.delegation))
        )
    )


def count_entries(session: Session, list_id: int, delegation_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(SpeakerEntry)
            .where(SpeakerEntry.list_id == list_id, SpeakerEntry.delegation_id == delegation_id)
        )
        or 0
    )


def entry_in_list(session: Session, list_id: int, entry_id: int) -> SpeakerEntry | None:
    return session.scalar(
        select(SpeakerEntry)
        .where(SpeakerEntry.list_id == list_id, SpeakerEntry.id == entry_id)
        .options(selectinload(SpeakerEntry.delegation))
    )


def lists_with_entries_of(
    session: Session, congress_id: int, delegation_id: int
) -> list[SpeakersList]:
    return list(
        session.scalars(
            select(SpeakersList)
            .where(
                SpeakersList.congress_id == congress_id,
                SpeakersList.id.in_(
                    select(SpeakerEntry.list_id).where(SpeakerEntry.delegation_id == delegation_id)
                ),
            )
            .order_by(SpeakersList.target)
        )
    )


def find_idempotency_key(session: Session, delegation_id: int, key: str) -> IdempotencyKey | None:
    return session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.delegation_id == delegation_id, IdempotencyKey.key == key
        )
    )


def audit_of(session: Session, list_id: int) -> list[SpeakersAudit]:
    return list(
        session.scalars(
            select(SpeakersAudit)
            .where(SpeakersAudit.list_id == list_id)
            .order_by(SpeakersAudit.at, SpeakersAudit.id)
        )
    )
