"""What changed: the one definition, used by the diff endpoint, the drafts, the changes
page, a cancelled meeting's page, publication (iCal SEQUENCE: `release`) and every feed
(history, cancellations). Nothing else compares two versions; the solver's own
stability measure (`scheduler.diff`) looks at placements only and is not shown.

As pretalx's `schedule/domain/changes.py`: a meeting is what the public sees of it
(its place and times, its room, its wording: titles of its items and workshop in
every language, document symbols, the body's name), taken from the version's own
snapshot (`app.timetables.snapshot`). Two versions differ in a meeting exactly when
that differs; the kinds of change say how.

Identity: a meeting is followed across versions by its key, except informal
consultations, which are filler that the solver (or a manual move) puts in whatever
slot a body leaves empty: they are the informal consultations *of that body in that
slot*, so their identity is the body, date and slot, whatever key the row carries.
A manual move of a placeholder followed by a re-solve that puts it back therefore
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from app.congresses.models import Congress
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.timetables.snapshot import Labels, labels_of
from scheduler import keys


class Change(enum.StrEnum):
    ADDED = "added"
    CANCELLED = "cancelled"
    #: Another day, slot, body or time.
    MOVED = "moved"
    ROOM = "room changed"
    #: What it takes up or how it is called: its title, its items, its workshop, their
    #: titles or documents, its body's name.
    RETITLED = "retitled"


def identity(meeting: TimetableMeeting) -> str:
    """The meeting's identity across versions (and its iCal UID's key)."""
    if meeting.kind == "informal":
        return keys.informal_meeting(meeting.body_key, meeting.date, meeting.slot_key)
    return meeting.key


def workshop_number(meeting: TimetableMeeting) -> int | None:
    """The workshop a meeting belongs to, from its key (or a key it carries)."""
    for key in (meeting.key, *meeting.also):
        number = keys.workshop_of_meeting(key)
        if number is not None:
            return number
    return None


@dataclass(frozen=True)
class Appearance:
    """What the public sees of one meeting in one version, facet by facet."""

    place: tuple[str, str, str, str, str]
    room: str | None
    wording: str


def appearance(meeting: TimetableMeeting, labels: Labels) -> Appearance:
    body = labels.body(meeting.body_key)
    number = workshop_number(meeting)
    workshop = labels.workshop(number) if number is not None else None
    items = [labels.item(n) for n in meeting.agenda_items]
    wording: dict[str, Any] = {
        "kind": meeting.kind,
        "title": meeting.title,
        "agenda_items": list(meeting.agenda_items),
        "workshop": meeting.workshop,
        "also": list(meeting.also),
        "body": [body.name, body.translations] if body else meeting.body_name,
        "item_labels": [
            [i.title, i.translations, [[d.symbol, d.title] for d in i.documents]] if i else None
            for i in items
        ],
        "workshop_label": (
            [
                workshop.title,
                workshop.short_title,
                workshop.translations,
                [[d.symbol, d.title] for d in workshop.documents],
            ]
            if workshop
            else None
        ),
    }
    return Appearance(
        place=(
            meeting.date.isoformat(),
            meeting.slot_key,
            meeting.body_key,
            meeting.start.isoformat(),
            meeting.end.isoformat(),
        ),
        room=meeting.room,
        wording=json.dumps(wording, sort_keys=True, ensure_ascii=False, default=str),
    )


def compare(before: Appearance, after: Appearance) -> tuple[Change, ...]:
    """How a meeting held in both versions changed (empty: not at all)."""
    found: list[Change] = []
    if before.place != after.place:
        found.append(Change.MOVED)
    if before.room != after.room:
        found.append(Change.ROOM)
    if before.wording != after.wording:
        found.append(Change.RETITLED)
    return tuple(found)


@dataclass(frozen=True)
class MeetingChange:
    """One meeting that differs between two versions."""

    key: str
    changes: tuple[Change, ...]
    before: TimetableMeeting | None
    after: TimetableMeeting | None

    def where(self, meeting: TimetableMeeting | None) -> tuple[str, str, str]:
        assert meeting is not None
        return (meeting.date.isoformat(), meeting.slot_key, meeting.body_key)


@dataclass(frozen=True)
class Move:
    """A moved meeting: [date, slot, body] before and after."""

    key: str
    before: tuple[str, str, str]
    after: tuple[str, str, str]


@dataclass(frozen=True)
class VersionDiff:
    """Every meeting that differs between two versions, in the later one's order."""

    meetings: tuple[MeetingChange, ...] = ()

    def _with(self, change: Change) -> list[MeetingChange]:
        return [m for m in self.meetings if change in m.changes]

    @property
    def moved(self) -> tuple[Move, ...]:
        return tuple(
            Move(m.key, m.where(m.before), m.where(m.after)) for m in self._with(Change.MOVED)
        )

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(m.key for m in self._with(Change.ADDED))

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(m.key for m in self._with(Change.CANCELLED))

    @property
    def retitled(self) -> tuple[str, ...]:
        return tuple(m.key for m in self._with(Change.RETITLED))

    @property
    def room_changed(self) -> tuple[str, ...]:
        return tuple(m.key for m in self._with(Change.ROOM))

    @property
    def keys(self) -> set[str]:
        return {m.key for m in self.meetings}

    @property
    def empty(self) -> bool:
        return not self.meetings


def _appearances(
    version: TimetableVersion, labels: Labels
) -> dict[str, tuple[TimetableMeeting, Appearance]]:
    return {identity(m): (m, appearance(m, labels)) for m in _ordered(version.meetings)}


def _ordered(meetings: Iterable[TimetableMeeting]) -> list[TimetableMeeting]:
    return sorted(meetings, key=lambda m: (m.start, m.position, m.key))


def diff(
    before: TimetableVersion, before_labels: Labels, after: TimetableVersion, after_labels: Labels
) -> VersionDiff:
    old = _appearances(before, before_labels)
    new = _appearances(after, after_labels)
    found: list[MeetingChange] = []
    for key, (meeting, seen) in new.items():
        if key not in old:
            found.append(MeetingChange(key, (Change.ADDED,), None, meeting))
            continue
        changes = compare(old[key][1], seen)
        if changes:
            found.append(MeetingChange(key, changes, old[key][0], meeting))
    found += [
        MeetingChange(key, (Change.CANCELLED,), meeting, None)
        for key, (meeting, _) in old.items()
        if key not in new
    ]
    return VersionDiff(tuple(found))


def diff_versions(
    before: TimetableVersion, after: TimetableVersion, congress: Congress
) -> VersionDiff:
    """Two versions (published or draft), each as it shows itself."""
    return diff(before, labels_of(before, congress), after, labels_of(after, congress))


def matches(version: TimetableVersion, other: TimetableVersion) -> bool:
    """Both versions show the same meetings the same way (places, times, rooms, titles)."""
    return diff_versions(other, version, version.congress).empty


def describe(changes: VersionDiff) -> str:
    """The change log a publication writes when the secretariat gives none."""
    if changes.empty:
        return "No meeting moved, was added or was cancelled."
    text = (
        f"{len(changes.moved)} meeting(s) moved, {len(changes.added)} added, "
        f"{len(changes.removed)} cancelled"
    )
    if changes.retitled:
        text += f", {len(changes.retitled)} retitled"
    if changes.room_changed:
        text += f", {len(changes.room_changed)} with another room"
    return text + "."


# ---- the history of every meeting (SEQUENCE, LAST-MODIFIED, cancellations) -----


@dataclass(frozen=True)
class MeetingState:
    """A meeting as the feeds show it after the last version: its latest (or last
    known) form, its SEQUENCE and when it last changed, and whether it is cancelled."""

    key: str
    meeting: TimetableMeeting
    sequence: int
    modified_at: dt.datetime
    cancelled: bool
    #: The labels of the version the meeting was last in (its words as announced).
    labels: Labels
    #: (publication, SEQUENCE from then on), oldest first: what a calendar held when.
    timeline: tuple[tuple[dt.datetime, int], ...] = field(default=())

    def sequence_at(self, moment: dt.datetime) -> int | None:
        """SEQUENCE as of `moment` (None before the meeting was first published)."""
        found = None
        for published_at, sequence in self.timeline:
            if published_at <= moment:
                found = sequence
        return found


@dataclass
class _Seen:
    meeting: TimetableMeeting
    labels: Labels
    seen: Appearance
    sequence: int
    modified_at: dt.datetime
    present: bool
    timeline: list[tuple[dt.datetime, int]]


def history(
    versions: Sequence[tuple[TimetableVersion, Labels, dt.datetime]],
) -> list[MeetingState]:
    """Every meeting ever in `versions` (oldest first, each with its labels and its
    publication time), in the order of the last version it was in.

    SEQUENCE starts at 0, grows by one with each version that changes the meeting
    (`compare`), with its cancellation, and with its return after a cancellation, so
    that it never goes down for a calendar. LAST-MODIFIED is the publication of the
    version that last changed it.
    """
    seen: dict[str, _Seen] = {}
    for version, labels, published_at in versions:
        present = _appearances(version, labels)
        for key, (meeting, now) in present.items():
            before = seen.get(key)
            if before is None:
                seen[key] = _Seen(meeting, labels, now, 0, published_at, True, [(published_at, 0)])
                continue
            changed = not before.present or bool(compare(before.seen, now))
            if changed:
                before.sequence += 1
                before.modified_at = published_at
                before.timeline.append((published_at, before.sequence))
            before.meeting, before.labels, before.seen = meeting, labels, now
            before.present = True
        for key, state in seen.items():
            if state.present and key not in present:
                state.present = False
                state.sequence += 1
                state.modified_at = published_at
                state.timeline.append((published_at, state.sequence))
    return sorted(
        (
            MeetingState(
                key,
                s.meeting,
                s.sequence,
                s.modified_at,
                cancelled=not s.present,
                labels=s.labels,
                timeline=tuple(s.timeline),
            )
            for key, s in seen.items()
        ),
        # Not by position in a version: a feed's order must not change when a re-solve
        # lists the same meetings in another order.
        key=lambda s: (s.meeting.start, s.meeting.body_key, s.cancelled, s.key),
    )


@dataclass(frozen=True)
class Cancellation:
    """A meeting's latest cancellation: the last version that held it, and the next,
    which no longer does."""

    last_held: TimetableVersion
    cancelled_in: TimetableVersion

    @property
    def cancelled_at(self) -> dt.datetime:
        return published_at(self.cancelled_in)


def cancellation(versions: Sequence[TimetableVersion], key: str) -> Cancellation | None:
    """When the meeting `key` (its own key or one it carries) was last cancelled, in
    the published versions (oldest first); None when no version dropped it."""
    for before, after in reversed(list(pairwise(versions))):
        held_before = any(key in (m.key, *m.also) for m in before.meetings)
        held_after = any(key in (m.key, *m.also) for m in after.meetings)
        if held_before and not held_after:
            return Cancellation(before, after)
    return None


def published_at(version: TimetableVersion) -> dt.datetime:
    """When the version was published, in UTC (SQLite gives naive UTC back)."""
    moment = version.published_at or version.created_at
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def published_history(
    versions: Sequence[TimetableVersion], congress: Congress
) -> list[MeetingState]:
    """The history of the published versions (oldest first), each with its snapshot."""
    return history([(v, labels_of(v, congress), published_at(v)) for v in versions])
