"""The invariants of a congress's configuration, written once for every writer.

Each rule returns the violations it finds as (field path, reason) pairs, the path
relative to the part checked (("end_date",), ("items", 1), ("window", "days")). Each
caller puts them where its input has them: the API as problem+json invalid-params
("body.items[1]", the first violation, `raise_first`), the seed loader as
"file: clusters[2].items[1]: …" lines (every violation, under the section's path).

What a rule needs to know of stored data (the congress's bodies, rooms, slots, …) it
takes as a `Known` collection: the seed's own keys, or a `Lookup` that finds rows in the
database on demand (one query per reference, the found row kept for the writer).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Collection, Container, Hashable, Iterable, Mapping, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from app.core.crud import conflict, invalid
from app.core.problems import field_path
from app.programme.models import SINGLE_KINDS, FixedEventKind
from app.seeds.schema import UnitRulesSection, WorkshopSection
from scheduler.calendar import Calendar, Counts, iso_weekdays
from scheduler.problem import WORKSHOP_SLOT_KINDS

#: A field's path relative to the part a rule checks.
Loc = tuple[str | int, ...]


class Violation(NamedTuple):
    """A broken rule: where, and why (a sentence the organizer can act on)."""

    loc: Loc
    reason: str
    #: 409 when the part clashes with another one (stored, or earlier in the file) rather
    #: than being wrong in itself: the API answers it as a conflict, without a field.
    status: int = 422


#: A congress lasts at most this many days (its end date at most 60 days after its start).
MAX_CONGRESS_DAYS = 60
#: How long before the opening pre-Congress consultations may be held.
MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS = 7

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


#: The keys a reference may name: a set, or a `Lookup`.
Known = Container


class Lookup(Generic[K, R]):
    """A Known whose membership test finds the row (once) with `find`: the API's services
    check references against the database without loading every key, and then take
    the row they checked from `get`."""

    def __init__(self, find: Callable[[K], R | None]) -> None:
        self._find = find
        self._found: dict[K, R | None] = {}

    def get(self, key: K) -> R | None:
        if key not in self._found:
            self._found[key] = self._find(key)
        return self._found[key]

    def found(self, key: K) -> R:
        """The row of a key the rules have found (after `raise_first`)."""
        row = self.get(key)
        if row is None:
            raise LookupError(key)
        return row

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]


def raise_first(violations: Iterable[Violation], *, under: Loc = ()) -> None:
    """The API's answer to a broken rule: a 422 naming the first violation's field."""
    for violation in violations:
        if violation.status == 409:
            reason = violation.reason
            raise conflict(f"{reason[:1].upper()}{reason[1:]}.")
        raise invalid(field_path((*under, *violation.loc)), violation.reason)


def located(violations: Iterable[Violation], *under: str | int) -> list[Violation]:
    """The violations with `under` before their paths (a part's place in a seed file)."""
    return [v._replace(loc=(*under, *v.loc)) for v in violations]


def first_duplicate(values: Iterable[object]) -> list[int]:
    """Positions of the values already seen earlier in the sequence."""
    seen: set[object] = set()
    duplicates = []
    for index, value in enumerate(values):
        if value in seen:
            duplicates.append(index)
        seen.add(value)
    return duplicates


def with_article(name: str) -> str:
    """ "an opening", "a closing"."""
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def event_name(kind: FixedEventKind) -> str:
    """ "pre congress consultations" for FixedEventKind.PRE_CONGRESS_CONSULTATIONS."""
    return kind.value.replace("_", " ")


# The congress and its meeting slots.


class SlotLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> dt.time: ...
    @property
    def end(self) -> dt.time: ...


def congress_dates(start: dt.date, end: dt.date) -> list[Violation]:
    if end < start:
        return [Violation(("end_date",), f"ends on {end} before it starts on {start}")]
    if (end - start).days > MAX_CONGRESS_DAYS:
        return [
            Violation(("end_date",), f"a congress cannot last more than {MAX_CONGRESS_DAYS} days")
        ]
    return []


def meeting_slots(slots: Sequence[SlotLike]) -> list[Violation]:
    """Slot keys are unique, and the slots of a day neither run backwards nor overlap."""
    found: list[Violation] = [
        Violation((index, "key"), f"duplicate key {slots[index].key!r}")
        for index in first_duplicate(slot.key for slot in slots)
    ]
    for index, slot in enumerate(slots):
        if slot.end <= slot.start:
            found.append(Violation((index, "end"), "a meeting slot must end after it starts"))
    if slots and not any(
        getattr(slot, "kind", "formal") in ("formal", "formal_no_interpretation") for slot in slots
    ):
        found.append(
            Violation(
                (0, "kind"),
                "no slot is formal: formal meetings need at least one formal slot "
                "(kind formal or formal_no_interpretation)",
            )
        )
    ordered = sorted(slots, key=lambda s: s.start)
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            found.append(
                Violation(
                    (slots.index(later), "start"), f"overlaps the meeting slot {earlier.key!r}"
                )
            )
    return found


def day_in_congress(
    day: dt.date, start: dt.date, end: dt.date, *, days_before: int = 0
) -> str | None:
    """Why `day` is not a day of the congress (or of the `days_before` before it), if so."""
    earliest = start - dt.timedelta(days=days_before)
    if earliest <= day <= end:
        return None
    extra = (
        f", or up to {days_before} days before it for pre-Congress consultations"
        if days_before
        else ""
    )
    return f"{day} is outside the congress ({start} to {end}{extra})"


def meeting_slot(slot: str, slots: Collection[str]) -> str | None:
    """Why `slot` is not one of the congress's meeting slots, if so."""
    if slot in slots:
        return None
    return f"unknown meeting slot {slot!r}; the slots are: {', '.join(slots)}"


# Bodies, the agenda and workshops.


def body(room: str | None, rooms: Known[str]) -> list[Violation]:
    if room is not None and room not in rooms:
        return [Violation(("room",), f"unknown room {room!r}; add it under rooms first")]
    return []


def agenda_item(body: str | None, labels: Sequence[str], bodies: Known[str]) -> list[Violation]:
    found: list[Violation] = []
    if body is not None and body not in bodies:
        found.append(Violation(("body",), f"unknown body {body!r}"))
    for index in first_duplicate(labels):
        found.append(
            Violation(("sub_items", index, "label"), f"duplicate sub-item label {labels[index]!r}")
        )
    return found


def cluster(
    items: Sequence[int],
    meetings_of: Mapping[int, int | None],
    body_of: Mapping[int, str | None],
    cluster_of: Mapping[int, str],
) -> list[Violation]:
    """A cluster's items exist, are listed once, belong to no other cluster, share one
    body (the items of a cluster are considered together) and leave the meetings to the
    cluster. `meetings_of` and `body_of` hold the agenda's items by number; `cluster_of`
    the key of the other cluster an item is already in."""
    found: list[Violation] = [
        Violation(("items", index), f"agenda item {items[index]} is listed twice")
        for index in first_duplicate(items)
    ]
    for index, number in enumerate(items):
        if number not in meetings_of:
            found.append(Violation(("items", index), f"unknown agenda item {number}"))
            continue
        if number in cluster_of:
            found.append(
                Violation(
                    ("items", index),
                    f"agenda item {number} is already in cluster {cluster_of[number]}; an item "
                    "belongs to at most one cluster",
                    status=409,
                )
            )
        if meetings_of[number] is not None:
            found.append(
                Violation(
                    ("items", index),
                    f"agenda item {number} has its own 'meetings' but is in a cluster; give "
                    "the meetings to the cluster only (set the item's meetings to null)",
                )
            )
    bodies = {body_of[n] for n in items if n in body_of}
    if len(bodies) > 1:
        found.append(
            Violation(
                ("items",),
                "items of a cluster are considered together, so they need the same body; "
                f"found {', '.join(sorted(str(b) for b in bodies))}",
            )
        )
    return found


def workshop(
    body: str | None,
    room: str | None,
    agenda_item: int | None,
    *,
    bodies: Known[str],
    rooms: Known[str],
    items: Known[int],
) -> list[Violation]:
    found: list[Violation] = []
    if body is not None and body not in bodies:
        found.append(Violation(("body",), f"unknown body {body!r}"))
    if room is not None and room not in rooms:
        found.append(Violation(("room",), f"unknown room {room!r}"))
    if agenda_item is not None and agenda_item not in items:
        found.append(Violation(("agenda_item",), f"unknown agenda item {agenda_item}"))
    return found


# The programme: the high-level segment and fixed events.


def high_level_segment(
    body: str,
    window_days: int | None,
    speakers_list_opens: dt.date | None,
    *,
    start: dt.date,
    end: dt.date,
    bodies: Known[str],
    window_dates: Sequence[dt.date] = (),
    meetings: int | None = None,
    slots_per_day: int | None = None,
) -> list[Violation]:
    """A segment's body exists; its window fits the congress (its days no more than the
    congress's, its dates days of the congress); its meetings fit its window."""
    found: list[Violation] = []
    if body not in bodies:
        found.append(Violation(("body",), f"unknown body {body!r}"))
    days = (end - start).days + 1
    for index in first_duplicate(window_dates):
        found.append(
            Violation(("window", "dates", index), f"{window_dates[index]} is listed twice")
        )
    for index, day in enumerate(window_dates):
        if (reason := day_in_congress(day, start, end)) is not None:
            found.append(Violation(("window", "dates", index), reason))
    if meetings is not None and slots_per_day:
        longest = _longest_run(sorted(set(window_dates))) if window_dates else window_days or 0
        if window_days is not None and window_days > days:
            longest = days
        if meetings > longest * slots_per_day:
            found.append(
                Violation(
                    ("meetings",),
                    f"{meetings} contiguous meetings do not fit a window of "
                    f"{longest} consecutive day(s) of {slots_per_day} meeting slot(s)",
                )
            )
    if window_days is not None and window_days > days:
        found.append(
            Violation(
                ("window", "days"),
                f"the window of {window_days} days is longer than the congress ({days} days)",
            )
        )
    if speakers_list_opens and speakers_list_opens > end:
        found.append(
            Violation(
                ("speakers_list_opens",),
                f"{speakers_list_opens} is after the congress ends ({end})",
            )
        )
    return found


class SegmentLike(Protocol):
    @property
    def body(self) -> str: ...
    @property
    def meetings(self) -> int: ...
    @property
    def speakers_list_opens(self) -> dt.date | None: ...
    @property
    def window(self) -> WindowLike: ...


class WindowLike(Protocol):
    @property
    def days(self) -> int | None: ...
    @property
    def dates(self) -> Sequence[dt.date] | None: ...


def segment(
    section: SegmentLike, *, start: dt.date, end: dt.date, bodies: Known[str], slots_per_day: int
) -> list[Violation]:
    """`high_level_segment` for a segment as written (seed section or API body)."""
    return high_level_segment(
        section.body,
        section.window.days,
        section.speakers_list_opens,
        start=start,
        end=end,
        bodies=bodies,
        window_dates=section.window.dates or (),
        meetings=section.meetings,
        slots_per_day=slots_per_day,
    )


def _longest_run(days: Sequence[dt.date]) -> int:
    """The most consecutive days among sorted `days`."""
    best = run = 0
    previous: dt.date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best, previous = max(best, run), day
    return best


def segment_keys(keys: Sequence[str]) -> list[Violation]:
    """Segments have distinct keys."""
    return [
        Violation((index, "key"), f"a second segment with the key {keys[index]!r}")
        for index in first_duplicate(keys)
    ]


class FixedEventLike(Protocol):
    @property
    def kind(self) -> FixedEventKind: ...
    @property
    def body(self) -> str | None: ...
    @property
    def room(self) -> str | None: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def slot(self) -> str | None: ...
    @property
    def start(self) -> dt.time | None: ...
    @property
    def end(self) -> dt.time | None: ...
    @property
    def agenda_items(self) -> Sequence[int]: ...


def fixed_event(
    event: FixedEventLike,
    *,
    start: dt.date,
    end: dt.date,
    bodies: Known[str],
    slots: Collection[str],
    items: Known[int],
    rooms: Known[str] = (),
) -> list[Violation]:
    """A fixed event's body (or room), slot and agenda items exist, it has a time, and
    its date is a day of the congress (pre-Congress consultations: up to a week before
    it; a closing may leave its date out, for the last meeting the congress may use).
    An event is of a body or held in a room, not both; the opening, the closing and the
    pre-Congress consultations are meetings of a body."""
    found: list[Violation] = []
    if event.body is not None and event.room is not None:
        found.append(
            Violation(
                ("room",),
                "an event is of a body (it takes the body's meeting) or held in a room, "
                "not both: leave out one of 'body' and 'room'",
            )
        )
    elif event.body is None and event.room is None:
        found.append(Violation(("body",), "give the body whose meeting it is, or a room"))
    if event.body is not None and event.body not in bodies:
        found.append(Violation(("body",), f"unknown body {event.body!r}"))
    if event.room is not None and event.room not in rooms:
        found.append(Violation(("room",), f"unknown room {event.room!r}"))
    if event.room is not None and event.kind in SINGLE_KINDS:
        found.append(
            Violation(("room",), f"{with_article(event_name(event.kind))} is a meeting of a body")
        )
    if event.date is None:
        if event.kind is not FixedEventKind.CLOSING:
            found.append(Violation(("date",), f"a {event_name(event.kind)} event needs a date"))
    else:
        before = (
            MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS
            if event.kind is FixedEventKind.PRE_CONGRESS_CONSULTATIONS
            else 0
        )
        if (reason := day_in_congress(event.date, start, end, days_before=before)) is not None:
            found.append(Violation(("date",), reason))
    if event.slot is not None:
        if (reason := meeting_slot(event.slot, slots)) is not None:
            found.append(Violation(("slot",), reason))
    elif event.start is None or event.end is None:
        found.append(Violation(("slot",), "give either a meeting slot or both start and end"))
    if event.start is not None and event.end is not None and event.end <= event.start:
        found.append(Violation(("end",), "must be after start"))
    for index, number in enumerate(event.agenda_items):
        if number not in items:
            found.append(Violation(("agenda_items", index), f"unknown agenda item {number}"))
    return found


# The time grid and the calendar.


class DaySlotLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> dt.time | None: ...
    @property
    def end(self) -> dt.time | None: ...


class DaySlotsLike(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def slots(self) -> Sequence[DaySlotLike]: ...


def day_slots(
    days: Sequence[DaySlotsLike], slots: Sequence[SlotLike], start: dt.date, end: dt.date
) -> list[Violation]:
    """A date with its own slots is a day of the congress, listed once; its slots are the
    congress's (by key), once each, and neither run backwards nor overlap."""
    found: list[Violation] = [
        Violation((index, "date"), f"the date {days[index].date} is listed twice")
        for index in first_duplicate(d.date for d in days)
    ]
    by_key = {s.key: s for s in slots}
    for index, day in enumerate(days):
        if (reason := day_in_congress(day.date, start, end)) is not None:
            found.append(Violation((index, "date"), reason))
        for j in first_duplicate(s.key for s in day.slots):
            found.append(
                Violation((index, "slots", j, "key"), f"duplicate slot {day.slots[j].key!r}")
            )
        times: list[tuple[dt.time, dt.time, int]] = []
        for j, slot in enumerate(day.slots):
            if (reason := meeting_slot(slot.key, list(by_key))) is not None:
                found.append(Violation((index, "slots", j, "key"), reason))
                continue
            own = by_key[slot.key]
            s, e = slot.start or own.start, slot.end or own.end
            if e <= s:
                found.append(
                    Violation((index, "slots", j, "end"), "a meeting slot must end after it starts")
                )
            times.append((s, e, j))
        times.sort()
        for (_, e1, j1), (s2, _, j2) in itertools.pairwise(times):
            if s2 < e1:
                found.append(
                    Violation(
                        (index, "slots", j2, "start"),
                        f"overlaps the slot {day.slots[j1].key!r} of {day.date}",
                    )
                )
    return found


class DurationLike(Protocol):
    @property
    def days(self) -> int: ...
    @property
    def counts(self) -> str: ...
    @property
    def includes_pre_session(self) -> bool: ...


class CalendarRulesLike(Protocol):
    @property
    def max_duration(self) -> DurationLike | None: ...
    @property
    def duration(self) -> DurationLike | None: ...
    @property
    def meetings_on_weekends(self) -> bool: ...
    @property
    def meetings_on_holidays(self) -> bool: ...
    @property
    def weekend_days(self) -> Sequence[str]: ...
    @property
    def holidays(self) -> Sequence[dt.date]: ...


def calendar_fits(
    settings: CalendarRulesLike,
    events: Sequence[tuple[FixedEventKind, dt.date | None]],
    *,
    start: dt.date,
    end: dt.date,
    own: Sequence[tuple[bool | None, bool | None]] = (),
) -> list[Violation]:
    """The calendar rules against the fixed events: none on a weekend day or holiday the
    congress does not meet on, none after the last day the duration rule leaves (paths
    relative to the rules). `own`: the (weekends, holidays) rule of each event's body,
    None where it follows the congress's."""
    found: list[Violation] = []
    cal = Calendar(frozenset(iso_weekdays(settings.weekend_days)), frozenset(settings.holidays))
    for index, (kind, day) in enumerate(events):
        if day is None:
            continue
        what = f"the {event_name(kind)} event"
        weekends, holidays = own[index] if index < len(own) else (None, None)
        if weekends is None:
            weekends = settings.meetings_on_weekends
        if holidays is None:
            holidays = settings.meetings_on_holidays
        if not weekends and cal.is_weekend(day):
            found.append(
                Violation(
                    ("meetings_on_weekends",),
                    f"{what} is on {day}, a weekend day of the venue, and the congress holds "
                    "no meetings on weekends; allow them or move the event",
                )
            )
        elif not holidays and cal.is_holiday(day):
            found.append(
                Violation(
                    ("meetings_on_holidays",),
                    f"{what} is on {day}, an official holiday, and the congress holds no "
                    "meetings on holidays; allow them or move the event",
                )
            )
    d = settings.duration
    if d is None:
        return found
    pre = [
        day
        for kind, day in events
        if kind is FixedEventKind.PRE_CONGRESS_CONSULTATIONS and day is not None and day < start
    ]
    first = min(pre) if pre and d.includes_pre_session else start
    counts: Counts = "working" if d.counts == "working" else "calendar"
    last = cal.last_day_of(first, d.days, counts)
    loc: Loc = (
        ("max_duration", "days") if settings.max_duration is not None else ("max_duration_days",)
    )
    unit = "working days" if counts == "working" else "days"
    for kind, day in events:
        if day is not None and day > last:
            found.append(
                Violation(
                    loc,
                    f"{d.days} {unit} from {first} end on {last}, before the "
                    f"{event_name(kind)} event on {day}",
                )
            )
    return found


class FirstMeetingLike(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def slot(self) -> str: ...


class UnavailableLike(Protocol):
    @property
    def dates(self) -> Sequence[dt.date] | None: ...
    @property
    def slots(self) -> Sequence[str]: ...


def body_calendar(
    first_meeting: FirstMeetingLike | None,
    unavailable: Sequence[UnavailableLike],
    *,
    start: dt.date,
    end: dt.date,
    slots: Collection[str],
) -> list[Violation]:
    """A body's first meeting is a day and slot of the congress, and not a cell the body
    is unavailable in; the dates and slots it is unavailable name the congress's."""
    found: list[Violation] = []
    if first_meeting is not None:
        if (reason := day_in_congress(first_meeting.date, start, end)) is not None:
            found.append(Violation(("first_meeting", "date"), reason))
        if (reason := meeting_slot(first_meeting.slot, slots)) is not None:
            found.append(Violation(("first_meeting", "slot"), reason))
        for u in unavailable:
            if (u.dates is None or first_meeting.date in u.dates) and (
                not u.slots or first_meeting.slot in u.slots
            ):
                found.append(
                    Violation(
                        ("first_meeting",),
                        "the body's first meeting falls where it is unavailable",
                    )
                )
                break
    for i, u in enumerate(unavailable):
        for j, day in enumerate(u.dates or ()):
            if (reason := day_in_congress(day, start, end)) is not None:
                found.append(Violation(("unavailable", i, "dates", j), reason))
        for j, slot in enumerate(u.slots):
            if (reason := meeting_slot(slot, slots)) is not None:
                found.append(Violation(("unavailable", i, "slots", j), reason))
    return found


class KindedSlotLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...


def formal_slot(event: FixedEventLike, slots: Sequence[KindedSlotLike]) -> list[Violation]:
    """The opening and the closing are formal meetings: not in an informal or side slot."""
    if event.kind is FixedEventKind.PRE_CONGRESS_CONSULTATIONS or event.slot is None:
        return []
    kind = next((s.kind for s in slots if s.key == event.slot), None)
    if kind in ("informal", "side"):
        return [
            Violation(
                ("slot",),
                f"the {event_name(event.kind)} event is a formal meeting, but the slot "
                f"{event.slot!r} is {kind}",
            )
        ]
    return []


def body_and_events(
    first_meeting: FirstMeetingLike | None,
    unavailable: Sequence[UnavailableLike],
    events: Sequence[tuple[FixedEventKind, dt.date | None, str | None]],
    slot_starts: Mapping[str, dt.time],
) -> list[Violation]:
    """The body's fixed events are not before its first meeting, nor where it is
    unavailable (paths relative to the body)."""
    found: list[Violation] = []
    for kind, day, slot in events:
        if day is None:
            continue
        what = f"the {event_name(kind)} event"
        if first_meeting is not None and first_meeting.slot in slot_starts:
            at = (day, slot_starts.get(slot or "", dt.time(0)))
            first = (first_meeting.date, slot_starts[first_meeting.slot])
            if kind is not FixedEventKind.PRE_CONGRESS_CONSULTATIONS and at < first:
                found.append(
                    Violation(
                        ("first_meeting",),
                        f"{what} of the body on {day} is before its first meeting",
                    )
                )
        for i, u in enumerate(unavailable):
            if (u.dates is None or day in u.dates) and (
                not u.slots or (slot is not None and slot in u.slots)
            ):
                found.append(
                    Violation(
                        ("unavailable", i),
                        f"{what} of the body is on {day}, when it is unavailable",
                    )
                )
    return found


# Agenda units, workshops and tracks: how they are scheduled (issue #15).


def unit_schedule(
    unit: UnitRulesSection,
    meetings: int | None,
    *,
    start: dt.date,
    end: dt.date,
    bodies: Known[str],
    slots_per_day: int,
) -> list[Violation]:
    """An agenda unit's allowed bodies exist, its earliest and latest days are days of the
    congress in that order, and its days hold its `meetings`."""
    allowed = unit.bodies
    earliest, latest = unit.earliest, unit.latest
    found: list[Violation] = [
        Violation(("bodies", index), f"unknown body {key!r}")
        for index, key in enumerate(allowed)
        if key not in bodies
    ]
    found += [
        Violation(("bodies", index), f"body {allowed[index]!r} is listed twice")
        for index in first_duplicate(allowed)
    ]
    for name, day in (("earliest", earliest), ("latest", latest)):
        if day is not None and (reason := day_in_congress(day, start, end)) is not None:
            found.append(Violation((name,), reason))
    if earliest is not None and latest is not None and latest < earliest:
        found.append(Violation(("latest",), f"{latest} is before the earliest day {earliest}"))
    elif meetings and (earliest is not None or latest is not None) and not found:
        first, last = earliest or start, latest or end
        days = (last - first).days + 1
        have = days * slots_per_day
        if meetings > have:
            found.append(
                Violation(
                    ("meetings",),
                    f"{meetings} meetings do not fit from {first} to {last}: "
                    f"{days} day(s) of {slots_per_day} meeting slot(s) hold {have}",
                )
            )
    return found


def workshop_kinds(slot_kinds: Sequence[str]) -> tuple[str, ...]:
    """The kinds of slots a workshop may use: its own, else formal or informal ones."""
    return tuple(slot_kinds) or WORKSHOP_SLOT_KINDS


def workshop_schedule(
    workshop: WorkshopSection,
    *,
    same_day_default: bool,
    bodies: Known[str],
    formal_slots: Sequence[str],
    all_slots: Sequence[str],
) -> list[Violation]:
    """A workshop's allowed bodies exist; one held in a room (a side workshop) names no
    body; only a side workshop names its slots, and they exist; a workshop kept to one
    day has no more meetings than the day has slots for it."""
    meetings, body, allowed = workshop.meetings, workshop.body, workshop.bodies
    room, span, slots = workshop.room, workshop.span, workshop.slots
    found: list[Violation] = [
        Violation(("bodies", index), f"unknown body {key!r}")
        for index, key in enumerate(allowed)
        if key not in bodies
    ]
    if room is not None and (body is not None or allowed):
        found.append(
            Violation(
                ("room",),
                "a workshop held in a room is a meeting in that room, of no body; leave "
                "body and bodies out (or the room)",
            )
        )
    if slots and room is None:
        found.append(
            Violation(("slots",), "only a workshop held in a room (a side workshop) names slots")
        )
    for index, key in enumerate(slots):
        if key not in all_slots:
            found.append(
                Violation(
                    ("slots", index),
                    f"unknown meeting slot {key!r}; the slots are: {', '.join(all_slots)}",
                )
            )
    per_day = len([s for s in all_slots if s in slots]) if slots else len(formal_slots)
    same_day = same_day_default if span is None else span == "same_day"
    if same_day and meetings > per_day and not found:
        found.append(
            Violation(
                ("meetings",),
                f"a workshop kept to one day cannot have {meetings} meetings: the day has "
                f"{per_day} slot(s) for it; set span to consecutive_days or fewer meetings",
            )
        )
    return found


def clustered_item_schedule(number: int, cluster: str, unit: UnitRulesSection) -> list[Violation]:
    """An item in a cluster leaves how it is scheduled to the cluster."""
    return [
        Violation(
            (name,),
            f"agenda item {number} is in cluster {cluster}, which is scheduled as one unit; "
            f"give '{name}' to the cluster",
        )
        for name in ("bodies", "consecutive", "earliest", "latest")
        if getattr(unit, name)
    ]


class TrackLike(Protocol):
    @property
    def units(self) -> Sequence[str]: ...


def tracks(found_tracks: Sequence[TrackLike], units: Known[str]) -> list[Violation]:
    """A track names units the congress has (unit keys: "cluster-3-5", "item-4",
    "workshop-2"), each once."""
    found: list[Violation] = []
    for t_index, track in enumerate(found_tracks):
        for index, key in enumerate(track.units):
            if key not in units:
                found.append(
                    Violation(
                        (t_index, "units", index),
                        f"unknown unit {key!r}; name a cluster (cluster-3-5), an item on its "
                        "own (item-4) or a workshop (workshop-2)",
                    )
                )
        for index in first_duplicate(track.units):
            found.append(
                Violation((t_index, "units", index), f"unit {track.units[index]!r} is listed twice")
            )
    keys = [getattr(t, "key", None) for t in found_tracks]
    for index in first_duplicate(keys):
        found.append(Violation((index, "key"), f"duplicate track key {keys[index]!r}"))
    return found


def fixed_event_keys(events: Sequence[FixedEventLike], keys: Sequence[str]) -> list[Violation]:
    """Fixed events have distinct keys, and a congress has one event at most of each of
    the kinds opening, closing and pre-Congress consultations (their key is their kind
    when written without one)."""
    found = [
        Violation((index, "key"), f"a second fixed event with the key {keys[index]!r}")
        for index in first_duplicate(keys)
    ]
    for index in first_duplicate(
        e.kind if e.kind in SINGLE_KINDS else (i, e.kind) for i, e in enumerate(events)
    ):
        found.append(Violation((index, "kind"), f"a second {event_name(events[index].kind)} event"))
    # Two events cannot hold one body's (or one room's) meeting slot on one day.
    cells: list[object] = [
        (e.body or "", e.room or "", e.date, e.slot) if e.date and e.slot else (i,)
        for i, e in enumerate(events)
    ]
    for index in first_duplicate(cells):
        event = events[index]
        holder = f"the {event.body}" if event.body else event.room
        found.append(
            Violation(
                (index, "slot"),
                f"{holder} already holds another fixed event on {event.date}, {event.slot}",
            )
        )
    return found
