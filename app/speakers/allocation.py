"""Allocation of a list's speakers to its meetings: a pure function, no database.

Speakers fill the meetings in order, each taking the list's time limit, from the
meeting's start; a speaker who no longer fits before a meeting's end goes to the next
meeting. Whoever fits in no meeting is overflow, reported to the secretariat.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class MeetingWindow:
    key: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Slot:
    meeting_key: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Allocation(Generic[K]):
    slots: dict[K, Slot] = field(default_factory=dict)
    #: Speakers, in list order, for whom the meetings have no time left.
    overflow: list[K] = field(default_factory=list)


def allocate(
    speakers: Sequence[K], meetings: Sequence[MeetingWindow], time_limit_minutes: int
) -> Allocation[K]:
    """Estimated start and end of each speaker (in `speakers`' order) in `meetings`."""
    if time_limit_minutes <= 0:
        raise ValueError("the time limit must be positive")
    limit = timedelta(minutes=time_limit_minutes)
    ordered = sorted(meetings, key=lambda m: (m.start, m.key))
    slots: dict[K, Slot] = {}
    overflow: list[K] = []
    index = 0
    cursor = ordered[0].start if ordered else None
    for speaker in speakers:
        while index < len(ordered):
            meeting = ordered[index]
            assert cursor is not None
            cursor = max(cursor, meeting.start)
            if cursor + limit <= meeting.end:
                slots[speaker] = Slot(meeting.key, cursor, cursor + limit)
                cursor += limit
                break
            index += 1
        else:
            overflow.append(speaker)
    return Allocation(slots, overflow)
