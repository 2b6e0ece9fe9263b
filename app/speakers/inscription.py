"""Inscribing, replacing, withdrawing and swapping speakers on a list.

Never commits: the request (router, through app.core.uow) does.

Inscription under concurrency (the opening burst): the registering transaction locks,
always in this order, the delegation's row (its own retries and tokens queue there,
nobody else does), then last the list's counter row, held only for the inserts and the
commit. One order, so no deadlock; numbers are gap-free per list and in commit order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.auth.deps import Principal
from app.congresses.models import Congress
from app.core.etag import etag_of, require_if_match
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.delegations.models import DelegationKind
from app.speakers import audit, repository
from app.speakers.models import SpeakerEntry, SpeakersList
from app.speakers.order import entry_public, schedule
from app.speakers.schemas import EntryPublic, SpeakerCreate
from app.speakers.window import AnyCongress, check_open, invalid

#: Within a protocol level, member States speak before observer States, then
#: intergovernmental, then non-governmental organizations (UN practice: "observers
#: speak after member States").
CLASS_RANK = {
    DelegationKind.MEMBER_STATE: 0,
    DelegationKind.OBSERVER_STATE: 1,
    DelegationKind.INTERGOVERNMENTAL: 2,
    DelegationKind.NON_GOVERNMENTAL: 3,
}


def _check_language(congress: AnyCongress, language: str) -> None:
    if congress.languages and language not in congress.languages:
        raise invalid(
            "body.language",
            f"{language!r} is not a language of this congress ({', '.join(congress.languages)})",
        )


@dataclass(frozen=True)
class Registered:
    status_code: int
    body: dict[str, Any]
    #: True when the response is the stored one of an earlier request with the same key.
    replayed: bool


def register(
    session: Session,
    speakers_list: repository.ListForInscription,
    data: SpeakerCreate,
    caller: Principal,
    *,
    idempotency_key: str,
    fingerprint: str,
    now: dt.datetime,
) -> Registered:
    """Inscribe the caller's speaker, or give back the response of an earlier retry.

    The opening burst's hot path: plain Core statements, no ORM unit of work, and as
    few statements as the guarantees allow — lock the delegation's row, read its stored
    answer and its entries (one statement), then take the number and insert the entry
    (one statement on PostgreSQL), the stored answer and the audit row.
    """
    congress = speakers_list.congress
    # This delegation's own requests (a retry racing its original, or two tokens of
    # one delegation) queue on its row, locked until commit, so that the checks below
    # hold; other delegations never wait here.
    found = None
    if caller.delegation_id is not None:
        found = repository.lock_delegation_for_inscription(
            session, caller.delegation_id, speakers_list.id, idempotency_key
        )
    if found is None or found.congress_id != congress.id:
        raise ProblemError(
            403,
            "Inscribing a speaker needs the delegation's own token for this congress "
            "(congress token create --role delegation).",
        )
    if found.stored_fingerprint is not None:
        if found.stored_fingerprint != fingerprint:
            raise _key_reused()
        assert found.stored_status is not None and found.stored_response is not None
        return Registered(found.stored_status, dict(found.stored_response), replayed=True)
    if found.kind.value not in speakers_list.allowed_kinds:
        raise ProblemError(
            403,
            f"{found.name} ({found.kind.value}) may not inscribe on "
            f"{speakers_list.title!r}: it is for {', '.join(speakers_list.allowed_kinds)}.",
        )
    _check_language(congress, data.language)
    check_open(speakers_list, congress, now)
    allowed = speakers_list.statements_per_delegation
    if found.entries >= allowed:
        raise ProblemError(
            409,
            f"{found.name} already has {allowed} statement(s) on "
            f"{speakers_list.title!r}, the most this list allows; replace or withdraw "
            "the entry instead.",
            title="Statement already inscribed",
        )
    assert caller.delegation_id is not None
    # Last and shortest: the list's counter, whose row stays locked until commit, so
    # that inscription numbers are gap-free and in commit order.
    body = repository.inscribe(
        session,
        repository.Inscription(
            list_id=speakers_list.id,
            target=speakers_list.target,
            congress_id=congress.id,
            delegation_id=caller.delegation_id,
            delegation_name=found.name,
            name=data.name,
            title=data.title,
            protocol_level=data.protocol_level,
            language=data.language,
            place_level=data.protocol_level.rank,
            place_class=CLASS_RANK[found.kind],
            key=idempotency_key,
            fingerprint=fingerprint,
            actor_role=caller.role.value if caller.role else None,
            actor_token_id=caller.token_id,
            now=now,
        ),
    )
    return Registered(201, body, replayed=False)


def _key_reused() -> ProblemError:
    return ProblemError(
        422,
        "This Idempotency-Key was already used for a different request; "
        "use a new key for a new registration.",
        invalid_params=[
            InvalidParam(name="header.Idempotency-Key", reason="reused with another request")
        ],
    )


def _entry_for_change(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    entry_id: int,
    caller: Principal,
) -> SpeakerEntry:
    entry = repository.entry_in_list(session, speakers_list.id, entry_id)
    if entry is None:
        raise NotFound(f"No entry {entry_id} on the list {speakers_list.title!r}.")
    if caller.may_organize(congress.id):
        return entry
    if caller.delegation_id != entry.delegation_id:
        raise ProblemError(403, "This entry belongs to another delegation.")
    return entry


def replace(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    entry_id: int,
    data: SpeakerCreate,
    caller: Principal,
    *,
    now: dt.datetime,
) -> EntryPublic:
    """Another speaker (or title, level, language) in the same place of inscription.

    A change of protocol level moves the entry to its natural place at the new level,
    which undoes an earlier swap of this entry.
    """
    entry = _entry_for_change(session, congress, speakers_list, entry_id, caller)
    if not caller.may_organize(congress.id):
        check_open(speakers_list, congress, now)
    _check_language(congress, data.language)
    before = audit.entry_state(entry)
    if data.protocol_level is not entry.protocol_level:
        entry.place_level = data.protocol_level.rank
        entry.place_class = CLASS_RANK[entry.delegation.kind]
        entry.place_sequence = entry.sequence
    entry.name, entry.title = data.name, data.title
    entry.protocol_level, entry.language = data.protocol_level, data.language
    session.flush()
    audit.record(
        session,
        congress,
        speakers_list,
        "entry.replace",
        caller,
        entry_id=entry.id,
        before=before,
        after=audit.entry_state(entry),
    )
    return entry_public(speakers_list, entry)


def withdraw(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    entry_id: int,
    caller: Principal,
    if_match: str | None = None,
) -> None:
    """A delegation may always give up its place, even after the list has closed; with
    the entry's ETag (If-Match), as every change, so that a stale client cannot
    withdraw a speaker it has not seen (a replacement)."""
    entry = _entry_for_change(session, congress, speakers_list, entry_id, caller)
    require_if_match(
        if_match, etag_of(entry_public(speakers_list, entry)), f"speaker entry {entry_id}"
    )
    before = audit.entry_state(entry)
    # The turn the speaker's feeds showed last: they go on showing it, cancelled, once
    # the entry is gone (app.feeds.speaker); nothing else could tell it afterwards.
    turn = schedule(session, congress, speakers_list).allocation.slots.get(entry.id)
    before["turn"] = (
        {
            "meeting": turn.meeting_key,
            "start": turn.start.isoformat(),
            "end": turn.end.isoformat(),
            "delegation": entry.delegation.name,
        }
        if turn is not None
        else None
    )
    session.delete(entry)
    session.flush()
    audit.record(
        session, congress, speakers_list, "entry.withdraw", caller, entry_id=entry_id, before=before
    )


def swap(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    first_id: int,
    second_id: int,
    reason: str | None,
    actor: Principal,
) -> None:
    """Exchange the places of two entries, at the delegations' request."""
    if first_id == second_id:
        raise invalid("body.second", "an entry cannot be swapped with itself")
    first = repository.entry_in_list(session, speakers_list.id, first_id)
    second = repository.entry_in_list(session, speakers_list.id, second_id)
    for name, entry, entry_id in (("first", first, first_id), ("second", second, second_id)):
        if entry is None:
            raise invalid(f"body.{name}", f"no entry {entry_id} on this list")
    assert first is not None and second is not None
    before = {
        "first": audit.entry_state(first),
        "second": audit.entry_state(second),
        "reason": reason,
    }
    places = (
        (first.place_level, first.place_class, first.place_sequence),
        (second.place_level, second.place_class, second.place_sequence),
    )
    first.place_level, first.place_class, first.place_sequence = places[1]
    second.place_level, second.place_class, second.place_sequence = places[0]
    session.flush()
    after = {
        "first": audit.entry_state(first),
        "second": audit.entry_state(second),
        "reason": reason,
    }
    audit.record(
        session,
        congress,
        speakers_list,
        "entry.swap",
        actor,
        entry_id=first.id,
        before=before,
        after=after,
    )
