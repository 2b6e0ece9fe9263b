"""Rendering an iCalendar feed (RFC 5545) from plain data: no database, no HTTP.

The icalendar library does the escaping of TEXT values and the folding of long lines;
this module decides what goes in: the calendar properties calendar clients need
(Outlook, Google Calendar, Apple Calendar, Thunderbird), the venue's VTIMEZONE
generated from the IANA zone database, and one VEVENT per meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

PRODID = "-//United Nations congress scheduling service//Organization of work//EN"

#: How often a subscribed client should come back (REFRESH-INTERVAL, RFC 7986, and
#: Outlook's X-PUBLISHED-TTL). An hour: changes to the organization of work are
#: announced the day before, and subscribed clients poll anyway.
REFRESH = dt.timedelta(hours=1)

# Control characters are not allowed in TEXT values (RFC 5545 3.3.11, CONTROL except
# HTAB); line breaks are kept as an escaped "\n" by the library.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """A TEXT value that cannot break the content line: CR LF and CR become LF (which
    the library writes as the two characters "\\n"), other control characters go."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class FeedEvent:
    """One VEVENT: a meeting (or a speaker's slot in one) as a calendar shows it."""

    uid: str
    sequence: int
    #: Local wall-clock times of the venue, with the venue's ZoneInfo attached.
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: str
    url: str
    categories: tuple[str, ...]
    #: When this event last changed in a publication (UTC).
    last_modified: dt.datetime
    cancelled: bool = False


@dataclass(frozen=True)
class CalendarMeta:
    """What the VCALENDAR itself says."""

    name: str  #: X-WR-CALNAME and NAME
    description: str  #: X-WR-CALDESC and DESCRIPTION
    time_zone: str  #: IANA zone of the venue: X-WR-TIMEZONE and the VTIMEZONE
    #: The publication the feed shows (UTC): every DTSTAMP, so that the same
    #: version always renders to the same bytes (and the same ETag).
    published_at: dt.datetime
    first_date: dt.date  #: the VTIMEZONE covers these dates (and a margin)
    last_date: dt.date
    url: str = ""
    language: str = "en"
    extra: dict[str, str] = field(default_factory=dict)


def render_calendar(meta: CalendarMeta, events: Sequence[FeedEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- and RFC 7986 properties are TEXT too (RFC 5545 3.8.8.2), but the library
    # escapes only the types it knows: say so. A calendar's name is one line.
    name = vText(" ".join(clean_text(meta.name).split("\n")))
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", vText(clean_text(meta.description)))
    calendar.add("description", clean_text(meta.description))
    calendar.add("x-wr-timezone", meta.time_zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", _duration(REFRESH))
    if meta.url:
        calendar.add("source", meta.url, parameters={"VALUE": "URI"})
    calendar.add_component(vtimezone(meta.time_zone, meta.first_date, meta.last_date))
    stamp = meta.published_at.astimezone(dt.UTC)
    for event in events:
        calendar.add_component(_vevent(event, stamp, meta.language))
    rendered: bytes = calendar.to_ical()
    return rendered


def _duration(value: dt.timedelta) -> str:
    """An RFC 5545 DURATION of whole minutes, e.g. PT1H or PT90M."""
    minutes = int(value.total_seconds()) // 60
    return f"PT{minutes // 60}H" if minutes % 60 == 0 else f"PT{minutes}M"


def _vevent(event: FeedEvent, stamp: dt.datetime, language: str) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.last_modified.astimezone(dt.UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    vevent.add("summary", clean_text(event.summary), parameters={"LANGUAGE": language})
    if event.location:
        vevent.add("location", clean_text(event.location), parameters={"LANGUAGE": language})
    if event.description:
        vevent.add("description", clean_text(event.description), parameters={"LANGUAGE": language})
    if event.url:
        vevent.add("url", event.url)
    if event.categories:
        vevent.add("categories", [clean_text(c) for c in event.categories])
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    # A meeting blocks the delegate's time; a cancelled one no longer does.
    vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    return vevent


def vtimezone(zone_name: str, first_date: dt.date, last_date: dt.date) -> Timezone:
    """The VTIMEZONE of `zone_name` from the zone database, covering the whole years
    of `first_date`..`last_date`: one STANDARD or DAYLIGHT observance per offset in
    force, each starting at its transition.

    Written out observance by observance (no RRULE) so that it is exact for the
    years concerned whatever rules the zone followed then. DTSTART of an observance
    is the local time *before* the change, in the TZOFFSETFROM offset (RFC 5545
    3.6.5: Vienna moves from 02:00 CET to 03:00 CEST, so DTSTART is 02:00).
    """
    zone = ZoneInfo(zone_name)
    begin = dt.datetime(first_date.year, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    finish = dt.datetime(last_date.year + 1, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    component = Timezone()
    component.add("tzid", zone_name)
    first = begin.astimezone(zone)
    offset = _offset(first)
    component.add_component(_observance(first, offset, offset))
    # Zone rules change offsets at most a few times a year and never twice within
    # a day: scan by day, then find the minute of the change by bisection.
    instant = begin
    while instant < finish:
        following = instant + dt.timedelta(days=1)
        after = _offset(following.astimezone(zone))
        if after != offset:
            low, high = instant, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(middle.astimezone(zone)) == offset:
                    low = middle
                else:
                    high = middle
            change = high.replace(second=0, microsecond=0)
            component.add_component(_observance(change.astimezone(zone), offset, after))
            offset = after
        instant = following
    return component


def _offset(moment: dt.datetime) -> dt.timedelta:
    value = moment.utcoffset()
    assert value is not None
    return value


def _observance(
    local: dt.datetime, offset_from: dt.timedelta, offset_to: dt.timedelta
) -> TimezoneStandard | TimezoneDaylight:
    daylight = bool(local.dst())
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    # Wall-clock time just before the change, in the old offset.
    onset = (local.astimezone(dt.UTC) + offset_from).replace(tzinfo=None)
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    observance.add("tzname", local.tzname() or _offset_name(offset_to))
    return observance


def _offset_name(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
