"""iCal feeds of the published organization of work.

published versions → history of every meeting (SEQUENCE, cancellations:
`timetables.changes`) → the meetings a feed selects (here) → `FeedEvent`s (`events`, in
the words of `timetables.presentation`) → bytes (`ical.render_calendar`), built once
per published version and kept in a `FeedCache` (`cache`). Which feeds exist: `refs`.

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
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.problems import NotFound
from app.feeds import repository
from app.feeds.cache import BuiltFeed, FeedCache, built, cache_key
from app.feeds.events import (
    FeedWords,
    SideEventEntry,
    SpeakerSlot,
    meeting_event,
    side_event_event,
    speaker_event,
)
from app.feeds.ical import CalendarMeta, FeedEvent, render_calendar
from app.feeds.refs import SIDE_EVENT_FEEDS, FeedRef
from app.feeds.repository import PublishedHead
from app.side_events.programme import side_events_for_feeds
from app.timetables import changes
from app.timetables.changes import MeetingState
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.timetables.presentation import Labeller


def side_event_entries(session: Session, congress_id: int) -> list[SideEventEntry]:
    """The congress's side events as the feeds show them (confirmed, or cancelled where
    they last were), by start time, with their last change."""
    changed = repository.side_event_changes(session, congress_id)
    return [
        SideEventEntry(event, changed[event.id])
        for event in side_events_for_feeds(session, congress_id)
    ]


# ---- choosing the meetings of a feed --------------------------------------------


def _selection(
    words: FeedWords, feed: FeedRef, history: Sequence[MeetingState]
) -> tuple[Callable[[TimetableMeeting], bool], str]:
    """What the feed holds, and its name.

    NotFound for a body, room, item, workshop or segment that neither the congress
    nor any published meeting has: one removed from the congress after it was
    published keeps its feed, so that its subscribers see the cancellations.
    """
    congress = words.congress
    selects: Callable[[TimetableMeeting], bool]
    if feed.kind == "congress":
        return (lambda m: True), ""
    if feed.kind == "side-events":
        return (lambda m: False), words.text("side-events")
    if feed.kind == "body":
        selects = lambda m: m.body_key == feed.key  # noqa: E731
        name = words.labeller.body_name(feed.key, feed.key)[0]
        bodies = ", ".join(b.key for b in words.labels.bodies)
        missing = f"{congress.name} has no body {feed.key!r}; its bodies: {bodies}."
    elif feed.kind == "room":
        room = next((r for r in congress.rooms if r.key == feed.key), None)
        if room is None:
            raise NotFound(
                f"{congress.name} has no room {feed.key!r}; its rooms: "
                + ", ".join(r.key for r in congress.rooms)
                + "."
            )
        return (lambda m: m.room == room.name), f"{words.text('room')}: {room.name}"
    elif feed.kind == "agenda-item":
        number = int(feed.key)
        selects = lambda m: number in m.agenda_items  # noqa: E731
        name = words.items_label([number])
        missing = f"{congress.name} has no agenda item {number}."
    elif feed.kind == "workshop":
        number = int(feed.key)
        selects = lambda m: Labeller.workshop_of(m) == number  # noqa: E731
        title = words.workshop_title(number)
        if title is None:
            title = next((s.meeting.workshop or "" for s in history if selects(s.meeting)), "")
        name = f"{words.text('workshop')} {number}: {title}"
        missing = f"{congress.name} has no workshop {number}."
    else:
        selects = lambda m: m.kind == "high-level"  # noqa: E731
        name = words.text("high-level")
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
    words: FeedWords,
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
    congress = words.congress
    full_name = f"{words.congress_name()} — {name}" if name else words.congress_name()
    stamps = [e.last_modified for e in events]
    if versions:
        stamps.append(_words_since(versions, words))
    elif not stamps:
        stamps.append(
            congress.updated_at
            if congress.updated_at
            else dt.datetime.combine(congress.start_date, dt.time(), dt.UTC)
        )
    dates = [m.date for v in versions for m in v.meetings] + [e.start.date() for e in events]
    return CalendarMeta(
        name=full_name,
        description=f"{full_name}. {words.labels.congress.symbol or ''}".strip(),
        time_zone=congress.time_zone,
        published_at=max(stamps),
        first_date=min([congress.start_date, *dates]),
        last_date=max([congress.end_date, *dates]),
        url=words.url(f"feeds/{path}"),
        language=words.language,
    )


def _words_since(versions: Sequence[TimetableVersion], words: FeedWords) -> dt.datetime:
    """The publication since which the congress's own words (its name, symbol, venue)
    are what the latest version says."""
    since = changes.published_at(versions[-1])
    announced = words.labels.to_json()["congress"]
    for version in reversed(versions):
        if version.snapshot and version.snapshot.get("congress") != announced:
            break
        since = changes.published_at(version)
    return since


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
    words = _latest_words(congress, versions, language, base_url)
    history = changes.published_history(versions, congress)
    selects, name = _selection(words, feed, history)
    events = [meeting_event(words, s) for s in history if selects(s.meeting)]
    chosen: list[SideEventEntry] = []
    if feed.kind == "side-events":
        chosen = list(side_events)
    elif feed.kind == "room":
        # Meetings name their room, and so do side events: the same match.
        room = next(r.name for r in congress.rooms if r.key == feed.key)
        chosen = [s for s in side_events if s.event.room == room]
    if chosen:
        events += [side_event_event(words, s) for s in chosen]
        events.sort(key=lambda e: e.start)  # stable: meetings keep their order
    meta = _calendar_meta(words, versions, name, feed.path, events)
    return built(render_calendar(meta, events), meta.published_at)


def _latest_words(
    congress: Congress, versions: Sequence[TimetableVersion], language: str | None, base_url: str
) -> FeedWords:
    """The words of the latest published version (the congress as it is before any)."""
    labeller = (
        Labeller.of_version(versions[-1], congress, language)
        if versions
        else Labeller.of_congress(congress, language)
    )
    return FeedWords(congress, labeller, base_url)


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
    root = _latest_words(congress, versions, language, base_url)
    # A key may name a meeting of its own and be carried (`also`) by another: a
    # meeting still held wins over a cancelled one, then the meeting of its own.
    ranked: dict[str, tuple[tuple[bool, bool], MeetingState]] = {}
    for known in changes.published_history(versions, congress):
        for key in (known.meeting.key, *known.meeting.also):
            rank = (not known.cancelled, key == known.meeting.key)
            if key not in ranked or rank > ranked[key][0]:
                ranked[key] = (rank, known)
    events = [
        speaker_event(root, slot, ranked[slot.meeting_key][1])
        for slot in sorted(slots, key=lambda s: (s.start, s.slot_id))
        if slot.meeting_key in ranked
    ]
    meta = _calendar_meta(root, versions, name, path, events)
    return built(render_calendar(meta, events), meta.published_at, private=True)


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
    key = cache_key(head, feed, language, base_url)
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
