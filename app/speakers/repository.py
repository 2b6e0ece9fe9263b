"""Queries for lists of speakers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Integer, String, Table, bindparam, func, insert, literal, select, update
from sqlalchemy.orm import Session, selectinload

from app.congresses.models import Congress
from app.delegations.models import Delegation, DelegationKind
from app.speakers.models import (
    IdempotencyKey,
    ProtocolLevel,
    SpeakerEntry,
    SpeakersAudit,
    SpeakersList,
)


@dataclass(frozen=True)
class CongressForInscription:
    """The few columns of a congress that an inscription checks."""

    id: int
    name: str
    slug: str
    time_zone: str
    languages: list[str]


@dataclass(frozen=True)
class ListForInscription:
    """The few columns of a list that an inscription checks, with its congress's."""

    id: int
    target: str
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    allowed_kinds: list[str]
    statements_per_delegation: int
    congress: CongressForInscription


# The opening burst's statements are built once: building a statement and its cache key
# on every request costs as much CPU as executing it.
_LISTS = cast(Table, SpeakersList.__table__)
_ENTRIES = cast(Table, SpeakerEntry.__table__)
_CONGRESSES = cast(Table, Congress.__table__)
_DELEGATIONS = cast(Table, Delegation.__table__)
_KEYS = cast(Table, IdempotencyKey.__table__)

_LIST_OF = (
    select(
        _LISTS.c.id,
        _LISTS.c.target,
        _LISTS.c.title,
        _LISTS.c.opens_at,
        _LISTS.c.closes_at,
        _LISTS.c.allowed_kinds,
        _LISTS.c.statements_per_delegation,
        _CONGRESSES.c.id,
        _CONGRESSES.c.name,
        _CONGRESSES.c.slug,
        _CONGRESSES.c.time_zone,
        _CONGRESSES.c.languages,
    )
    .join_from(_LISTS, _CONGRESSES, _LISTS.c.congress_id == _CONGRESSES.c.id)
    .where(_LISTS.c.target == bindparam("target"))
)
_LIST_OF_CONGRESS_ID = _LIST_OF.where(_CONGRESSES.c.id == bindparam("congress"))
_LIST_OF_CONGRESS_SLUG = _LIST_OF.where(_CONGRESSES.c.slug == bindparam("congress"))


def find_list_of(session: Session, congress_ref: str, target: str) -> ListForInscription | None:
    """A list with its congress in one query, the congress by id or slug (the hot path
    of the opening burst). Only the columns an inscription needs, read with Core: the
    whole congress row (its JSON configuration columns) and ORM objects cost far more
    CPU than the rest of the inscription."""
    by_id = congress_ref.isascii() and congress_ref.isdigit() and len(congress_ref) < 10
    row = (
        session.connection()
        .execute(
            _LIST_OF_CONGRESS_ID if by_id else _LIST_OF_CONGRESS_SLUG,
            {"congress": int(congress_ref) if by_id else congress_ref, "target": target},
        )
        .first()
    )
    if row is None:
        return None
    congress = CongressForInscription(
        id=row[7], name=row[8], slug=row[9], time_zone=row[10], languages=row[11]
    )
    return ListForInscription(
        id=row[0],
        target=row[1],
        title=row[2],
        opens_at=row[3],
        closes_at=row[4],
        allowed_kinds=row[5],
        statements_per_delegation=row[6],
        congress=congress,
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


@dataclass(frozen=True)
class Inscribing:
    """What the registering transaction reads of the caller's delegation, once its row
    is locked: the rows of the opening burst, read with Core statements (no ORM
    identity map or unit of work on the hot path)."""

    name: str
    congress_id: int
    kind: DelegationKind
    #: The stored answer to this Idempotency-Key, if the key was used before.
    stored_fingerprint: str | None
    stored_status: int | None
    stored_response: dict[str, Any] | None
    #: Entries the delegation already has on the list.
    entries: int


#: FOR NO KEY UPDATE: rows that refer to the delegation may still be inserted meanwhile.
_LOCK_DELEGATION = (
    select(_DELEGATIONS.c.name, _DELEGATIONS.c.congress_id, _DELEGATIONS.c.kind)
    .where(_DELEGATIONS.c.id == bindparam("delegation_id"))
    .with_for_update(key_share=True)
)
_STORED = (_KEYS.c.delegation_id == bindparam("delegation_id"), _KEYS.c.key == bindparam("key"))
_STORED_AND_ENTRIES = select(
    select(_KEYS.c.fingerprint).where(*_STORED).scalar_subquery(),
    select(_KEYS.c.status_code).where(*_STORED).scalar_subquery(),
    select(_KEYS.c.response).where(*_STORED).scalar_subquery(),
    select(func.count())
    .select_from(_ENTRIES)
    .where(
        _ENTRIES.c.list_id == bindparam("list_id"),
        _ENTRIES.c.delegation_id == bindparam("delegation_id"),
    )
    .scalar_subquery(),
)


def lock_delegation_for_inscription(
    session: Session, delegation_id: int, list_id: int, key: str
) -> Inscribing | None:
    """Lock the delegation's row, then read its stored answer to `key` and its entries
    on the list in one more statement: after the lock, so that a retry racing its
    original sees what the original committed (SQLite: its single writer serializes)."""
    connection = session.connection()
    row = connection.execute(_LOCK_DELEGATION, {"delegation_id": delegation_id}).first()
    if row is None:
        return None
    found = connection.execute(
        _STORED_AND_ENTRIES, {"delegation_id": delegation_id, "key": key, "list_id": list_id}
    ).one()
    return Inscribing(row[0], row[1], row[2], found[0], found[1], found[2], found[3] or 0)


#: Columns of an entry given by the request (the rest: the list, number and times).
ENTRY_VALUES = (
    "delegation_id",
    "name",
    "title",
    "protocol_level",
    "language",
    "place_level",
    "place_class",
)
_AUDIT = cast(Table, SpeakersAudit.__table__)


@dataclass(frozen=True)
class Inscription:
    """Everything an inscription writes, but its number and id (taken when written)."""

    list_id: int
    target: str
    congress_id: int
    delegation_id: int
    delegation_name: str
    name: str
    title: str
    protocol_level: ProtocolLevel
    language: str
    place_level: int
    place_class: int
    key: str
    fingerprint: str
    actor_role: str | None
    actor_token_id: int | None
    now: dt.datetime


def _response(i: Inscription, entry_id: int, sequence: int) -> dict[str, Any]:
    """The 201 body (EntryPublic), as the SQL of _INSCRIBE builds it on PostgreSQL."""
    return {
        "id": entry_id,
        "list": i.target,
        "delegation": i.delegation_name,
        "sequence": sequence,
        "name": i.name,
        "title": i.title,
        "protocol_level": i.protocol_level.value,
        "language": i.language,
    }


def _audit_after(i: Inscription, sequence: int) -> dict[str, Any]:
    """The audit's "after" (service._entry_state), as the SQL of _INSCRIBE builds it."""
    return {
        "delegation_id": i.delegation_id,
        "sequence": sequence,
        "name": i.name,
        "title": i.title,
        "protocol_level": i.protocol_level.value,
        "language": i.language,
        "place": [i.place_level, i.place_class, sequence],
    }


def _p(name: str, column: Any) -> Any:
    # Bind parameters are prefixed "i_": an execution's parameter named like a column of
    # the list ("title") would otherwise be SET on the list by the UPDATE in the WITH.
    return bindparam(f"i_{name}", type_=column.type)


_TAKE_NUMBER = (
    update(_LISTS)
    .where(_LISTS.c.id == bindparam("i_list_id"))
    .values(next_sequence=_LISTS.c.next_sequence + 1, updated_at=bindparam("i_now"))
    .returning((_LISTS.c.next_sequence - 1).label("sequence"))
)


def _inscribe_statement() -> Any:
    """PostgreSQL: the whole inscription in ONE statement (data-modifying WITHs): take
    the list's number (its row stays locked until commit), insert the entry, the audit
    row and the stored answer to the Idempotency-Key, return that answer. The counter's
    lock is then held for this round trip and the commit only, not also for this
    thread's waits for the GIL between statements (up to 5 ms each under a burst)."""
    taken = _TAKE_NUMBER.cte("taken")
    entry = (
        insert(_ENTRIES)
        .from_select(
            ["list_id", *ENTRY_VALUES, "created_at", "updated_at", "sequence", "place_sequence"],
            select(
                _p("list_id", _ENTRIES.c.list_id),
                *(_p(name, _ENTRIES.c[name]) for name in ENTRY_VALUES),
                _p("now", _ENTRIES.c.created_at),
                _p("now", _ENTRIES.c.updated_at),
                taken.c.sequence,
                taken.c.sequence,
            ),
        )
        .returning(_ENTRIES.c.id, _ENTRIES.c.sequence)
        .cte("entry")
    )
    text = String()
    after = func.json_build_object(
        "delegation_id", _p("delegation_id", _ENTRIES.c.delegation_id),
        "sequence", entry.c.sequence,
        "name", _p("name", _ENTRIES.c.name),
        "title", _p("title", _ENTRIES.c.title),
        "protocol_level", bindparam("i_protocol_level_text", type_=text),
        "language", _p("language", _ENTRIES.c.language),
        "place", func.json_build_array(
            _p("place_level", _ENTRIES.c.place_level),
            _p("place_class", _ENTRIES.c.place_class),
            entry.c.sequence,
        ),
    )  # fmt: skip
    audit = (
        insert(_AUDIT)
        .from_select(
            ["congress_id", "list_id", "entry_id", "action", "actor_role", "actor_token_id",
             "actor_delegation_id", "after", "at"],
            select(
                _p("congress_id", _AUDIT.c.congress_id),
                _p("list_id", _AUDIT.c.list_id),
                entry.c.id,
                literal("entry.register", text),
                _p("actor_role", _AUDIT.c.actor_role),
                _p("actor_token_id", _AUDIT.c.actor_token_id),
                _p("delegation_id", _AUDIT.c.actor_delegation_id),
                after,
                _p("now", _AUDIT.c.at),
            ).select_from(entry),
        )
        .cte("audit")
    )  # fmt: skip
    response = func.json_build_object(
        "id", entry.c.id,
        "list", bindparam("i_target", type_=text),
        "delegation", bindparam("i_delegation_name", type_=text),
        "sequence", entry.c.sequence,
        "name", _p("name", _ENTRIES.c.name),
        "title", _p("title", _ENTRIES.c.title),
        "protocol_level", bindparam("i_protocol_level_text", type_=text),
        "language", _p("language", _ENTRIES.c.language),
    )  # fmt: skip
    return (
        insert(_KEYS)
        .add_cte(taken, entry, audit)
        .from_select(
            ["delegation_id", "key", "fingerprint", "status_code", "response", "created_at"],
            select(
                _p("delegation_id", _KEYS.c.delegation_id),
                _p("key", _KEYS.c.key),
                _p("fingerprint", _KEYS.c.fingerprint),
                literal(201, Integer()),
                response,
                _p("now", _KEYS.c.created_at),
            ).select_from(entry),
        )
        .returning(_KEYS.c.response)
    )


_INSCRIBE = _inscribe_statement()
_INSERT_ENTRY = insert(_ENTRIES).returning(_ENTRIES.c.id)
_INSERT_KEY = insert(_KEYS)
_INSERT_AUDIT = insert(_AUDIT)


def inscribe(session: Session, i: Inscription) -> dict[str, Any]:
    """Take the list's next inscription number, insert the entry with it, the audit row
    and the stored answer to the Idempotency-Key; the answer (EntryPublic as JSON).

    Taking the number locks the list's counter row until the transaction ends, so this
    is the last step before the commit: numbers are gap-free and in commit order.
    """
    connection = session.connection()
    params = {f"i_{name}": value for name, value in vars(i).items()}
    if connection.dialect.name == "postgresql":
        params["i_protocol_level_text"] = i.protocol_level.value
        stored: dict[str, Any] = connection.execute(_INSCRIBE, params).scalar_one()
        return stored
    # SQLite has no data-modifying WITH; its single writer serializes anyway.
    sequence = int(connection.execute(_TAKE_NUMBER, params).scalar_one())
    entry = {name: getattr(i, name) for name in ENTRY_VALUES}
    entry_id = connection.execute(
        _INSERT_ENTRY,
        {
            **entry,
            "list_id": i.list_id,
            "sequence": sequence,
            "place_sequence": sequence,
            "created_at": i.now,
            "updated_at": i.now,
        },
    ).scalar_one()
    response = _response(i, entry_id, sequence)
    connection.execute(
        _INSERT_KEY,
        {
            "delegation_id": i.delegation_id,
            "key": i.key,
            "fingerprint": i.fingerprint,
            "status_code": 201,
            "response": response,
            "created_at": i.now,
        },
    )
    connection.execute(
        _INSERT_AUDIT,
        {
            "congress_id": i.congress_id,
            "list_id": i.list_id,
            "entry_id": entry_id,
            "action": "entry.register",
            "actor_role": i.actor_role,
            "actor_token_id": i.actor_token_id,
            "actor_delegation_id": i.delegation_id,
            "before": None,
            "after": _audit_after(i, sequence),
            "at": i.now,
        },
    )
    return response


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


_KEY_USED = select(_KEYS.c.id).where(*_STORED)


def idempotency_key_used(session: Session, delegation_id: int, key: str) -> bool:
    """Whether the delegation already used `key` (one indexed lookup, no ORM object)."""
    found = session.connection().execute(_KEY_USED, {"delegation_id": delegation_id, "key": key})
    return found.first() is not None


def audit_of(session: Session, list_id: int) -> list[SpeakersAudit]:
    return list(
        session.scalars(
            select(SpeakersAudit)
            .where(SpeakersAudit.list_id == list_id)
            .order_by(SpeakersAudit.at, SpeakersAudit.id)
        )
    )


# The speakers' log as the private feeds read it (app.feeds.private numbers their events).


def list_changes(session: Session, congress_id: int) -> list[Any]:
    """(id, list_id, entry_id, action, at) of every logged change of a list of the
    congress, oldest first."""
    return list(
        session.execute(
            select(
                SpeakersAudit.id,
                SpeakersAudit.list_id,
                SpeakersAudit.entry_id,
                SpeakersAudit.action,
                SpeakersAudit.at,
            )
            .where(SpeakersAudit.congress_id == congress_id, SpeakersAudit.list_id.is_not(None))
            .order_by(SpeakersAudit.at, SpeakersAudit.id)
        ).all()
    )


def audit_records(
    session: Session, congress_id: int, action: str, *, entry_id: int | None = None
) -> list[SpeakersAudit]:
    """The congress's log records of `action` about an entry (or about `entry_id`),
    oldest first."""
    query = select(SpeakersAudit).where(
        SpeakersAudit.congress_id == congress_id,
        SpeakersAudit.action == action,
        SpeakersAudit.entry_id.is_not(None),
    )
    if entry_id is not None:
        query = query.where(SpeakersAudit.entry_id == entry_id)
    return list(session.scalars(query.order_by(SpeakersAudit.at, SpeakersAudit.id)))


def existing_entry_ids(session: Session, entry_ids: set[int]) -> set[int]:
    """Those of `entry_ids` that are entries now."""
    return set(session.scalars(select(SpeakerEntry.id).where(SpeakerEntry.id.in_(entry_ids))))


def last_change_at(session: Session, congress_id: int) -> dt.datetime | None:
    """When any list of the congress last changed (its latest log record)."""
    return session.scalar(
        select(func.max(SpeakersAudit.at)).where(SpeakersAudit.congress_id == congress_id)
    )
