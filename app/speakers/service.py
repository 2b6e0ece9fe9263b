"""Lists of speakers: creating lists, inscription, order, swaps, estimated times.

Never commits: the request (router) or the seed loader's transaction does.

Inscription under concurrency (the opening burst): the registering transaction locks,
always in this order, the delegation's row (its own retries and tokens queue there,
nobody else does), then last the list's counter row, held only for the inserts and the
commit. One order, so no deadlock; numbers are gap-free per list and in commit order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.auth.deps import Principal
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.etag import etag_of, require_if_match
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.delegations.models import DelegationKind
from app.programme.models import WindowAnchor
from app.speakers import repository
from app.speakers.allocation import Allocation, MeetingWindow, allocate
from app.speakers.models import (
    SpeakerEntry,
    SpeakersAudit,
    SpeakersList,
)
from app.speakers.schemas import (
    EntryPublic,
    ScheduledEntryPublic,
    SpeakerCreate,
    SpeakersListCreate,
    SpeakersListPublic,
    SpeakersListSummary,
    SpeakersListUpdate,
)
from app.timetables import repository as timetables
from app.timetables.models import TimetableMeeting, TimetableVersion
from scheduler import keys
from scheduler.keys import HIGH_LEVEL_SEGMENT

#: Within a protocol level, member States speak before observer States, then
#: intergovernmental, then non-governmental organizations (UN practice: "observers
#: speak after member States").
CLASS_RANK = {
    DelegationKind.MEMBER_STATE: 0,
    DelegationKind.OBSERVER_STATE: 1,
    DelegationKind.INTERGOVERNMENTAL: 2,
    DelegationKind.NON_GOVERNMENTAL: 3,
}

#: Meeting kinds of a published timetable that take up agenda items.
_ITEM_MEETING_KINDS = frozenset({"agenda", "opening", "closing"})


# ---------------------------------------------------------------- times


def input_utc(value: dt.datetime, zone: ZoneInfo, field: str = "body") -> dt.datetime:
    """A time given to the API, in UTC: a naive one is the congress's local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise _invalid(field, "the time is out of range") from None


def local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return value.astimezone(zone)


#: What the inscription checks read: ORM rows, or the light rows of the opening burst.
AnyList = SpeakersList | repository.ListForInscription
AnyCongress = Congress | repository.CongressForInscription


def _zone(congress: AnyCongress) -> ZoneInfo:
    return ZoneInfo(congress.time_zone)


def is_open(speakers_list: AnyList, now: dt.datetime) -> bool:
    return speakers_list.opens_at <= now < speakers_list.closes_at


def window_text(speakers_list: AnyList, congress: AnyCongress) -> str:
    zone = _zone(congress)
    opens = local(speakers_list.opens_at, zone).strftime("%d %B %Y %H:%M")
    closes = local(speakers_list.closes_at, zone).strftime("%d %B %Y %H:%M")
    return f"from {opens} to {closes} ({congress.time_zone})"


# ---------------------------------------------------------------- audit


def _audit(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList | None,
    action: str,
    actor: Principal | None,
    *,
    entry_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        SpeakersAudit(
            congress_id=congress.id,
            list_id=speakers_list.id if speakers_list else None,
            entry_id=entry_id,
            action=action,
            actor_role=actor.role.value if actor and actor.role else None,
            actor_token_id=actor.token_id if actor else None,
            actor_delegation_id=actor.delegation_id if actor else None,
            before=before,
            after=after,
        )
    )


def _list_state(speakers_list: SpeakersList) -> dict[str, Any]:
    return {
        "target": speakers_list.target,
        "title": speakers_list.title,
        "opens_at": speakers_list.opens_at.isoformat(),
        "closes_at": speakers_list.closes_at.isoformat(),
        "time_limit_minutes": speakers_list.time_limit_minutes,
        "statements_per_delegation": speakers_list.statements_per_delegation,
        "allowed_kinds": list(speakers_list.allowed_kinds),
    }


def _entry_state(entry: SpeakerEntry) -> dict[str, Any]:
    return {
        "delegation_id": entry.delegation_id,
        "sequence": entry.sequence,
        "name": entry.name,
        "title": entry.title,
        "protocol_level": entry.protocol_level.value,
        "language": entry.language,
        "place": [entry.place_level, entry.place_class, entry.place_sequence],
    }


# ---------------------------------------------------------------- lists


def get_list(session: Session, congress: Congress, target: str) -> SpeakersList:
    found = repository.find_list(session, congress.id, target)
    if found is None:
        raise NotFound(
            f"{congress.name} has no list of speakers {target!r}; "
            f"GET /congresses/{congress.slug}/speakers-lists lists them."
        )
    return found


def _target_items(congress: Congress, target: str) -> tuple[list[int], str]:
    """Agenda items and a default title of a list's target, or 422 naming the field."""
    if target == HIGH_LEVEL_SEGMENT:
        return [], "High-level segment"
    items = {item.number: item for item in congress.agenda_items}
    unit = keys.parse_unit(target)
    if unit is not None and unit.kind == "cluster":
        cluster = next(
            (c for c in congress.clusters if keys.cluster_unit_of_record(c.key) == target), None
        )
        if cluster is None:
            known = ", ".join(keys.cluster_unit_of_record(c.key) for c in congress.clusters)
            raise _invalid(
                "body.target",
                f"no cluster {keys.cluster_record_key(unit.numbers)} in this congress "
                f"(clusters: {known})",
            )
        numbers = sorted(cluster.item_numbers)
        return numbers, "Agenda items " + " and ".join(str(n) for n in numbers)
    if unit is not None and unit.kind == "item" and unit.number is not None:
        number = unit.number
        if number not in items:
            raise _invalid("body.target", f"no agenda item {number} in this congress")
        clustered = next((c for c in congress.clusters if number in c.item_numbers), None)
        if clustered is not None:
            raise _invalid(
                "body.target",
                f"item {number} is taken up in cluster {clustered.key}: "
                f"use {keys.cluster_unit_of_record(clustered.key)}",
            )
        return [number], f"Agenda item {number}: {items[number].title}"
    raise _invalid("body.target", 'expected "high-level-segment", "cluster-3-5" or "item-4"')


def _invalid(field: str, reason: str) -> ProblemError:
    return ProblemError(
        422, f"{field}: {reason}", invalid_params=[InvalidParam(name=field, reason=reason)]
    )


def _check_window(opens: dt.datetime, closes: dt.datetime) -> None:
    if closes <= opens:
        raise _invalid("body.closes_at", "the list must close after it opens")


def create_list(
    session: Session, congress: Congress, data: SpeakersListCreate, actor: Principal | None
) -> SpeakersList:
    """A new list. `congress` must be loaded with its agenda and clusters."""
    items, default_title = _target_items(congress, data.target)
    if repository.find_list(session, congress.id, data.target) is not None:
        raise ProblemError(409, f"{congress.name} already has a list of speakers {data.target!r}.")
    zone = _zone(congress)
    opens = input_utc(data.opens_at, zone, "body.opens_at")
    closes = input_utc(data.closes_at, zone, "body.closes_at")
    _check_window(opens, closes)
    speakers_list = SpeakersList(
        congress_id=congress.id,
        target=data.target,
        agenda_items=items,
        title=data.title or default_title,
        opens_at=opens,
        closes_at=closes,
        time_limit_minutes=data.time_limit_minutes,
        statements_per_delegation=data.statements_per_delegation,
        allowed_kinds=[kind.value for kind in data.allowed_kinds],
        next_sequence=1,
    )
    session.add(speakers_list)
    session.flush()
    _audit(session, congress, speakers_list, "list.create", actor, after=_list_state(speakers_list))
    return speakers_list


def update_list(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    data: SpeakersListUpdate,
    actor: Principal | None,
) -> SpeakersList:
    before = _list_state(speakers_list)
    zone = _zone(congress)
    given = data.model_fields_set
    if "title" in given and data.title:
        speakers_list.title = data.title
    opens = (
        input_utc(data.opens_at, zone, "body.opens_at") if data.opens_at else speakers_list.opens_at
    )
    closes = (
        input_utc(data.closes_at, zone, "body.closes_at")
        if data.closes_at
        else speakers_list.closes_at
    )
    _check_window(opens, closes)
    speakers_list.opens_at, speakers_list.closes_at = opens, closes
    if data.time_limit_minutes is not None:
        speakers_list.time_limit_minutes = data.time_limit_minutes
    if data.statements_per_delegation is not None:
        speakers_list.statements_per_delegation = data.statements_per_delegation
    if data.allowed_kinds is not None:
        speakers_list.allowed_kinds = [kind.value for kind in data.allowed_kinds]
    session.flush()
    _audit(
        session,
        congress,
        speakers_list,
        "list.update",
        actor,
        before=before,
        after=_list_state(speakers_list),
    )
    return speakers_list


def ensure_high_level_list(session: Session, congress: Congress) -> SpeakersList | None:
    """The high-level segment's list, created when a seed announces its opening date.

    Created once: afterwards the list is the secretariat's, and reloading the seed
    leaves it alone. The documents give only the opening date ("a list of speakers will
    be opened on 8 March 2010", A/CONF.213/1); assumed here, changeable with PATCH:
    it opens at 00:00 of that date, closes when the segment's window begins, statements
    of seven minutes, and States (member and observer) inscribe.
    """
    segment = congress.high_level_segment
    if segment is None or segment.speakers_list_opens is None:
        return None
    existing = repository.find_list(session, congress.id, HIGH_LEVEL_SEGMENT)
    if existing is not None:
        return existing
    zone = _zone(congress)
    first_day = (
        congress.start_date
        if segment.window_anchor is WindowAnchor.START
        else congress.end_date - dt.timedelta(days=segment.window_days - 1)
    )
    speakers_list = SpeakersList(
        congress_id=congress.id,
        target=HIGH_LEVEL_SEGMENT,
        agenda_items=[],
        title="High-level segment",
        opens_at=input_utc(dt.datetime.combine(segment.speakers_list_opens, dt.time()), zone),
        closes_at=input_utc(dt.datetime.combine(first_day, dt.time()), zone),
        time_limit_minutes=7,
        statements_per_delegation=1,
        allowed_kinds=[DelegationKind.MEMBER_STATE.value, DelegationKind.OBSERVER_STATE.value],
        next_sequence=1,
    )
    session.add(speakers_list)
    session.flush()
    _audit(session, congress, speakers_list, "list.create", None, after=_list_state(speakers_list))
    return speakers_list


# ---------------------------------------------------------------- entries


def entry_public(speakers_list: SpeakersList, entry: SpeakerEntry) -> EntryPublic:
    return EntryPublic(
        id=entry.id,
        list=speakers_list.target,
        delegation=entry.delegation.name,
        sequence=entry.sequence,
        name=entry.name,
        title=entry.title,
        protocol_level=entry.protocol_level,
        language=entry.language,
    )


def _check_language(congress: AnyCongress, language: str) -> None:
    if congress.languages and language not in congress.languages:
        raise _invalid(
            "body.language",
            f"{language!r} is not a language of this congress ({', '.join(congress.languages)})",
        )


def _check_open(speakers_list: AnyList, congress: AnyCongress, now: dt.datetime) -> None:
    if not is_open(speakers_list, now):
        state = "is not open yet" if now < speakers_list.opens_at else "is closed"
        raise ProblemError(
            409,
            f"The list of speakers {speakers_list.title!r} {state}: inscriptions are "
            f"taken {window_text(speakers_list, congress)}.",
            title="List of speakers not open",
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
    _check_open(speakers_list, congress, now)
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
        _check_open(speakers_list, congress, now)
    _check_language(congress, data.language)
    before = _entry_state(entry)
    if data.protocol_level is not entry.protocol_level:
        entry.place_level = data.protocol_level.rank
        entry.place_class = CLASS_RANK[entry.delegation.kind]
        entry.place_sequence = entry.sequence
    entry.name, entry.title = data.name, data.title
    entry.protocol_level, entry.language = data.protocol_level, data.language
    session.flush()
    _audit(
        session,
        congress,
        speakers_list,
        "entry.replace",
        caller,
        entry_id=entry.id,
        before=before,
        after=_entry_state(entry),
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
    before = _entry_state(entry)
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
    _audit(
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
        raise _invalid("body.second", "an entry cannot be swapped with itself")
    first = repository.entry_in_list(session, speakers_list.id, first_id)
    second = repository.entry_in_list(session, speakers_list.id, second_id)
    for name, entry, entry_id in (("first", first, first_id), ("second", second, second_id)):
        if entry is None:
            raise _invalid(f"body.{name}", f"no entry {entry_id} on this list")
    assert first is not None and second is not None
    before = {"first": _entry_state(first), "second": _entry_state(second), "reason": reason}
    places = (
        (first.place_level, first.place_class, first.place_sequence),
        (second.place_level, second.place_class, second.place_sequence),
    )
    first.place_level, first.place_class, first.place_sequence = places[1]
    second.place_level, second.place_class, second.place_sequence = places[0]
    session.flush()
    after = {"first": _entry_state(first), "second": _entry_state(second), "reason": reason}
    _audit(
        session,
        congress,
        speakers_list,
        "entry.swap",
        actor,
        entry_id=first.id,
        before=before,
        after=after,
    )


# ---------------------------------------------------------------- order and times


def list_meetings(
    speakers_list: SpeakersList, version: TimetableVersion | None
) -> list[TimetableMeeting]:
    """The published meetings that take up the list's item(s) or the segment, in time order."""
    if version is None:
        return []
    if speakers_list.target == HIGH_LEVEL_SEGMENT:
        chosen = [m for m in version.meetings if m.kind == "high-level"]
    else:
        items = set(speakers_list.agenda_items)
        chosen = [
            m
            for m in version.meetings
            if m.kind in _ITEM_MEETING_KINDS and items.intersection(m.agenda_items)
        ]
    return sorted(chosen, key=lambda m: (m.start, m.key))


@dataclass(frozen=True)
class Schedule:
    version: TimetableVersion | None
    meetings: list[TimetableMeeting]
    entries: list[SpeakerEntry]
    allocation: Allocation[int]


def schedule(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    version: TimetableVersion | None = None,
) -> Schedule:
    """Order and estimated times, from the latest published timetable, computed on read
    so that they move whenever the timetable or the list changes."""
    version = version or timetables.latest_published(session, congress.id)
    meetings = list_meetings(speakers_list, version)
    entries = repository.entries_in_order(session, speakers_list.id)
    windows = [MeetingWindow(m.key, m.start, m.end) for m in meetings]
    allocation = allocate([e.id for e in entries], windows, speakers_list.time_limit_minutes)
    return Schedule(version, meetings, entries, allocation)


def list_summary(
    congress: Congress, speakers_list: SpeakersList, speakers: int, now: dt.datetime
) -> SpeakersListSummary:
    zone = _zone(congress)
    return SpeakersListSummary(
        target=speakers_list.target,
        title=speakers_list.title,
        agenda_items=list(speakers_list.agenda_items),
        opens_at=local(speakers_list.opens_at, zone),
        closes_at=local(speakers_list.closes_at, zone),
        time_zone=congress.time_zone,
        time_limit_minutes=speakers_list.time_limit_minutes,
        statements_per_delegation=speakers_list.statements_per_delegation,
        allowed_kinds=[DelegationKind(k) for k in speakers_list.allowed_kinds],
        is_open=is_open(speakers_list, now),
        speakers=speakers,
    )


def list_public(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    now: dt.datetime,
    *,
    version: TimetableVersion | None = None,
) -> SpeakersListPublic:
    """The list in order with estimated times, against `version` (default: the latest
    published one)."""
    found = schedule(session, congress, speakers_list, version)
    zone = _zone(congress)
    overflow = set(found.allocation.overflow)
    entries = []
    for position, entry in enumerate(found.entries, start=1):
        slot = found.allocation.slots.get(entry.id)
        entries.append(
            ScheduledEntryPublic(
                **entry_public(speakers_list, entry).model_dump(),
                position=position,
                meeting=slot.meeting_key if slot else None,
                estimated_start=slot.start.replace(tzinfo=zone) if slot else None,
                estimated_end=slot.end.replace(tzinfo=zone) if slot else None,
                overflow=entry.id in overflow,
                feed=f"/congresses/{congress.slug}/feeds/speakers/{entry.id}.ics",
            )
        )
    summary = list_summary(congress, speakers_list, len(entries), now)
    return SpeakersListPublic(
        **summary.model_dump(),
        timetable_version=found.version.number if found.version else None,
        meetings=[m.key for m in found.meetings],
        overflow=len(overflow),
        entries=entries,
    )


@dataclass(frozen=True)
class SpeakerSlot:
    """A delegation's speaker in a meeting, for its private calendar feed."""

    list_target: str
    list_title: str
    entry_id: int
    speaker_name: str
    meeting_key: str
    #: Local time of the venue, aware.
    start: dt.datetime
    end: dt.datetime


def speaker_slots_for_delegation(
    session: Session, congress: Congress, delegation_id: int
) -> list[SpeakerSlot]:
    """Estimated slots of a delegation's speakers on every list (overflow has none)."""
    zone = _zone(congress)
    version = timetables.latest_published(session, congress.id)
    slots: list[SpeakerSlot] = []
    for speakers_list in repository.lists_with_entries_of(session, congress.id, delegation_id):
        found = schedule(session, congress, speakers_list, version)
        for entry in found.entries:
            slot = found.allocation.slots.get(entry.id)
            if entry.delegation_id != delegation_id or slot is None:
                continue
            slots.append(
                SpeakerSlot(
                    list_target=speakers_list.target,
                    list_title=speakers_list.title,
                    entry_id=entry.id,
                    speaker_name=entry.name,
                    meeting_key=slot.meeting_key,
                    start=slot.start.replace(tzinfo=zone),
                    end=slot.end.replace(tzinfo=zone),
                )
            )
    return sorted(slots, key=lambda s: (s.start, s.list_target))


def now_utc() -> dt.datetime:
    return utc_now()
