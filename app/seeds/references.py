"""Checks that span several parts of a seed: references, uniqueness, dates.

The configuration's invariants are the API's (app/congresses/rules.py), located here
under each part's place in the file; what is checked only here is what a file can get
wrong on its own: a natural key written twice, or one item in two clusters.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.congresses import rules
from app.congresses.rules import first_duplicate, located
from app.programme.models import HIGH_LEVEL_KEY, default_event_key
from app.seeds.errors import Loc, SeedProblem
from app.seeds.schema import AgendaItemSection, ClusterSection, HighLevelSegmentSection, Seed
from scheduler import keys
from scheduler.keys import cluster_record_key


def _problems(violations: Iterable[rules.Violation]) -> list[SeedProblem]:
    return [SeedProblem(v.loc, v.reason) for v in violations]


def check_references(seed: Seed) -> list[SeedProblem]:
    problems: list[SeedProblem] = []
    problems += _check_congress(seed)
    problems += _check_unique(seed)
    problems += _check_bodies(seed)
    problems += _check_agenda(seed)
    problems += _check_workshops(seed)
    problems += _check_units(seed)
    problems += _check_tracks(seed)
    problems += _check_programme(seed)
    problems += _check_officers(seed)
    return problems


def _check_congress(seed: Seed) -> list[SeedProblem]:
    congress = seed.congress
    day_slots = rules.day_slots(
        seed.day_slots, seed.meeting_slots, congress.start_date, congress.end_date
    )
    events = [(event.kind, event.date) for event in seed.fixed_events]
    bodies = {body.key: body for body in seed.bodies}
    own = [
        (b.meets_on_weekends, b.meets_on_holidays)
        if e.body and (b := bodies.get(e.body))
        else (None, None)
        for e in seed.fixed_events
    ]
    calendar = rules.calendar_fits(
        seed.rules, events, start=congress.start_date, end=congress.end_date, own=own
    )
    return _problems(
        located(rules.congress_dates(congress.start_date, congress.end_date), "congress")
        + located(rules.meeting_slots(seed.meeting_slots), "meeting_slots")
        + located(day_slots, "day_slots")
        + located(calendar, "rules")
    )


def _check_unique(seed: Seed) -> list[SeedProblem]:
    """Natural keys are unique within the file (the API refuses a second one with a 409
    against the database instead)."""
    problems = []
    checks: list[tuple[str, str, list[object]]] = [
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
    return problems


def _check_bodies(seed: Seed) -> list[SeedProblem]:
    rooms = {room.name for room in seed.rooms}
    found: list[rules.Violation] = []
    slots = [slot.key for slot in seed.meeting_slots]
    starts = {slot.key: slot.start for slot in seed.meeting_slots}
    start, end = seed.congress.start_date, seed.congress.end_date
    for index, body in enumerate(seed.bodies):
        found += located(rules.body(body.room, rooms), "bodies", index)
        violations = rules.body_calendar(
            body.first_meeting, body.unavailable, start=start, end=end, slots=slots
        )
        events = [(e.kind, e.date, e.slot) for e in seed.fixed_events if e.body == body.key]
        violations += rules.body_and_events(body.first_meeting, body.unavailable, events, starts)
        found += located(violations, "bodies", index)
    return _problems(found)


def _check_agenda(seed: Seed) -> list[SeedProblem]:
    bodies = {body.key for body in seed.bodies}
    found: list[rules.Violation] = []
    for index, item in enumerate(seed.agenda_items):
        labels = [sub.label for sub in item.sub_items]
        found += located(rules.agenda_item(item.body, labels, bodies), "agenda_items", index)
    meetings_of = {item.number: item.meetings for item in seed.agenda_items}
    body_of = {item.number: item.body for item in seed.agenda_items}
    # An item belongs to at most one cluster: here, to none of the file's earlier ones.
    clustered: dict[int, str] = {}
    for index, cluster in enumerate(seed.clusters):
        violations = rules.cluster(cluster.items, meetings_of, body_of, clustered)
        found += located(violations, "clusters", index)
        key = cluster_record_key(cluster.items)
        for number in cluster.items:
            clustered.setdefault(number, key)
    return _problems(found)


def _check_workshops(seed: Seed) -> list[SeedProblem]:
    bodies = {body.key for body in seed.bodies}
    rooms = {room.name for room in seed.rooms}
    numbers = {item.number for item in seed.agenda_items}
    found: list[rules.Violation] = []
    for index, w in enumerate(seed.workshops):
        violations = rules.workshop(
            w.body, w.room, w.agenda_item, bodies=bodies, rooms=rooms, items=numbers
        )
        found += located(violations, "workshops", index)
    return _problems(found)


def _check_units(seed: Seed) -> list[SeedProblem]:
    """How clusters, items on their own and workshops are scheduled (rules.unit_schedule,
    rules.workshop_schedule)."""
    congress = seed.congress
    bodies = {body.key for body in seed.bodies}
    slots = [slot.key for slot in seed.meeting_slots]
    found: list[rules.Violation] = []
    parts: list[tuple[str, int, AgendaItemSection | ClusterSection]] = [
        ("agenda_items", index, unit) for index, unit in enumerate(seed.agenda_items)
    ]
    parts += [("clusters", index, unit) for index, unit in enumerate(seed.clusters)]
    for section, index, unit in parts:
        days = {"start": congress.start_date, "end": congress.end_date}
        violations = rules.unit_schedule(
            unit, unit.meetings, **days, bodies=bodies, slots_per_day=len(slots)
        )
        found += located(violations, section, index)
    cluster_of = {n: cluster_record_key(c.items) for c in seed.clusters for n in c.items}
    for index, item in enumerate(seed.agenda_items):
        if item.number in cluster_of:
            violations = rules.clustered_item_schedule(item.number, cluster_of[item.number], item)
            found += located(violations, "agenda_items", index)
    same_day = seed.rules.workshops_same_day
    for index, w in enumerate(seed.workshops):
        usable = [s.key for s in seed.meeting_slots if s.kind in rules.workshop_kinds(w.slot_kinds)]
        violations = rules.workshop_schedule(
            w, same_day_default=same_day, bodies=bodies, formal_slots=usable, all_slots=slots
        )
        found += located(violations, "workshops", index)
    return _problems(found)


def seed_units(seed: Seed) -> set[str]:
    """The unit keys a seed's tracks may name."""
    clustered = {n for cluster in seed.clusters for n in cluster.items}
    units = {keys.cluster_unit(cluster.items) for cluster in seed.clusters}
    units |= {keys.item_unit(i.number) for i in seed.agenda_items if i.number not in clustered}
    units |= {keys.workshop_unit(w.number) for w in seed.workshops}
    return units


def _check_tracks(seed: Seed) -> list[SeedProblem]:
    return _problems(located(rules.tracks(seed.rules.tracks, seed_units(seed)), "rules", "tracks"))


def _check_programme(seed: Seed) -> list[SeedProblem]:
    congress = seed.congress
    bodies = {body.key for body in seed.bodies}
    slots = [slot.key for slot in seed.meeting_slots]
    numbers = {item.number for item in seed.agenda_items}
    rooms = {room.name for room in seed.rooms}
    found: list[rules.Violation] = []
    slots_per_day = len(slots)
    segment = seed.high_level_segment
    written: list[tuple[HighLevelSegmentSection, Loc]] = (
        [(segment, ("high_level_segment",))] if segment is not None else []
    )
    written += [(section, ("segments", index)) for index, section in enumerate(seed.segments)]
    first, last, n = congress.start_date, congress.end_date, slots_per_day
    for section, where in written:
        violations = rules.segment(section, start=first, end=last, bodies=bodies, slots_per_day=n)
        found += located(violations, *where)
    for index, section in enumerate(seed.segments):
        if segment is not None and section.key == HIGH_LEVEL_KEY:
            found.append(
                rules.Violation(
                    ("segments", index, "key"),
                    "the high-level segment is already written under high_level_segment; "
                    "write it once",
                )
            )
    found += located(rules.segment_keys([s.key for s in seed.segments]), "segments")
    # One event of each single kind, and distinct keys (the API answers a 409 against
    # the events stored).
    found += located(
        rules.fixed_event_keys(
            seed.fixed_events, [e.key or default_event_key(e.kind) for e in seed.fixed_events]
        ),
        "fixed_events",
    )
    for index, event in enumerate(seed.fixed_events):
        violations = rules.fixed_event(
            event,
            start=congress.start_date,
            end=congress.end_date,
            bodies=bodies,
            slots=slots,
            items=numbers,
            rooms=rooms,
        )
        found += located(violations, "fixed_events", index)
        found += located(rules.formal_slot(event, seed.meeting_slots), "fixed_events", index)
    return _problems(found)


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
