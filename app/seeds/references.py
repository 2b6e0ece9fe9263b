"""Checks that span several parts of a seed: references, uniqueness, dates."""

from __future__ import annotations

import datetime as dt
import itertools

from app.programme.models import FixedEventKind
from app.seeds.errors import SeedProblem, first_duplicate
from app.seeds.schema import Seed

#: How long before the opening pre-Congress consultations may be held.
MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS = 7


def check_references(seed: Seed) -> list[SeedProblem]:
    problems: list[SeedProblem] = []
    problems += _check_congress_dates(seed)
    problems += _check_unique(seed)
    problems += _check_bodies_and_rooms(seed)
    problems += _check_agenda(seed)
    problems += _check_workshops(seed)
    problems += _check_programme(seed)
    problems += _check_officers(seed)
    return problems


def _check_congress_dates(seed: Seed) -> list[SeedProblem]:
    congress = seed.congress
    if congress.end_date < congress.start_date:
        return [
            SeedProblem(
                ("congress", "end_date"),
                f"ends on {congress.end_date} before it starts on {congress.start_date}",
            )
        ]
    if (congress.end_date - congress.start_date).days > 60:
        return [SeedProblem(("congress", "end_date"), "a congress cannot last more than 60 days")]
    return []


def _check_unique(seed: Seed) -> list[SeedProblem]:
    problems = []
    checks: list[tuple[str, str, list[object]]] = [
        ("meeting_slots", "key", [s.key for s in seed.meeting_slots]),
        ("rooms", "name", [r.name for r in seed.rooms]),
        ("bodies", "key", [b.key for b in seed.bodies]),
        ("agenda_items", "number", [i.number for i in seed.agenda_items]),
        ("workshops", "number", [w.number for w in seed.workshops]),
        ("delegations", "name", [d.name for d in seed.delegations]),
    ]
    for section, field, values in checks:
        for index in first_duplicate(values):
            problems.append(
                SeedProblem((section, index, field), f"duplicate {field} {values[index]!r}")
            )
    # A document listed twice under one item would break the item-document link
    # table's primary key at load time (an IntegrityError instead of a field).
    listed: list[tuple[str, int, list[str]]] = [
        ("agenda_items", i, item.documents) for i, item in enumerate(seed.agenda_items)
    ] + [("workshops", i, w.documents) for i, w in enumerate(seed.workshops)]
    for section, position, documents in listed:
        for index in first_duplicate(documents):
            problems.append(
                SeedProblem(
                    (section, position, "documents", index),
                    f"document {documents[index]!r} is listed twice",
                )
            )
    slots = sorted(seed.meeting_slots, key=lambda s: s.start)
    for index, slot in enumerate(seed.meeting_slots):
        if slot.end <= slot.start:
            problems.append(
                SeedProblem(
                    ("meeting_slots", index, "end"), "a meeting slot must end after it starts"
                )
            )
    for earlier, later in itertools.pairwise(slots):
        if later.start < earlier.end:
            index = seed.meeting_slots.index(later)
            problems.append(
                SeedProblem(
                    ("meeting_slots", index, "start"),
                    f"overlaps the meeting slot {earlier.key!r}",
                )
            )
    return problems


def _check_bodies_and_rooms(seed: Seed) -> list[SeedProblem]:
    rooms = {room.name for room in seed.rooms}
    problems = []
    for index, body in enumerate(seed.bodies):
        if body.room is not None and body.room not in rooms:
            problems.append(SeedProblem(("bodies", index, "room"), f"unknown room {body.room!r}"))
    return problems


def _check_agenda(seed: Seed) -> list[SeedProblem]:
    bodies = {body.key for body in seed.bodies}
    numbers = {item.number for item in seed.agenda_items}
    problems = []
    for index, item in enumerate(seed.agenda_items):
        if item.body is not None and item.body not in bodies:
            problems.append(
                SeedProblem(("agenda_items", index, "body"), f"unknown body {item.body!r}")
            )
        for label_index in first_duplicate(sub.label for sub in item.sub_items):
            problems.append(
                SeedProblem(
                    ("agenda_items", index, "sub_items", label_index, "label"),
                    f"duplicate sub-item label {item.sub_items[label_index].label!r}",
                )
            )
    by_number = {item.number: item for item in seed.agenda_items}
    clustered: dict[int, int] = {}
    for index, cluster in enumerate(seed.clusters):
        for position, number in enumerate(cluster.items):
            loc = ("clusters", index, "items", position)
            if number not in numbers:
                problems.append(SeedProblem(loc, f"unknown agenda item {number}"))
                continue
            if number in clustered:
                problems.append(
                    SeedProblem(
                        loc, f"agenda item {number} is already in cluster {clustered[number]}"
                    )
                )
            clustered[number] = index
            if by_number[number].meetings is not None:
                problems.append(
                    SeedProblem(
                        loc,
                        f"agenda item {number} has its own 'meetings' but is in a cluster; "
                        "give the meetings to the cluster only",
                    )
                )
        cluster_bodies = {by_number[n].body for n in cluster.items if n in by_number}
        if len(cluster_bodies) > 1:
            problems.append(
                SeedProblem(
                    ("clusters", index, "items"),
                    "items of a cluster are considered together, so they need the same body; "
                    f"found {', '.join(sorted(str(b) for b in cluster_bodies))}",
                )
            )
    return problems


def _check_workshops(seed: Seed) -> list[SeedProblem]:
    bodies = {body.key for body in seed.bodies}
    rooms = {room.name for room in seed.rooms}
    numbers = {item.number for item in seed.agenda_items}
    problems = []
    for index, workshop in enumerate(seed.workshops):
        if workshop.body is not None and workshop.body not in bodies:
            problems.append(
                SeedProblem(("workshops", index, "body"), f"unknown body {workshop.body!r}")
            )
        if workshop.room is not None and workshop.room not in rooms:
            problems.append(
                SeedProblem(("workshops", index, "room"), f"unknown room {workshop.room!r}")
            )
        if workshop.agenda_item is not None and workshop.agenda_item not in numbers:
            problems.append(
                SeedProblem(
                    ("workshops", index, "agenda_item"),
                    f"unknown agenda item {workshop.agenda_item}",
                )
            )
    return problems


def _check_programme(seed: Seed) -> list[SeedProblem]:
    congress = seed.congress
    bodies = {body.key for body in seed.bodies}
    slots = {slot.key for slot in seed.meeting_slots}
    numbers = {item.number for item in seed.agenda_items}
    problems = []
    segment = seed.high_level_segment
    if segment is not None:
        if segment.body not in bodies:
            problems.append(
                SeedProblem(("high_level_segment", "body"), f"unknown body {segment.body!r}")
            )
        days = (congress.end_date - congress.start_date).days + 1
        if segment.window.days > days:
            problems.append(
                SeedProblem(
                    ("high_level_segment", "window", "days"),
                    f"the window of {segment.window.days} days is longer than the congress "
                    f"({days} days)",
                )
            )
        if segment.speakers_list_opens and segment.speakers_list_opens > congress.end_date:
            problems.append(
                SeedProblem(
                    ("high_level_segment", "speakers_list_opens"),
                    f"{segment.speakers_list_opens} is after the congress ends "
                    f"({congress.end_date})",
                )
            )
    kinds_seen: set[FixedEventKind] = set()
    for index, event in enumerate(seed.fixed_events):
        loc = ("fixed_events", index)
        if event.kind in kinds_seen:
            problems.append(SeedProblem((*loc, "kind"), f"a second {event.kind.value} event"))
        kinds_seen.add(event.kind)
        if event.body not in bodies:
            problems.append(SeedProblem((*loc, "body"), f"unknown body {event.body!r}"))
        problems += _check_event_date(seed, index)
        if event.slot is not None and event.slot not in slots:
            problems.append(SeedProblem((*loc, "slot"), f"unknown meeting slot {event.slot!r}"))
        if event.slot is None and (event.start is None or event.end is None):
            problems.append(
                SeedProblem((*loc, "slot"), "give either a meeting slot or both start and end")
            )
        if event.start is not None and event.end is not None and event.end <= event.start:
            problems.append(SeedProblem((*loc, "end"), "must be after start"))
        for position, number in enumerate(event.agenda_items):
            if number not in numbers:
                problems.append(
                    SeedProblem((*loc, "agenda_items", position), f"unknown agenda item {number}")
                )
    return problems


def _check_event_date(seed: Seed, index: int) -> list[SeedProblem]:
    congress = seed.congress
    event = seed.fixed_events[index]
    loc = ("fixed_events", index, "date")
    if event.date is None:
        if event.kind is FixedEventKind.CLOSING:
            return []
        return [SeedProblem(loc, f"a {event.kind.value.replace('_', ' ')} event needs a date")]
    if event.kind is FixedEventKind.PRE_CONGRESS_CONSULTATIONS:
        earliest = congress.start_date - dt.timedelta(days=MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS)
        if not earliest <= event.date <= congress.end_date:
            return [
                SeedProblem(
                    loc,
                    f"{event.date} is outside the congress ({congress.start_date} to "
                    f"{congress.end_date}, or up to {MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS} "
                    "days before it for pre-Congress consultations)",
                )
            ]
        return []
    if not congress.start_date <= event.date <= congress.end_date:
        return [
            SeedProblem(
                loc,
                f"{event.date} is outside the congress "
                f"({congress.start_date} to {congress.end_date})",
            )
        ]
    return []


def _check_officers(seed: Seed) -> list[SeedProblem]:
    delegations = {delegation.name for delegation in seed.delegations}
    problems = []
    committee = seed.officers.general_committee
    if committee is not None and committee.president and committee.president.delegation:
        name = committee.president.delegation
        if name not in delegations:
            problems.append(
                SeedProblem(
                    ("officers", "general_committee", "president", "delegation"),
                    f"unknown delegation {name!r}; list it under delegations",
                )
            )
    for index, name in enumerate(seed.officers.credentials_committee):
        if name not in delegations:
            problems.append(
                SeedProblem(
                    ("officers", "credentials_committee", index),
                    f"unknown delegation {name!r}; list it under delegations",
                )
            )
    for index in first_duplicate(seed.officers.credentials_committee):
        problems.append(SeedProblem(("officers", "credentials_committee", index), "listed twice"))
    # One seat per office and committee: a repeated office would break the officers'
    # unique key at load time (an IntegrityError instead of a field).
    for index in first_duplicate(seed.officers.committee_offices):
        problems.append(SeedProblem(("officers", "committee_offices", index), "listed twice"))
    return problems
