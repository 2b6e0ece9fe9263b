"""The events of a feed: a published meeting, a side event or a speaker's turn as a
`FeedEvent`, in the words of the version it was last in (`timetables.presentation`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from app.congresses.models import Congress
from app.feeds.ical import FeedEvent
from app.feeds.labels import items_label, label
from app.side_events.programme import ConfirmedSideEvent
from app.timetables.changes import MeetingState
from app.timetables.models import TimetableMeeting
from app.timetables.presentation import Labeller
from app.timetables.snapshot import Labels

#: Domain part of every UID: fixed, so that UIDs survive a change of host name.
UID_DOMAIN = "congress-scheduler"


@dataclass(frozen=True)
class SpeakerSlot:
    """A speaker's estimated turn in a meeting, as the lists of speakers give it.

    The speakers' module makes these for a delegation's or a speaker's private feed.
    """

    #: Stable identity of the entry in the list of speakers (part of the UID).
    slot_id: str
    #: Key of the timetable meeting (a key in `also` is accepted too).
    meeting_key: str
    #: Estimated local wall-clock times of the venue (naive, like meetings' times).
    start: dt.datetime
    end: dt.datetime
    speaker: str
    delegation: str
    #: The changes of the entry's list since its inscription (0 for a new entry):
    #: each may move its estimate. The meeting's changes since are added to it.
    sequence: int = 0
    #: When the entry was inscribed (UTC), and when its list last changed since.
    since: dt.datetime | None = None
    modified_at: dt.datetime | None = None
    #: When the entry was withdrawn (UTC): its turn is then cancelled, and its SEQUENCE
    #: and LAST-MODIFIED stay as the withdrawal left them.
    withdrawn_at: dt.datetime | None = None


@dataclass(frozen=True)
class SideEventEntry:
    """A confirmed side event and when its request last changed (LAST-MODIFIED)."""

    event: ConfirmedSideEvent
    modified_at: dt.datetime


class FeedWords:
    """What a feed says: the words of one published version (its snapshot) in the
    feed's language, the feed's own fixed words, and where links point. The congress's
    live rows only say which feeds exist and where they are; what a feed says comes
    from what was published."""

    def __init__(self, congress: Congress, labeller: Labeller, base_url: str) -> None:
        self.congress = congress
        self.labeller = labeller
        self.base_url = base_url.rstrip("/")
        self._others: dict[int, FeedWords] = {id(labeller.labels): self}

    @property
    def labels(self) -> Labels:
        return self.labeller.labels

    @property
    def language(self) -> str:
        return self.labeller.language

    def of(self, labels: Labels) -> FeedWords:
        """The same feed in the words of another version (a meeting cancelled since)."""
        found = self._others.get(id(labels))
        if found is None:
            found = FeedWords(self.congress, self.labeller.with_labels(labels), self.base_url)
            self._others[id(labels)] = found
        return found

    def text(self, name: str) -> str:
        return label(name, self.language)

    def congress_name(self) -> str:
        return self.labeller.congress_name()[0]

    def body_name(self, meeting: TimetableMeeting) -> str:
        return self.labeller.meeting_body(meeting)[0]

    def location(self, meeting: TimetableMeeting) -> str:
        return self.place(meeting.room)

    def place(self, room: str | None) -> str:
        venue = self.labeller.congress_venue()[0]
        return ", ".join(p for p in (room, venue, self.labels.congress.city) if p)

    def items_label(self, numbers: Iterable[int]) -> str:
        return items_label(numbers, self.language)

    def item_title(self, number: int) -> str | None:
        found = self.labeller.item_title(number)
        return found[0] if found else None

    def workshop_title(self, number: int | None) -> str | None:
        """The workshop's full title."""
        found = self.labeller.workshop_title(number)
        return found[0] if found else None

    def workshop_name(self, number: int | None, meeting: TimetableMeeting) -> str:
        """The workshop's name (`Labeller.workshop_name`); the meeting's own words for
        a workshop the version does not know."""
        found = self.labeller.workshop_name(number)
        return found[0] if found else meeting.workshop or meeting.title

    def url(self, path: str) -> str:
        return f"{self.base_url}/congresses/{self.congress.slug}/{path}"

    def meeting_url(self, meeting: TimetableMeeting) -> str:
        # The meeting's page (app.pages), not the JSON timetable: calendar apps open it
        # in a browser. A cancelled meeting's page says when it was cancelled.
        return self.url("meetings/" + quote(meeting.key, safe=":"))


def uid_of(congress: Congress, key: str) -> str:
    """Stable across solves and publications while the meeting is the same meeting."""
    return f"{congress.slug}/{key}@{UID_DOMAIN}"


def summary_of(words: FeedWords, meeting: TimetableMeeting) -> str:
    """SUMMARY: the body and what it takes up."""
    items = meeting.agenda_items
    if meeting.kind == "ancillary":
        return meeting.title
    if meeting.kind == "informal":
        what = words.text("informal")
    elif meeting.kind == "workshop":
        number = Labeller.workshop_of(meeting)
        title = words.workshop_name(number, meeting)
        what = f"{words.text('workshop')} {number}: {title}" if number else title
    elif meeting.kind == "high-level":
        what = words.text("high-level")
        if items:
            what += f" ({words.items_label(items)})"
    elif meeting.kind == "agenda":
        what = words.items_label(items)
    else:  # opening, closing, pre-congress: the fixed event's own title
        what = meeting.title or meeting.kind
        if items:
            what += f" ({words.items_label(items)})"
    return f"{words.body_name(meeting)} — {what}"


def description_of(words: FeedWords, meeting: TimetableMeeting) -> str:
    """DESCRIPTION: item titles and document symbols, the workshop's full title."""
    lines: list[str] = []
    if meeting.kind == "informal":
        lines.append(f"{words.text('informal')} — {words.body_name(meeting)}")
    elif meeting.kind in ("opening", "closing", "pre-congress", "ancillary") and meeting.title:
        lines.append(meeting.title)
    number = Labeller.workshop_of(meeting)
    workshop = words.labeller.workshop(number) if meeting.kind == "workshop" else None
    if workshop is not None:
        lines.append(f"{words.text('workshop')} {number}: {words.workshop_title(number)}")
        if workshop.documents:
            symbols = ", ".join(d.symbol for d in workshop.documents)
            lines.append(f"{words.text('documents')}: {symbols}")
    for n in meeting.agenda_items:
        item = words.labeller.item(n)
        if item is None:
            lines.append(words.items_label([n]))
            continue
        lines.append(f"{words.items_label([n])}. {words.item_title(n)}")
        if item.documents:
            lines.append(
                f"{words.text('documents')}: " + ", ".join(d.symbol for d in item.documents)
            )
    lines.append(words.meeting_url(meeting))
    return "\n".join(lines)


def categories_of(words: FeedWords, meeting: TimetableMeeting) -> tuple[str, ...]:
    found: list[str] = []
    if meeting.body_key:
        found.append(words.body_name(meeting))
    if meeting.kind in ("informal", "workshop", "high-level"):
        found.append(words.text(meeting.kind))
    found.extend(words.items_label([n]) for n in meeting.agenda_items)
    return tuple(found)


def meeting_event(words: FeedWords, state: MeetingState) -> FeedEvent:
    """A meeting in the words of the last version it was in; its UID from its identity
    across versions (`changes.identity`)."""
    words = words.of(state.labels)
    meeting = state.meeting
    summary = summary_of(words, meeting)
    if state.cancelled:
        summary = f"{words.text('cancelled')}: {summary}"
    return FeedEvent(
        uid=uid_of(words.congress, state.key),
        sequence=state.sequence,
        start=words.labeller.local(meeting.start),
        end=words.labeller.local(meeting.end),
        summary=summary,
        location=words.location(meeting),
        description=description_of(words, meeting),
        url=words.meeting_url(meeting),
        categories=categories_of(words, meeting),
        last_modified=state.modified_at,
        cancelled=state.cancelled,
    )


def side_event_event(words: FeedWords, entry: SideEventEntry) -> FeedEvent:
    """A confirmed side event, or one that no longer is (cancelled where it last was):
    UID from its stable key, SEQUENCE from its request (it grows with each change of
    day, window or room)."""
    event = entry.event
    lines = [event.title, f"{words.text('organizer')}: {event.organizer}"]
    lines.append(f"{event.window_name}, {event.start:%H:%M}–{event.end:%H:%M}")
    if event.agenda_item is not None:
        item_title = words.item_title(event.agenda_item)
        title = f". {item_title}" if item_title is not None else ""
        lines.append(words.items_label([event.agenda_item]) + title)
    if event.workshop is not None:
        title = words.workshop_title(event.workshop) or ""
        lines.append(f"{words.text('workshop')} {event.workshop}: {title}".rstrip(": "))
    url = words.url("organization-of-work") + "#" + quote(event.key, safe=":")
    lines.append(url)
    summary = f"{words.text('side-event')}: {event.title} — {event.organizer}"
    if event.cancelled:
        summary = f"{words.text('cancelled')}: {summary}"
    return FeedEvent(
        uid=uid_of(words.congress, event.key),
        sequence=event.sequence,
        start=words.labeller.local(event.start),
        end=words.labeller.local(event.end),
        summary=summary,
        location=words.place(event.room),
        description="\n".join(lines),
        url=url,
        categories=(words.text("side-event"),),
        last_modified=entry.modified_at,
        cancelled=event.cancelled,
    )


def speaker_event(root: FeedWords, slot: SpeakerSlot, state: MeetingState) -> FeedEvent:
    """A speaker's estimated turn in a meeting, in the words of the version the meeting
    was last in; cancelled with its meeting, or when the speaker withdrew."""
    words = root.of(state.labels)
    congress = words.congress
    meeting = state.meeting
    sequence, modified_at = _speaker_change(slot, state)
    start = words.labeller.local(slot.start)
    end = words.labeller.local(slot.end)
    summary = f"{words.text('speaker')}: {slot.speaker} ({slot.delegation}) — " + summary_of(
        words, meeting
    )
    cancelled = state.cancelled or slot.withdrawn_at is not None
    if cancelled:
        summary = f"{words.text('cancelled')}: {summary}"
    estimated = f"{start:%H:%M}–{end:%H:%M}"
    meeting_times = f"{meeting.start:%Y-%m-%d %H:%M}–{meeting.end:%H:%M}"
    description = "\n".join(
        [
            f"{words.text('speaker')}: {slot.speaker} ({slot.delegation})",
            f"{words.text('estimated')}: {estimated} ({congress.time_zone})",
            f"{summary_of(words, meeting)}: {meeting_times}",
            description_of(words, meeting),
        ]
    )
    return FeedEvent(
        uid=uid_of(congress, f"{slot.meeting_key}/speaker/{slot.slot_id}"),
        sequence=sequence,
        start=start,
        end=end,
        summary=summary,
        location=words.location(meeting),
        description=description,
        url=words.meeting_url(meeting),
        categories=(*categories_of(words, meeting), words.text("speaker")),
        last_modified=modified_at,
        cancelled=cancelled,
    )


def _speaker_change(slot: SpeakerSlot, state: MeetingState) -> tuple[int, dt.datetime]:
    """SEQUENCE and LAST-MODIFIED of a speaker's event: 0 and the time of the
    inscription when created, then one more for each change of the estimate (its
    list's changes since) and of the meeting (its versions since), up to the entry's
    withdrawal: the cancelled event is final, later changes no longer concern it."""
    if slot.since is None:  # a caller that knows no inscription: the list's count
        return state.sequence + slot.sequence, state.modified_at
    held = state.sequence_at(slot.since)
    if held is None:  # the meeting was first published after the inscription
        held = state.timeline[0][1] if state.timeline else 0
    modified_at = slot.modified_at or slot.since
    if slot.withdrawn_at is not None:
        # The withdrawal is counted in slot.sequence (one change of the list more);
        # of the meeting's versions, those published before it.
        then = state.sequence_at(slot.withdrawn_at)
        return slot.sequence + max((then if then is not None else held) - held, 0), modified_at
    meeting_changes = state.sequence - held
    if meeting_changes and state.modified_at > modified_at:
        modified_at = state.modified_at
    return slot.sequence + meeting_changes, modified_at
