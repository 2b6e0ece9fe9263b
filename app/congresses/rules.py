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
from app.programme.models import FixedEventKind
from app.seeds.schema import UnitRulesSection, WorkshopSection

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
    window_days: int,
    speakers_list_opens: dt.date | None,
    *,
    start: dt.date,
    end: dt.date,
    bodies: Known[str],
) -> list[Violation]:
    found: list[Violation] = []
    if body not in bodies:
        found.append(Violation(("body",), f"unknown body {body!r}"))
    days = (end - start).days + 1
    if window_days > days:
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


class FixedEventLike(Protocol):
    @property
    def kind(self) -> FixedEventKind: ...
    @property
    def body(self) -> str: ...
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
) -> list[Violation]:
    """A fixed event's body, slot and agenda items exist, it has a time, and its date is a
    day of the congress (pre-Congress consultations: up to a week before it; a closing
    may leave its date out, for the last meeting the congress may use)."""
    found: list[Violation] = []
    if event.body not in bodies:
        found.append(Violation(("body",), f"unknown body {event.body!r}"))
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
