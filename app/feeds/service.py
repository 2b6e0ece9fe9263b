"""iCal feeds of the published organization of work.

published versions → history of every meeting (SEQUENCE, cancellations) → the meetings
a feed selects → `FeedEvent`s → bytes (`ical.render_calendar`), built once per
published version and kept in a `FeedCache`.

Which meetings each feed holds:

- congress: every meeting of the published timetable, informal consultations and
  ancillary meetings included (marked as such in SUMMARY and CATEGORIES), so that the
  feed matches the published timetable one to one;
- body: the body's meetings, its informal consultations included (delegates of a
  committee follow its informal consultations on the draft resolutions too);
- room: whatever is held in the room, informal consultations included;
- agenda item: the meetings that take the item up (informal consultations take up
  no item and are left out);
- workshop: the workshop's meetings; high-level segment: the segment's meetings;
- side events: every confirmed side event (ancillary meetings organizations request,
  app.side_events); a room's feed holds the confirmed side events in the room too.

A meeting that was published once and is no longer in the latest version stays in
every feed that held it, with STATUS:CANCELLED, its last known times and
SEQUENCE = its last SEQUENCE + 1, so that subscribed clients remove or strike it.
A side event that is no longer confirmed (withdrawn, rejected, or moved by a new
allocation and not yet confirmed again) simply leaves the feeds: its request no longer
holds the room and time it had, so there is nothing to show as cancelled; clients drop
an event that a subscribed feed no longer holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.problems import NotFound
from app.core.types import translated
from app.feeds import repository
from app.feeds.ical import CalendarMeta, FeedEvent, render_calendar
from app.feeds.labels import label
from app.feeds.repository import PublishedHead
from app.side_events.programme import ConfirmedSideEvent, side_events_for_feeds
from app.timetables import changes
from app.timetables.changes import MeetingState
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.timetables.snapshot import Labels, labels_of, labels_of_congress

FeedKind = Literal[
    "congress", "body", "room", "agenda-item", "workshop", "high-level-segment", "side-events"
]

#: The feeds that hold side events.
SIDE_EVENT_FEEDS = ("room", "side-events")

#: Domain part of every UID: fixed, so that UIDs survive a change of host name.
UID_DOMAIN = "congress-scheduler"


@dataclass(frozen=True)
class FeedRef:
    """Which public feed: the kind and the body key, room key, item or workshop number."""

    kind: FeedKind
    key: str = ""

    @property
    def path(self) -> str:
        """Path under /congresses/{c}/feeds/."""
        return {
            "congress": "congress.ics",
            "body": f"bodies/{quote(self.key, safe='')}.ics",
            "room": f"rooms/{quote(self.key, safe='')}.ics",
            "agenda-item": f"agenda-items/{self.key}.ics",
            "workshop": f"workshops/{self.key}.ics",
            "high-level-segment": "high-level-segment.ics",
            "side-events": "side-events.ics",
        }[self.kind]


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


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str  #: strong ETag, quoted
    last_modified: dt.datetime  #: publication of the version shown (UTC)
    private: bool = False


class FeedCache:
    """Feeds already built, and the latest published version of each congress as
    last looked up; least recently used feeds dropped first; safe across threads.

    `head_ttl_s`: for so long a request trusts the latest look-up of "which version
    is published" and is served from memory without touching the database. A new
    publication reaches the feeds within that time (calendar clients poll hourly);
    0 looks it up on every request.
    """

    def __init__(self, max_entries: int = 512, head_ttl_s: float = 1.0) -> None:
        self._entries: OrderedDict[Hashable, BuiltFeed] = OrderedDict()
        self._heads: dict[str, tuple[float, PublishedHead]] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.head_ttl_s = head_ttl_s

    def get(self, key: Hashable) -> BuiltFeed | None:
        with self._lock:
            feed = self._entries.get(key)
            if feed is not None:
                self._entries.move_to_end(key)
            return feed

    def put(self, key: Hashable, feed: BuiltFeed) -> None:
        with self._lock:
            self._entries[key] = feed
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def fresh_head(self, congress_ref: str) -> PublishedHead | None:
        found = self._heads.get(congress_ref)
        if found is None or time.monotonic() - found[0] >= self.head_ttl_s:
            return None
        return found[1]

    def remember_head(self, congress_ref: str, head: PublishedHead) -> None:
        if self.head_ttl_s > 0:
            with self._lock:
                if len(self._heads) >= self.max_entries:
                    self._heads.clear()
                self._heads[congress_ref] = (time.monotonic(), head)


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes for timezone-aware columns: they are UTC;
    # PostgreSQL gives them in the session's zone.
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# ---- reading the congress for labels -------------------------------------------


class _Context:
    """The words of one published version (its snapshot) in the requested language,
    and where links point. The congress's live rows only say which feeds exist and
    where they are; what a feed says comes from what was published."""

    def __init__(
        self, congress: Congress, labels: Labels, language: str | None, base_url: str
    ) -> None:
        self.congress = congress
        self.labels = labels
        self.language = language or "en"
        self.base_url = base_url.rstrip("/")
        self.zone = ZoneInfo(congress.time_zone)
        self.bodies = {b.key: b for b in labels.bodies}
        self.items = {i.number: i for i in labels.agenda_items}
        self.workshops = {w.number: w for w in labels.workshops}
        self._others: dict[int, _Context] = {id(labels): self}

    def of(self, labels: Labels) -> _Context:
        """The same feed in the words of another version (a meeting cancelled since)."""
        found = self._others.get(id(labels))
        if found is None:
            found = _Context(self.congress, labels, self.language, self.base_url)
            self._others[id(labels)] = found
        return found

    def text(self, name: str) -> str:
        return label(name, self.language)

    def congress_name(self) -> str:
        named = self.labels.congress
        return translated(named.name, named.translations.get("name"), self.language)

    def body_name(self, meeting: TimetableMeeting) -> str:
        body = self.bodies.get(meeting.body_key)
        if body is None:
            return meeting.body_name
        return translated(body.name, body.translations, self.language)

    def location(self, meeting: TimetableMeeting) -> str:
        return self.place(meeting.room)

    def place(self, room: str | None) -> str:
        named = self.labels.congress
        venue = translated(named.venue, named.translations.get("venue"), self.language)
        return ", ".join(p for p in (room, venue, named.city) if p)

    def items_label(self, numbers: Iterable[int]) -> str:
        numbers = list(numbers)
        word = self.text("item" if len(numbers) == 1 else "items")
        return f"{word} {', '.join(str(n) for n in numbers)}"

    def workshop_title(self, number: int | None, meeting: TimetableMeeting) -> str:
        workshop = self.workshops.get(number) if number is not None else None
        if workshop is None:
            return meeting.workshop or meeting.title
        if self.language != "en" and isinstance(workshop.translations.get(self.language), str):
            return translated(workshop.title, workshop.translations, self.language)
        return workshop.short_title or workshop.title

    def url(self, path: str) -> str:
        return f"{self.base_url}/congresses/{self.congress.slug}/{path}"

    def meeting_url(self, meeting: TimetableMeeting) -> str:
        # The meeting's page (app.pages), not the JSON timetable: calendar apps open it
        # in a browser. A cancelled meeting's page says when it was cancelled.
        return self.url("meetings/" + quote(meeting.key, safe=":"))


def _workshop_number(meeting: TimetableMeeting) -> int | None:
    return changes.workshop_number(meeting)


def summary_of(ctx: _Context, meeting: TimetableMeeting) -> str:
    """SUMMARY: the body and what it takes up."""
    items = meeting.agenda_items
    if meeting.kind == "ancillary":
        return meeting.title
    if meeting.kind == "informal":
        what = ctx.text("informal")
    elif meeting.kind == "workshop":
        number = _workshop_number(meeting)
        title = ctx.workshop_title(number, meeting)
        what = f"{ctx.text('workshop')} {number}: {title}" if number else title
    elif meeting.kind == "high-level":
        what = ctx.text("high-level")
        if items:
            what += f" ({ctx.items_label(items)})"
    elif meeting.kind == "agenda":
        what = ctx.items_label(items)
    else:  # opening, closing, pre-congress: the fixed event's own title
        what = meeting.title or meeting.kind
        if items:
            what += f" ({ctx.items_label(items)})"
    return f"{ctx.body_name(meeting)} — {what}"


def description_of(ctx: _Context, meeting: TimetableMeeting) -> str:
    """DESCRIPTION: item titles and document symbols, the workshop's full title."""
    lines: list[str] = []
    if meeting.kind == "informal":
        lines.append(f"{ctx.text('informal')} — {ctx.body_name(meeting)}")
    elif meeting.kind in ("opening", "closing", "pre-congress", "ancillary") and meeting.title:
        lines.append(meeting.title)
    number = _workshop_number(meeting)
    if meeting.kind == "workshop" and number is not None and number in ctx.workshops:
        workshop = ctx.workshops[number]
        lines.append(
            f"{ctx.text('workshop')} {number}: "
            + translated(workshop.title, workshop.translations, ctx.language)
        )
        if workshop.documents:
            symbols = ", ".join(d.symbol for d in workshop.documents)
            lines.append(f"{ctx.text('documents')}: {symbols}")
    for n in meeting.agenda_items:
        item = ctx.items.get(n)
        if item is None:
            lines.append(ctx.items_label([n]))
            continue
        lines.append(
            f"{ctx.items_label([n])}. {translated(item.title, item.translations, ctx.language)}"
        )
        if item.documents:
            lines.append(f"{ctx.text('documents')}: " + ", ".join(d.symbol for d in item.documents))
    lines.append(ctx.meeting_url(meeting))
    return "\n".join(lines)


def categories_of(ctx: _Context, meeting: TimetableMeeting) -> tuple[str, ...]:
    found: list[str] = []
    if meeting.body_key:
        found.append(ctx.body_name(meeting))
    if meeting.kind in ("informal", "workshop", "high-level"):
        found.append(ctx.text(meeting.kind))
    found.extend(ctx.items_label([n]) for n in meeting.agenda_items)
    return tuple(found)


def uid_of(congress: Congress, key: str) -> str:
    """Stable across solves and publications while the meeting is the same meeting."""
    return f"{congress.slug}/{key}@{UID_DOMAIN}"


def meeting_event(ctx: _Context, state: MeetingState) -> FeedEvent:
    """A meeting in the words of the last version it was in; its UID from its identity
    across versions (`changes.identity`)."""
    ctx = ctx.of(state.labels)
    meeting = state.meeting
    summary = summary_of(ctx, meeting)
    if state.cancelled:
        summary = f"{ctx.text('cancelled')}: {summary}"
    return FeedEvent(
        uid=uid_of(ctx.congress, state.key),
        sequence=state.sequence,
        start=meeting.start.replace(tzinfo=ctx.zone),
        end=meeting.end.replace(tzinfo=ctx.zone),
        summary=summary,
        location=ctx.location(meeting),
        description=description_of(ctx, meeting),
        url=ctx.meeting_url(meeting),
        categories=categories_of(ctx, meeting),
        last_modified=state.modified_at,
        cancelled=state.cancelled,
    )


def side_event_event(ctx: _Context, entry: SideEventEntry) -> FeedEvent:
    """A confirmed side event, or one that no longer is (cancelled where it last was):
    UID from its stable key, SEQUENCE from its request (it grows with each change of
    day, window or room)."""
    event = entry.event
    lines = [event.title, f"{ctx.text('organizer')}: {event.organizer}"]
    lines.append(f"{event.window_name}, {event.start:%H:%M}–{event.end:%H:%M}")
    if event.agenda_item is not None:
        item = ctx.items.get(event.agenda_item)
        title = f". {translated(item.title, item.translations, ctx.language)}" if item else ""
        lines.append(ctx.items_label([event.agenda_item]) + title)
    if event.workshop is not None:
        workshop = ctx.workshops.get(event.workshop)
        title = translated(workshop.title, workshop.translations, ctx.language) if workshop else ""
        lines.append(f"{ctx.text('workshop')} {event.workshop}: {title}".rstrip(": "))
    url = ctx.url("organization-of-work") + "#" + quote(event.key, safe=":")
    lines.append(url)
    summary = f"{ctx.text('side-event')}: {event.title} — {event.organizer}"
    if event.cancelled:
        summary = f"{ctx.text('cancelled')}: {summary}"
    return FeedEvent(
        uid=uid_of(ctx.congress, event.key),
        sequence=event.sequence,
        start=event.start.replace(tzinfo=ctx.zone),
        end=event.end.replace(tzinfo=ctx.zone),
        summary=summary,
        location=ctx.place(event.room),
        description="\n".join(lines),
        url=url,
        categories=(ctx.text("side-event"),),
        last_modified=entry.modified_at,
        cancelled=event.cancelled,
    )


def side_event_entries(session: Session, congress_id: int) -> list[SideEventEntry]:
    """The congress's side events as the feeds show them (confirmed, or cancelled where
    they last were), by start time, with their last change."""
    changed = repository.side_event_changes(session, congress_id)
    return [
        SideEventEntry(event, _utc(changed[event.id]))
        for event in side_events_for_feeds(session, congress_id)
    ]


# ---- choosing the meetings of a feed --------------------------------------------


def _selection(
    ctx: _Context, feed: FeedRef, history: Sequence[MeetingState]
) -> tuple[Callable[[TimetableMeeting], bool], str]:
    """What the feed holds, and its name.

    NotFound for a body, room, item, workshop or segment that neither the congress
    nor any published meeting has: one removed from the congress after it was
    published keeps its feed, so that its subscribers see the cancellations.
    """
    congress = ctx.congress
    selects: Callable[[TimetableMeeting], bool]
    if feed.kind == "congress":
        return (lambda m: True), ""
    if feed.kind == "side-events":
        return (lambda m: False), ctx.text("side-events")
    if feed.kind == "body":
        body = ctx.bodies.get(feed.key)
        selects = lambda m: m.body_key == feed.key  # noqa: E731
        name = translated(body.name, body.translations, ctx.language) if body else feed.key
        missing = f"{congress.name} has no body {feed.key!r}; its bodies: {', '.join(ctx.bodies)}."
    elif feed.kind == "room":
        room = next((r for r in congress.rooms if r.key == feed.key), None)
        if room is None:
            raise NotFound(
                f"{congress.name} has no room {feed.key!r}; its rooms: "
                + ", ".join(r.key for r in congress.rooms)
                + "."
            )
        return (lambda m: m.room == room.name), f"{ctx.text('room')}: {room.name}"
    elif feed.kind == "agenda-item":
        number = int(feed.key)
        selects = lambda m: number in m.agenda_items  # noqa: E731
        name = ctx.items_label([number])
        missing = f"{congress.name} has no agenda item {number}."
    elif feed.kind == "workshop":
        number = int(feed.key)
        workshop = ctx.workshops.get(number)
        selects = lambda m: _workshop_number(m) == number  # noqa: E731
        title = (
            translated(workshop.title, workshop.translations, ctx.language)
            if workshop
            else next((s.meeting.workshop or "" for s in history if selects(s.meeting)), "")
        )
        name = f"{ctx.text('workshop')} {number}: {title}"
        missing = f"{congress.name} has no workshop {number}."
    else:
        selects = lambda m: m.kind == "high-level"  # noqa: E731
        name = ctx.text("high-level")
        missing = f"{congress.name} has no high-level segment."
    # Which feeds exist is the congress's as it is now (the index lists them so),
    # what they say is the published version's.
    exists = {
        "body": any(b.key == feed.key for b in congress.bodies),
        "agenda-item": feed.kind == "agenda-item"
        and any(i.number == int(feed.key) for i in congress.agenda_items),
        "workshop": feed.kind == "workshop"
        and any(w.number == int(feed.key) for w in congress.workshops),
        "high-level-segment": congress.high_level_segment is not None,
    }[feed.kind]
    if not exists and not any(selects(s.meeting) for s in history):
        raise NotFound(missing)
    return selects, name


def _calendar_meta(
    ctx: _Context,
    versions: Sequence[TimetableVersion],
    name: str,
    path: str,
    events: Sequence[FeedEvent],
) -> CalendarMeta:
    """What the calendar says of itself, stamped with the feed's own last change.

    DTSTAMP and Last-Modified (hence the bytes and the ETag) are the newest
    LAST-MODIFIED of its events, or the publication since which the calendar's own
    words are as they are: a publication that touches none of a feed's events leaves
    the feed byte for byte as it was, so its subscribers get a 304. The side event
    feed may exist before the first publication.
    """
    congress = ctx.congress
    full_name = f"{ctx.congress_name()} — {name}" if name else ctx.congress_name()
    stamps = [e.last_modified for e in events]
    if versions:
        stamps.append(_words_since(versions, ctx))
    elif not stamps:
        stamps.append(
            _utc(congress.updated_at)
            if congress.updated_at
            else dt.datetime.combine(congress.start_date, dt.time(), dt.UTC)
        )
    dates = [m.date for v in versions for m in v.meetings] + [e.start.date() for e in events]
    return CalendarMeta(
        name=full_name,
        description=f"{full_name}. {ctx.labels.congress.symbol or ''}".strip(),
        time_zone=congress.time_zone,
        published_at=max(stamps),
        first_date=min([congress.start_date, *dates]),
        last_date=max([congress.end_date, *dates]),
        url=ctx.url(f"feeds/{path}"),
        language=ctx.language,
    )


def _words_since(versions: Sequence[TimetableVersion], ctx: _Context) -> dt.datetime:
    """The publication since which the congress's own words (its name, symbol, venue)
    are what the latest version says."""
    since = changes.published_at(versions[-1])
    words = ctx.labels.to_json()["congress"]
    for version in reversed(versions):
        if version.snapshot and version.snapshot.get("congress") != words:
            break
        since = changes.published_at(version)
    return since


def _built(body: bytes, published_at: dt.datetime, *, private: bool = False) -> BuiltFeed:
    digest = hashlib.sha256(body).hexdigest()[:32]
    return BuiltFeed(body=body, etag=f'"{digest}"', last_modified=published_at, private=private)


def build_public_feed(
    congress: Congress,
    versions: Sequence[TimetableVersion],
    feed: FeedRef,
    *,
    language: str | None,
    base_url: str,
    side_events: Sequence[SideEventEntry] = (),
) -> BuiltFeed:
    """A public feed from the published versions (oldest first; at least one except
    for the side event feed) and the confirmed side events (for the feeds that hold
    them: a room's and the side event feed)."""
    ctx = _latest_context(congress, versions, language, base_url)
    history = changes.published_history(versions, congress)
    selects, name = _selection(ctx, feed, history)
    events = [meeting_event(ctx, s) for s in history if selects(s.meeting)]
    chosen: list[SideEventEntry] = []
    if feed.kind == "side-events":
        chosen = list(side_events)
    elif feed.kind == "room":
        # Meetings name their room, and so do side events: the same match.
        room = next(r.name for r in congress.rooms if r.key == feed.key)
        chosen = [s for s in side_events if s.event.room == room]
    if chosen:
        events += [side_event_event(ctx, s) for s in chosen]
        events.sort(key=lambda e: e.start)  # stable: meetings keep their order
    meta = _calendar_meta(ctx, versions, name, feed.path, events)
    return _built(render_calendar(meta, events), meta.published_at)


def _latest_context(
    congress: Congress, versions: Sequence[TimetableVersion], language: str | None, base_url: str
) -> _Context:
    """The words of the latest published version (the congress as it is before any)."""
    labels = labels_of(versions[-1], congress) if versions else labels_of_congress(congress)
    return _Context(congress, labels, language, base_url)


def build_speaker_feed(
    congress: Congress,
    versions: Sequence[TimetableVersion],
    slots: Sequence[SpeakerSlot],
    *,
    name: str,
    path: str,
    language: str | None,
    base_url: str,
) -> BuiltFeed:
    """A delegation's or a speaker's private feed: one event per speaker's slot.

    A slot whose meeting is cancelled is cancelled with it, and so is a withdrawn
    speaker's last turn; a slot for a meeting no published version holds is left out
    (the list of speakers is ahead of the timetable).
    """
    root = _latest_context(congress, versions, language, base_url)
    # A key may name a meeting of its own and be carried (`also`) by another: a
    # meeting still held wins over a cancelled one, then the meeting of its own.
    ranked: dict[str, tuple[tuple[bool, bool], MeetingState]] = {}
    for known in changes.published_history(versions, congress):
        for key in (known.meeting.key, *known.meeting.also):
            rank = (not known.cancelled, key == known.meeting.key)
            if key not in ranked or rank > ranked[key][0]:
                ranked[key] = (rank, known)
    events: list[FeedEvent] = []
    for slot in sorted(slots, key=lambda s: (s.start, s.slot_id)):
        if slot.meeting_key not in ranked:
            continue
        state = ranked[slot.meeting_key][1]
        ctx = root.of(state.labels)
        meeting = state.meeting
        sequence, modified_at = _speaker_change(slot, state)
        start = slot.start.replace(tzinfo=ctx.zone)
        end = slot.end.replace(tzinfo=ctx.zone)
        summary = f"{ctx.text('speaker')}: {slot.speaker} ({slot.delegation}) — " + summary_of(
            ctx, meeting
        )
        cancelled = state.cancelled or slot.withdrawn_at is not None
        if cancelled:
            summary = f"{ctx.text('cancelled')}: {summary}"
        estimated = f"{start:%H:%M}–{end:%H:%M}"
        meeting_times = f"{meeting.start:%Y-%m-%d %H:%M}–{meeting.end:%H:%M}"
        description = "\n".join(
            [
                f"{ctx.text('speaker')}: {slot.speaker} ({slot.delegation})",
                f"{ctx.text('estimated')}: {estimated} ({congress.time_zone})",
                f"{summary_of(ctx, meeting)}: {meeting_times}",
                description_of(ctx, meeting),
            ]
        )
        events.append(
            FeedEvent(
                uid=uid_of(congress, f"{slot.meeting_key}/speaker/{slot.slot_id}"),
                sequence=sequence,
                start=start,
                end=end,
                summary=summary,
                location=ctx.location(meeting),
                description=description,
                url=ctx.meeting_url(meeting),
                categories=(*categories_of(ctx, meeting), ctx.text("speaker")),
                last_modified=modified_at,
                cancelled=cancelled,
            )
        )
    meta = _calendar_meta(root, versions, name, path, events)
    return _built(render_calendar(meta, events), meta.published_at, private=True)


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


# ---- the request path --------------------------------------------------------


def head_of(session: Session, congress_ref: str, *, unpublished: bool = False) -> PublishedHead:
    """The congress's head; NotFound without a published version unless `unpublished`
    (the side event feed: side events may be confirmed before the first publication)."""
    head = repository.published_head(session, congress_ref)
    if head is None:
        raise NotFound(
            f"No congress {congress_ref!r}. Use a congress's id or slug, e.g. "
            "twelfth-congress-salvador-2010; GET /congresses lists them."
        )
    if head.version_number is None and not unpublished:
        raise NotFound(
            f"{head.name} has no published timetable yet, so it has no feeds yet. The "
            f"secretariat publishes one with: congress solve {head.slug} --publish"
        )
    return head


def _cache_key(head: PublishedHead, feed: FeedRef, language: str | None, base_url: str) -> Hashable:
    # The congress's own data (titles, translations) shows in the feed too: a seed
    # reload that changes it changes updated_at, and the feed is built again. So do
    # the side events in the feeds that hold them: a confirmation, a move or a
    # withdrawal changes their requests' updated_at.
    return (
        head.congress_id,
        head.congress_updated_at,
        head.version_id,
        head.published_at,
        head.side_events_updated_at if feed.kind in SIDE_EVENT_FEEDS else None,
        feed,
        language or "en",
        base_url,
    )


def cached_feed(
    cache: FeedCache, congress_ref: str, feed: FeedRef, *, language: str | None, base_url: str
) -> BuiltFeed | None:
    """The feed from memory, when the published version was looked up a moment ago."""
    head = cache.fresh_head(congress_ref)
    if head is None:
        return None
    return cache.get(_cache_key(head, feed, language, base_url))


def public_feed(
    session: Session,
    congress_ref: str,
    feed: FeedRef,
    *,
    language: str | None,
    base_url: str,
    cache: FeedCache,
) -> BuiltFeed:
    """The feed, built at most once per published version (and congress data change)."""
    head = head_of(session, congress_ref, unpublished=feed.kind == "side-events")
    cache.remember_head(congress_ref, head)
    key = _cache_key(head, feed, language, base_url)
    cached = cache.get(key)
    if cached is not None:
        return cached
    congress = get_congress(session, str(head.congress_id), full=True)
    versions = repository.published_versions_with_meetings(session, congress.id)
    side_events = side_event_entries(session, congress.id) if feed.kind in SIDE_EVENT_FEEDS else []
    built = build_public_feed(
        congress,
        versions,
        feed,
        language=language,
        base_url=base_url,
        side_events=side_events,
    )
    cache.put(key, built)
    return built


def feed_refs(congress: Congress, language: str | None = None) -> list[tuple[FeedRef, str]]:
    """Every public feed of a congress with its name, in display order."""
    ctx = _Context(congress, labels_of_congress(congress), language, "")
    refs: list[tuple[FeedRef, str]] = [(FeedRef("congress"), ctx.congress_name())]
    refs += [
        (FeedRef("body", b.key), translated(b.name, b.translations, language))
        for b in congress.bodies
    ]
    refs += [(FeedRef("room", r.key), f"{ctx.text('room')}: {r.name}") for r in congress.rooms]
    refs += [
        (
            FeedRef("agenda-item", str(i.number)),
            # The agenda's titles end with a full stop; a name is followed by ": ".
            f"{ctx.items_label([i.number])}. "
            + translated(i.title, i.translations, language).strip().rstrip("."),
        )
        for i in congress.agenda_items
    ]
    refs += [
        (
            FeedRef("workshop", str(w.number)),
            f"{ctx.text('workshop')} {w.number}: "
            + translated(w.title, w.translations, language).strip().rstrip("."),
        )
        for w in congress.workshops
    ]
    if congress.high_level_segment is not None:
        refs.append((FeedRef("high-level-segment"), ctx.text("high-level")))
    refs.append((FeedRef("side-events"), ctx.text("side-events")))
    return refs
