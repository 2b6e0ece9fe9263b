"""A list in order with each speaker's estimated time, against the published timetable.

Computed on read, so that order and times move whenever the timetable or the list
changes; nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.delegations.models import DelegationKind
from app.speakers import repository
from app.speakers.allocation import Allocation, MeetingWindow, allocate
from app.speakers.models import SpeakerEntry, SpeakersList
from app.speakers.schemas import (
    EntryPublic,
    ScheduledEntryPublic,
    SpeakersListPublic,
    SpeakersListSummary,
)
from app.speakers.window import is_open, local, zone_of
from app.timetables import repository as timetables
from app.timetables.models import TimetableMeeting, TimetableVersion
from scheduler import keys
from scheduler.keys import HIGH_LEVEL_SEGMENT

#: Meeting kinds of a published timetable that take up agenda items.
_ITEM_MEETING_KINDS = frozenset({"agenda", "opening", "closing"})


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


def list_meetings(
    speakers_list: SpeakersList, version: TimetableVersion | None
) -> list[TimetableMeeting]:
    """The published meetings that take up the list's item(s) or the segment, in time order."""
    if version is None:
        return []
    segment = keys.parse_unit(speakers_list.target)
    if speakers_list.target == HIGH_LEVEL_SEGMENT:
        chosen = [m for m in version.meetings if m.kind == "high-level"]
    elif segment is not None and segment.kind == "segment":
        # Another segment: its own meetings, by their keys.
        chosen = [
            m
            for m in version.meetings
            if (found := keys.unit_of_meeting(m.key)) is not None
            and found[0] == speakers_list.target
        ]
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
    zone = zone_of(congress)
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
    zone = zone_of(congress)
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
    zone = zone_of(congress)
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
