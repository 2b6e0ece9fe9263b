"""The one grammar of scheduling-unit and meeting keys.

Keys are public: they are iCal UIDs, the targets of pins, exclusions and lists of speakers,
the identities a diff follows from one published version to the next. So they are built
and read here only; the app imports this module, and nothing else splits or formats them.

Unit keys (what the solver places):
    "cluster-3-5"          agenda items 3 and 5 taken up together (a cluster, stored as "3+5")
    "item-4"               one agenda item on its own
    "workshop-3"           workshop number 3 (by number: titles change, numbers do not)
    "high-level-segment"   the high-level segment
    "opening", "closing", "pre-congress"   fixed events
    "segment-treaty-event" a segment other than the high-level one (by its key)
    "event-signing"        a fixed event of another kind (by its key)

Meeting keys (one per meeting, stable across versions):
    "plenary:cluster-3-5:2"                    the 2nd meeting of a unit in a body
    "workshop-3:1"                             a workshop's 1st meeting (its body may change)
    "plenary:opening"                          a fixed event of a body
    "plenary:event-signing"                    a fixed event of another kind, of a body
    "event:signing"                            a fixed event held in a room, of no body
    "committee-1:informal:2010-04-14:morning"  informal consultations in a free slot
    "ancillary:<request key>"                  an ancillary meeting (side event)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

HIGH_LEVEL_SEGMENT = "high-level-segment"
INFORMAL = "informal"
ANCILLARY = "ancillary"
#: Fixed events as unit keys (the problem's kinds use "_": "pre_congress").
FIXED_EVENTS = ("opening", "closing", "pre-congress")
#: The stored key of the high-level segment (its unit key is HIGH_LEVEL_SEGMENT).
HIGH_LEVEL_SEGMENT_RECORD = "high-level"
SEGMENT_PREFIX = "segment-"
EVENT_PREFIX = "event-"
#: The meeting key's first part of an event held in a room, of no body ("event:<key>").
ROOM_EVENT = "event"

UnitKind = Literal["cluster", "item", "workshop", "high-level-segment", "segment", "fixed-event"]

_CLUSTER = re.compile(r"^cluster-(\d+(?:-\d+)+)$")
_ITEM = re.compile(r"^item-(\d+)$")
_WORKSHOP = re.compile(r"^workshop-(\d+)$")
_NUMBER = re.compile(r"^\d+$")
_SEGMENT = re.compile(r"^segment-([a-z0-9][a-z0-9\-_]*)$")
_EVENT = re.compile(r"^event-([a-z0-9][a-z0-9\-_]*)$")


def cluster_unit(items: Iterable[int]) -> str:
    """ "cluster-3-5" for items 3 and 5."""
    return "cluster-" + "-".join(str(n) for n in items)


def item_unit(number: int) -> str:
    """ "item-4"."""
    return f"item-{number}"


def workshop_unit(number: int) -> str:
    """ "workshop-3"."""
    return f"workshop-{number}"


def fixed_event_unit(kind: str) -> str:
    """ "pre-congress" for the problem's kind "pre_congress"."""
    return kind.replace("_", "-")


def segment_unit(record_key: str) -> str:
    """ "high-level-segment" for the stored key "high-level"; "segment-treaty-event" for
    the segment stored as "treaty-event"."""
    if record_key == HIGH_LEVEL_SEGMENT_RECORD:
        return HIGH_LEVEL_SEGMENT
    return f"{SEGMENT_PREFIX}{record_key}"


def event_unit(record_key: str) -> str:
    """ "event-signing" for a fixed event keyed "signing" (of a kind other than the
    opening, the closing and the pre-Congress consultations)."""
    return f"{EVENT_PREFIX}{record_key}"


def event_meeting(body: str | None, record_key: str) -> str:
    """ "plenary:event-signing" for a body's event; "event:signing" for one held in a room."""
    if body:
        return f"{body}:{event_unit(record_key)}"
    return f"{ROOM_EVENT}:{record_key}"


def cluster_record_key(items: Iterable[int]) -> str:
    """How a cluster is stored and written in seed files: "3+5"."""
    return "+".join(str(n) for n in items)


def cluster_unit_of_record(record_key: str) -> str:
    """ "cluster-3-5" for the stored cluster "3+5"."""
    return cluster_unit(int(n) for n in record_key.split("+"))


@dataclass(frozen=True)
class UnitKey:
    """A parsed unit key."""

    kind: UnitKind
    key: str
    #: Agenda item numbers of a cluster or an item; the workshop's number as (n,).
    numbers: tuple[int, ...] = ()

    @property
    def number(self) -> int | None:
        """The item's or the workshop's number (None for clusters and the rest)."""
        return self.numbers[0] if self.kind in ("item", "workshop") else None


def parse_unit(key: str) -> UnitKey | None:
    """The unit a key names, or None when it is not a unit key."""
    if key == HIGH_LEVEL_SEGMENT:
        return UnitKey("high-level-segment", key)
    if key in FIXED_EVENTS or _EVENT.match(key):
        return UnitKey("fixed-event", key)
    if _SEGMENT.match(key):
        return UnitKey("segment", key)
    for kind, pattern in (("cluster", _CLUSTER), ("item", _ITEM), ("workshop", _WORKSHOP)):
        found = pattern.match(key)
        if found:
            numbers = tuple(int(n) for n in found.group(1).split("-"))
            return UnitKey(kind, key, numbers)  # type: ignore[arg-type]
    return None


def unit_meeting(unit: str, body: str, n: int) -> str:
    """The key of a unit's n-th meeting (1-based) in `body`; workshops leave the body out,
    so that moving a workshop to another room keeps its meetings' identities."""
    if unit.startswith("workshop-"):
        return f"{unit}:{n}"
    return f"{body}:{unit}:{n}"


def fixed_meeting(body: str, kind: str) -> str:
    """ "plenary:opening"."""
    return f"{body}:{fixed_event_unit(kind)}"


def informal_meeting(body: str, date: dt.date, slot: str) -> str:
    """ "committee-1:informal:2010-04-14:morning"."""
    return f"{body}:{INFORMAL}:{date.isoformat()}:{slot}"


def ancillary_meeting(request: str) -> str:
    """ "ancillary:<request key>"."""
    return f"{ANCILLARY}:{request}"


MeetingKind = Literal["unit", "fixed-event", "informal", "ancillary"]


@dataclass(frozen=True)
class MeetingKey:
    """A parsed meeting key."""

    kind: MeetingKind
    key: str
    body: str | None = None
    #: The unit key ("cluster-3-5", "opening"); for ancillary meetings the request's key.
    unit: str = ""
    #: The unit's meeting number (1-based), for unit meetings.
    n: int | None = None
    date: dt.date | None = None
    slot: str | None = None


def parse_meeting(key: str) -> MeetingKey | None:
    """The meeting a key names, or None when it is not a meeting key."""
    if key.startswith(f"{ANCILLARY}:"):
        request = key.removeprefix(f"{ANCILLARY}:")
        return MeetingKey("ancillary", key, unit=request) if request else None
    parts = key.split(":")
    if len(parts) == 2 and parts[0].startswith("workshop-") and _NUMBER.match(parts[1]):
        if parse_unit(parts[0]) is None:
            return None
        return MeetingKey("unit", key, unit=parts[0], n=int(parts[1]))
    if len(parts) == 2 and parts[0] == ROOM_EVENT and parts[1]:
        return MeetingKey("fixed-event", key, unit=event_unit(parts[1]))
    if len(parts) == 2 and (parts[1] in FIXED_EVENTS or _EVENT.match(parts[1])) and parts[0]:
        return MeetingKey("fixed-event", key, body=parts[0], unit=parts[1])
    if len(parts) == 3 and parts[0] and _NUMBER.match(parts[2]):
        if parse_unit(parts[1]) is None:
            return None
        return MeetingKey("unit", key, body=parts[0], unit=parts[1], n=int(parts[2]))
    if len(parts) == 4 and parts[1] == INFORMAL and parts[0]:
        try:
            date = dt.date.fromisoformat(parts[2])
        except ValueError:
            return None
        return MeetingKey("informal", key, body=parts[0], date=date, slot=parts[3])
    return None


def unit_of_meeting(key: str) -> tuple[str, int] | None:
    """("cluster-3-5", 2) for "plenary:cluster-3-5:2"; None for meetings of no unit."""
    parsed = parse_meeting(key)
    if parsed is None or parsed.kind != "unit" or parsed.n is None:
        return None
    return parsed.unit, parsed.n


def workshop_of_meeting(key: str) -> int | None:
    """3 for "workshop-3:1"; None for meetings of no workshop."""
    found = unit_of_meeting(key)
    if found is None:
        return None
    unit = parse_unit(found[0])
    return unit.number if unit is not None and unit.kind == "workshop" else None


def workshop_meeting(number: int, n: int) -> str:
    """ "workshop-3:1", the n-th meeting (1-based) of workshop 3, whatever its body."""
    return f"{workshop_unit(number)}:{n}"


def is_meeting_of(key: str, target: str, n: int) -> bool:
    """Whether `key` is the n-th meeting of the unit `target` (in any body), or the
    ancillary meeting of the request `target`: what a pin of (target, n) holds to.
    Read from the key's shape alone, so that unit keys of any spelling match."""
    return key in (ancillary_meeting(target), f"{target}:{n}") or key.endswith(f":{target}:{n}")


def names_target(key: str, target: str) -> bool:
    """Whether the meeting key names `target` (a unit, or an ancillary request):
    what an exclusion of `target` applies to."""
    return key == ancillary_meeting(target) or target in key.split(":")


def side_event_key(request_id: int) -> str:
    """ "side-event:12": a confirmed side event's identity in pages, feeds and exports."""
    return f"side-event:{request_id}"
