"""Database rows -> `scheduler.Problem`: the one arrow from persistence into the solver,
and the one place that chooses which units the scheduler places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

import scheduler
import scheduler.problem
from app.agenda.models import AgendaItem, Cluster
from app.congresses.models import Congress
from app.programme import repository
from app.programme.models import HIGH_LEVEL_KEY, FixedEvent, HighLevelSegment
from scheduler import keys


@dataclass(frozen=True)
class ChosenUnit:
    """An agenda unit the scheduler places: a cluster, or an item on its own."""

    key: str
    numbers: tuple[int, ...]
    meetings: int
    #: The row that says how it is scheduled (its bodies, consecutiveness and days).
    row: Cluster | AgendaItem | None = None


def agenda_units(
    clusters: Iterable[Cluster], items: Iterable[AgendaItem], events: Iterable[FixedEvent]
) -> Iterator[ChosenUnit]:
    """Every cluster; then every item that is in no cluster, is not taken up by a fixed
    event (the opening takes up items 1 and 2), has a body and meetings."""
    clustered: set[int] = set()
    for cluster in clusters:
        numbers = cluster.item_numbers
        clustered.update(numbers)
        yield ChosenUnit(keys.cluster_unit(numbers), tuple(numbers), cluster.meetings, cluster)
    taken_up = {n for event in events for n in event.agenda_items}
    for item in items:
        if item.number in clustered or item.number in taken_up:
            continue
        if item.body is not None and item.meetings:
            yield ChosenUnit(keys.item_unit(item.number), (item.number,), item.meetings, item)


def scheduling_units(session: Session, congress_id: int) -> dict[str, int]:
    """Unit key -> its number of meetings, for every unit the scheduler places: what
    pins and exclusions may name. (A cluster whose items have no body yet is named here,
    though build_problem leaves it out until it has one.)"""
    events = list(session.scalars(repository.fixed_events(congress_id, None)))
    units = {
        unit.key: unit.meetings
        for unit in agenda_units(
            repository.clusters(session, congress_id),
            repository.agenda_items(session, congress_id),
            events,
        )
    }
    for workshop in repository.workshops(session, congress_id):
        units[keys.workshop_unit(workshop.number)] = workshop.meetings
    for segment in session.scalars(repository.segments(congress_id)):
        units[keys.segment_unit(segment.key)] = segment.meetings
    return units


def build_problem(session: Session, congress: Congress) -> scheduler.Problem:
    """Everything the scheduler needs to know about `congress`, as plain data."""
    items_by_number = {item.number: item for item in congress.agenda_items}
    units: list[scheduler.AgendaUnit] = []
    for unit in agenda_units(congress.clusters, congress.agenda_items, congress.fixed_events):
        body = items_by_number[unit.numbers[0]].body
        if body is None:
            continue  # a cluster whose items have no body yet
        units.append(
            scheduler.AgendaUnit(
                key=unit.key,
                items=unit.numbers,
                meetings=unit.meetings,
                title=" / ".join(items_by_number[n].title for n in unit.numbers),
                **_unit_rules(unit, body.key, congress),
            )
        )

    segment = congress.high_level_segment
    sources: dict[str, str] = dict(congress.sources or {})

    return scheduler.Problem(
        name=congress.name,
        time_zone=congress.time_zone,
        start_date=congress.start_date,
        end_date=congress.end_date,
        slots=tuple(
            scheduler.Slot(
                key=s.key, name=s.name, start=s.start_time, end=s.end_time, kind=_slot_kind(s.kind)
            )
            for s in congress.meeting_slots
        ),
        day_slots=_day_slots(congress),
        calendar=calendar_of(congress),
        bodies=tuple(
            scheduler.Body(
                key=b.key,
                name=b.name,
                kind=b.kind.value,
                room=b.room.name if b.room else None,
                expected_attendance=b.expected_attendance or 0,
                meets_after_opening=b.meets_after_opening,
                meets_before_closing=b.meets_before_closing,
                first_meeting=(
                    (b.first_meeting_date, b.first_meeting_slot)
                    if b.first_meeting_date is not None and b.first_meeting_slot is not None
                    else None
                ),
                unavailable=tuple(_unavailable(u) for u in b.unavailable or []),
                meets_on_weekends=b.meets_on_weekends,
                meets_on_holidays=b.meets_on_holidays,
            )
            for b in congress.bodies
        ),
        rooms=tuple(
            scheduler.Room(name=r.name, capacity=r.capacity, interpretation=r.interpretation)
            for r in congress.rooms
        ),
        agenda_items=tuple(
            scheduler.AgendaItem(
                number=i.number, title=i.title, body=i.body.key if i.body else None
            )
            for i in congress.agenda_items
        ),
        units=tuple(units),
        workshops=tuple(
            scheduler.Workshop(
                number=w.number,
                title=w.title,
                short_title=w.short_title or "",
                meetings=w.meetings,
                bodies=tuple(dict.fromkeys(([w.body.key] if w.body else []) + (w.bodies or []))),
                agenda_item=w.agenda_item.number if w.agenda_item else None,
                slot_kinds=tuple(_slot_kind(k) for k in w.slot_kinds or []),
                span=w.span,  # type: ignore[arg-type]
                start=w.start or "any",  # type: ignore[arg-type]
                room=w.room.name if w.room else None,
                slots=tuple(w.slots or ()),
            )
            for w in congress.workshops
        ),
        high_level_segment=_segment(segment) if segment is not None else None,
        segments=tuple(_segment(s) for s in congress.segments if s.key != HIGH_LEVEL_KEY),
        fixed_events=tuple(
            scheduler.FixedEvent(
                kind=e.kind.value,
                title=e.title,
                body=e.body.key if e.body else "",
                room=e.room.name if e.room else None,
                key=e.key,
                source=e.source or "",
                date=e.date,
                slot=e.slot_key,
                start=e.start_time,
                end=e.end_time,
                agenda_items=tuple(e.agenda_items),
                takes_up_next_unit=e.takes_up_next_unit,
            )
            for e in congress.fixed_events
        ),
        tracks=tuple(
            scheduler.Track(
                key=t["key"],
                units=tuple(t["units"]),
                strength=t.get("strength", "hard"),
                weight=t.get("weight", 100),
                name=t.get("name") or "",
            )
            for t in congress.tracks or ()
        ),
        pins=tuple(_pins(session, congress)),
        exclusions=tuple(_exclusions(session, congress)),
        rules=scheduler.Rules(
            max_parallel_meetings=congress.max_parallel_meetings,
            max_duration=(
                scheduler.Duration(
                    days=congress.max_duration_days,
                    counts="working" if congress.max_duration_counts == "working" else "calendar",
                    includes_pre_session=congress.max_duration_includes_pre_session,
                )
                if congress.max_duration_days is not None
                else None
            ),
            meetings_on_weekends=congress.meetings_on_weekends,
            meetings_on_holidays=congress.meetings_on_holidays,
            workshops_same_day=congress.workshops_same_day,
            agenda_order="hard" if congress.agenda_order_within_body else "off",
        ),
        weights=scheduler.Weights(**congress.preference_weights),
        sources=sources,
    )


def _slot_kind(value: str) -> scheduler.problem.SlotKind:
    for kind in scheduler.problem.SLOT_KINDS:
        if kind == value:
            return kind
    return "formal"


def calendar_of(congress: Congress) -> scheduler.Calendar:
    """The venue's calendar: its weekend days and official holidays (also the
    documentation plan's)."""
    return scheduler.Calendar(
        frozenset(congress.weekend_days or ()),
        frozenset(dt.date.fromisoformat(d) for d in congress.holidays or ()),
    )


def _day_slots(congress: Congress) -> tuple[scheduler.DaySlots, ...]:
    """Dates with their own slots; a slot's times default to its every-day times."""
    by_key = {s.key: s for s in congress.meeting_slots}
    out: list[scheduler.DaySlots] = []
    for entry in congress.day_slots or []:
        slots: list[scheduler.Slot] = []
        for s in entry.get("slots", []):
            own = by_key.get(s["key"])
            if own is None:
                continue
            start = dt.time.fromisoformat(s["start"]) if s.get("start") else own.start_time
            end = dt.time.fromisoformat(s["end"]) if s.get("end") else own.end_time
            slots.append(scheduler.Slot(own.key, own.name, start, end, kind=_slot_kind(own.kind)))
        out.append(scheduler.DaySlots(dt.date.fromisoformat(entry["date"]), tuple(slots)))
    return tuple(out)


def _unavailable(entry: dict[str, Any]) -> scheduler.Unavailable:
    dates = entry.get("dates")
    return scheduler.Unavailable(
        dates=tuple(dt.date.fromisoformat(d) for d in dates) if dates is not None else None,
        slots=tuple(entry.get("slots") or ()),
    )


def _unit_rules(unit: ChosenUnit, body: str, congress: Congress) -> dict[str, Any]:
    """A unit's bodies, consecutiveness (its own, else the congress's) and days."""
    row = unit.row
    allowed = tuple(row.bodies or ()) if row is not None else ()
    return {
        "body": allowed[0] if allowed else body,
        "bodies": allowed if len(allowed) > 1 else (),
        "consecutive": (row.consecutive if row is not None else None)
        or congress.units_consecutive
        or "hard",
        "earliest": row.earliest if row is not None else None,
        "latest": row.latest if row is not None else None,
    }


def _segment(row: HighLevelSegment) -> scheduler.HighLevelSegment:
    return scheduler.HighLevelSegment(
        body=row.body.key,
        meetings=row.meetings,
        anchor=row.window_anchor.value,
        window_days=row.window_days,
        source=row.source or "",
        key=keys.segment_unit(row.key),
        title=row.title or "",
        dates=tuple(dt.date.fromisoformat(d) for d in row.window_dates or ()),
    )


def _pins(session: Session, congress: Congress) -> list[scheduler.Pin]:
    return [
        scheduler.Pin(
            target=p.target,
            date=p.date,
            slot=p.slot_key,
            meeting=p.meeting,
            body=p.body_key,
            source=p.source or p.reason or "organizer",
        )
        for p in session.scalars(repository.pins(congress.id, None))
    ]


def _exclusions(session: Session, congress: Congress) -> list[scheduler.Exclusion]:
    return [
        scheduler.Exclusion(
            body=e.body_key,
            target=e.target,
            dates=tuple(dt.date.fromisoformat(d) for d in e.dates) if e.dates else None,
            slots=tuple(e.slot_keys),
            source=e.source or e.reason or "organizer",
        )
        for e in session.scalars(repository.exclusions(congress.id))
    ]
