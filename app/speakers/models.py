"""Lists of speakers, their entries, idempotency keys and the audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, Timestamped, UTCDateTime, utc_now
from app.core.types import str_enum

if TYPE_CHECKING:
    from app.congresses.models import Congress
    from app.delegations.models import Delegation


class ProtocolLevel(enum.StrEnum):
    """Levels of representation, highest first: the order of a list follows them."""

    HEAD_OF_STATE_OR_GOVERNMENT = "head_of_state_or_government"
    VICE_PRESIDENT_OR_CROWN_PRINCE = "vice_president_or_crown_prince"
    DEPUTY_PRIME_MINISTER = "deputy_prime_minister"
    MINISTER = "minister"
    VICE_MINISTER = "vice_minister"
    HEAD_OF_DELEGATION = "head_of_delegation"
    OTHER = "other"

    @property
    def rank(self) -> int:
        return list(ProtocolLevel).index(self)


class SpeakersList(Timestamped, Base):
    """One list per agenda item or cluster, and one for the high-level segment."""

    __tablename__ = "speakers_lists"
    __table_args__ = (UniqueConstraint("congress_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    #: Unit key as the scheduler names it: "high-level-segment", "cluster-3-5", "item-4".
    target: Mapped[str] = mapped_column(String(80))
    #: Agenda item numbers the list is for (empty for the high-level segment).
    agenda_items: Mapped[list[int]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(Text)
    #: The window, stored in UTC (aware); shown in the congress's time zone.
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    time_limit_minutes: Mapped[int] = mapped_column(Integer)
    statements_per_delegation: Mapped[int] = mapped_column(Integer, default=1)
    #: DelegationKind values allowed to inscribe.
    allowed_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Next inscription number. Incremented under SELECT … FOR UPDATE in the
    #: registering transaction, so numbers are gap-free and follow commit order.
    next_sequence: Mapped[int] = mapped_column(Integer, default=1)

    congress: Mapped[Congress] = relationship()
    entries: Mapped[list[SpeakerEntry]] = relationship(
        back_populates="speakers_list", cascade="all, delete-orphan"
    )


class SpeakerEntry(Timestamped, Base):
    __tablename__ = "speaker_entries"
    __table_args__ = (UniqueConstraint("list_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("speakers_lists.id", ondelete="CASCADE"), index=True
    )
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    #: Order of inscription on its list: 1, 2, 3, … assigned by the server.
    sequence: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    protocol_level: Mapped[ProtocolLevel] = mapped_column(str_enum(ProtocolLevel, "protocol_level"))
    language: Mapped[str] = mapped_column(String(8))
    #: Place in the order as (protocol rank, State-class rank, sequence). It is the
    #: natural place unless the secretariat swapped two entries, which exchanges them.
    place_level: Mapped[int] = mapped_column(Integer)
    place_class: Mapped[int] = mapped_column(Integer)
    place_sequence: Mapped[int] = mapped_column(Integer)

    speakers_list: Mapped[SpeakersList] = relationship(back_populates="entries")
    delegation: Mapped[Delegation] = relationship()


class IdempotencyKey(Base):
    """A delegation's Idempotency-Key with the response it got, so retries get it again."""

    __tablename__ = "speaker_idempotency_keys"
    __table_args__ = (UniqueConstraint("delegation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    #: SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    #: The answer quotes the entry's id ("id"): `congress import` renumbers it.
    response: Mapped[dict[str, Any]] = mapped_column(
        JSON, info={"json_refers_to": {"id": "speaker_entries"}}
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class SpeakersAudit(Base):
    """Every change to a list or its entries: who, what, when, before and after."""

    __tablename__ = "speakers_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    # Not foreign keys: the log outlives the rows it describes. `info["refers_to"]` tells
    # `congress import` which rows these ids name, so that it renumbers them too.
    list_id: Mapped[int | None] = mapped_column(
        Integer, index=True, info={"refers_to": "speakers_lists"}
    )
    entry_id: Mapped[int | None] = mapped_column(Integer, info={"refers_to": "speaker_entries"})
    action: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    actor_token_id: Mapped[int | None] = mapped_column(Integer, info={"refers_to": "api_tokens"})
    actor_delegation_id: Mapped[int | None] = mapped_column(
        Integer, info={"refers_to": "delegations"}
    )
    before: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, info={"json_refers_to": {"delegation_id": "delegations"}}
    )
    after: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, info={"json_refers_to": {"delegation_id": "delegations"}}
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
