"""Database rows -> `scheduler.Problem`: the one arrow from persistence into the solver."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.programme.models import Exclusion, Pin


def unit_key_of_cluster(item_numbers: list[int]) -> str:
    return "cluster-" + "-".join(str(n) for n in item_numbers)


def unit_key_of_item(number: int) -> str:
    return f"item-{number}"


def build_problem(session: Session, congress: Congress) -> scheduler.Problem:
    """Everything the scheduler needs to know about `congress`, as plain data."""
    items_by_number = {item.number: item for item in congress.agenda_items}
    clustered = {m.item.number for c in congress.clusters for m in c.members}
    taken_up_by_events = {n for e in congress.fixed_events for n in e.agenda_items}

    units: list[scheduler.AgendaUnit] = []
    for cluster in congress.clusters:
        numbers = cluster.item_numbers
        body = items_by_number[numbers[0]].body
        if body is None:
            continue
        units.append(
            scheduler.AgendaUnit(
                key=unit_key_of_cluster(numbers),
                items=tuple(numbers),
                body=body.key,
                meetings=cluster.meetings,
                title=" / ".join(items_by_number[n].title for n in numbers),
            )
        )
    for item in congress.agenda_items:
        if item.number in clustered or item.number in taken_up_by_events:
            continue
        if item.body is None or not item.meetings:
            continue
        units.append(
            scheduler.AgendaUnit(
                key=unit_key_of_item(item.number),
                items=(item.number,),
                body=item.body.key,
                meetings=item.meetings,
                title=item.title,
            )
        )

    segment = congress.high_level_segment
    sources: dict[str, str] = {}
    if segment is not None and segment.source:
        sources["high_level_segment"] = segment.source

    return scheduler.Problem(
        name=congress.name,
        time_zone=congress.time_zone,
        start_date=congress.start_date,
        end_date=congress.end_date,
        slots=tuple(
            scheduler.Slot(key=s.key, name=s.name, start=s.start_time, end=s.end_time)
            for s in congress.meeting_slots
        ),
        bodies=tuple(
            scheduler.Body(
                key=b.key,
                name=b.name,
                kind=b.kind.value,
                room=b.room.name if b.room else None,
                expected_attendance=b.expected_attendance or 0,
                meets_after_opening=b.meets_after_opening,
                meets_before_closing=b.meets_before_closing,
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
                bodies=(w.body.key,) if w.body else (),
                agenda_item=w.agenda_item.number if w.agenda_item else None,
            )
            for w in congress.workshops
        ),
        high_level_segment=(
            scheduler.HighLevelSegment(
                body=segment.body.key,
                meetings=segment.meetings,
                anchor=segment.window_anchor.value,
                window_days=segment.window_days,
                source=segment.source or "GA res. 56/119",
            )
            if segment is not None
            else None
        ),
        fixed_events=tuple(
            scheduler.FixedEvent(
                kind=e.kind.value,
                title=e.title,
                body=e.body.key,
                date=e.date,
                slot=e.slot_key,
                start=e.start_time,
                end=e.end_time,
                agenda_items=tuple(e.agenda_items),
                takes_up_next_unit=e.takes_up_next_unit,
            )
            for e in congress.fixed_events
        ),
        pins=tuple(_pins(session, congress)),
        exclusions=tuple(_exclusions(session, congress)),
        rules=scheduler.Rules(
            max_parallel_meetings=congress.max_parallel_meetings,
            max_days_including_consultations=congress.max_duration_days,
            workshops_same_day=congress.workshops_same_day,
            agenda_order="hard" if congress.agenda_order_within_body else "off",
        ),
        weights=scheduler.Weights(**congress.preference_weights),
        sources=sources,
    )


def _pins(session: Session, congress: Congress) -> list[scheduler.Pin]:
    rows = session.scalars(select(Pin).where(Pin.congress_id == congress.id).order_by(Pin.id))
    return [
        scheduler.Pin(
            target=p.target,
            date=p.date,
            slot=p.slot_key,
            meeting=p.meeting,
            body=p.body_key,
            source=p.reason or "organizer",
        )
        for p in rows
    ]


def _exclusions(session: Session, congress: Congress) -> list[scheduler.Exclusion]:
    rows = session.scalars(
        select(Exclusion).where(Exclusion.congress_id == congress.id).order_by(Exclusion.id)
    )
    return [
        scheduler.Exclusion(
            body=e.body_key,
            target=e.target,
            dates=tuple(dt.date.fromisoformat(d) for d in e.dates) if e.dates else None,
            slots=tuple(e.slot_keys),
            source=e.reason or "organizer",
        )
        for e in rows
    ]
