"""Reading congresses, with titles in the requested official language."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import scheduler
from app.congresses import repository, rules
from app.congresses.models import Congress, MeetingSlot
from app.congresses.schemas import CongressCreate, CongressSummary
from app.core.calendar import iso_weekdays, weekday_names
from app.core.languages import translated
from app.core.problems import NotFound, ProblemError
from app.core.sync import assign_changed, sync
from app.programme.models import Exclusion, FixedEventKind, Pin, WindowAnchor
from app.seeds.schema import CongressSection, DaySlotsSection, RulesSection
from scheduler import keys


def get_congress(session: Session, ref: str, *, full: bool = False) -> Congress:
    congress = repository.find_congress(session, ref, full=full)
    if congress is None:
        raise NotFound(
            f"No congress {ref!r}. Use a congress's id or slug, e.g. "
            "twelfth-congress-salvador-2010; GET /congresses lists them."
        )
    return congress


def summary(congress: Congress, lang: str | None = None) -> CongressSummary:
    return CongressSummary(
        id=congress.id,
        slug=congress.slug,
        name=translated(congress.name, congress.translations.get("name"), lang),
        symbol=congress.symbol,
        venue=translated(congress.venue, congress.translations.get("venue"), lang),
        city=congress.city,
        country=congress.country,
        time_zone=congress.time_zone,
        start_date=congress.start_date,
        end_date=congress.end_date,
        languages=list(congress.languages),
    )


def preference_weights(congress: Congress) -> dict[str, int]:
    """Every soft preference with the weight the scheduler will use for this congress."""
    return dataclasses.asdict(scheduler.Weights(**(congress.preference_weights or {})))


# Writing a congress (the organizer's configuration API and the seed loader).


def congress_columns(section: CongressSection, settings: RulesSection) -> dict[str, Any]:
    """The congress row's columns from a seed's (or the API's) congress and rules: one
    mapping for both, so that a file and a request store a congress alike."""
    return {
        "name": section.name,
        "symbol": section.symbol,
        "theme": section.theme,
        "venue": section.venue,
        "city": section.city,
        "country": section.country,
        "time_zone": section.time_zone,
        "start_date": section.start_date,
        "end_date": section.end_date,
        "languages": list(section.languages),
        "translations": {field: dict(texts) for field, texts in section.translations.items()},
        "max_parallel_meetings": settings.max_parallel_meetings,
        **duration_columns(settings),
        "meetings_on_weekends": settings.meetings_on_weekends,
        "meetings_on_holidays": settings.meetings_on_holidays,
        "workshops_same_day": settings.workshops_same_day,
        "agenda_order_within_body": settings.agenda_order_within_body,
        "document_deadline_working_days": settings.document_deadline_working_days,
        # ISO weekday numbers and ISO dates.
        "weekend_days": iso_weekdays(settings.weekend_days),
        "holidays": sorted({day.isoformat() for day in settings.holidays}),
        "preference_weights": dict(sorted(settings.preference_weights.items())),
        "units_consecutive": settings.units_consecutive,
        "tracks": [track.model_dump() for track in settings.tracks] or None,
        "sources": dict(sorted(settings.sources.items())),
    }


def duration_columns(settings: RulesSection) -> dict[str, Any]:
    """The duration rule's columns (the former max_duration_days is calendar days
    including the pre-Congress consultations)."""
    d = settings.duration
    return {
        "max_duration_days": d.days if d is not None else None,
        "max_duration_counts": d.counts if d is not None else "calendar",
        "max_duration_includes_pre_session": d.includes_pre_session if d is not None else True,
    }


def day_slots_json(day_slots: Sequence[DaySlotsSection]) -> list[dict[str, Any]]:
    """Dates with their own slots as stored: ISO dates, times "HH:MM" or null."""

    def clock(t: dt.time | None) -> str | None:
        return t.strftime("%H:%M") if t is not None else None

    return [
        {
            "date": d.date.isoformat(),
            "slots": [
                {"key": s.key, "start": clock(s.start), "end": clock(s.end)} for s in d.slots
            ],
        }
        for d in sorted(day_slots, key=lambda d: d.date)
    ]


def stored_duration(congress: Congress) -> dict[str, Any] | None:
    if congress.max_duration_days is None:
        return None
    return {
        "days": congress.max_duration_days,
        "counts": congress.max_duration_counts,
        "includes_pre_session": congress.max_duration_includes_pre_session,
    }


def as_create(congress: Congress) -> dict[str, Any]:
    """The stored congress in the shape of `CongressCreate`, for PATCH to merge into."""
    return {
        "slug": congress.slug,
        "name": congress.name,
        "symbol": congress.symbol,
        "theme": congress.theme,
        "venue": congress.venue,
        "city": congress.city,
        "country": congress.country,
        "time_zone": congress.time_zone,
        "start_date": congress.start_date,
        "end_date": congress.end_date,
        "languages": list(congress.languages),
        "translations": dict(congress.translations or {}),
        "rules": {
            "max_parallel_meetings": congress.max_parallel_meetings,
            "max_duration": stored_duration(congress),
            "meetings_on_weekends": congress.meetings_on_weekends,
            "meetings_on_holidays": congress.meetings_on_holidays,
            "workshops_same_day": congress.workshops_same_day,
            "agenda_order_within_body": congress.agenda_order_within_body,
            "document_deadline_working_days": congress.document_deadline_working_days,
            "weekend_days": weekday_names(congress.weekend_days or []),
            "holidays": list(congress.holidays or []),
            "preference_weights": dict(congress.preference_weights or {}),
            "units_consecutive": congress.units_consecutive or "hard",
            "tracks": list(congress.tracks or []),
            "sources": dict(congress.sources or {}),
        },
        "meeting_slots": [
            {"key": s.key, "name": s.name, "start": s.start_time, "end": s.end_time, "kind": s.kind}
            for s in congress.meeting_slots
        ],
        "day_slots": list(congress.day_slots or []),
    }


def congress_units(congress: Congress) -> set[str]:
    """The unit keys a congress's tracks may name: its clusters, its items in no
    cluster, its workshops."""
    clustered = {n for cluster in congress.clusters for n in cluster.item_numbers}
    units = {keys.cluster_unit(cluster.item_numbers) for cluster in congress.clusters}
    units |= {keys.item_unit(i.number) for i in congress.agenda_items if i.number not in clustered}
    units |= {keys.workshop_unit(w.number) for w in congress.workshops}
    return units


def _check_programme_still_fits(session: Session, congress: Congress, data: CongressCreate) -> None:
    """A change of dates or slots must not strand what the programme already holds."""
    problems: list[str] = []
    earliest = data.start_date - dt.timedelta(days=rules.MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS)
    slots = {slot.key for slot in data.meeting_slots}
    for event in congress.fixed_events:
        what = f"the {rules.event_name(event.kind)} event"
        first = (
            earliest if event.kind is FixedEventKind.PRE_CONGRESS_CONSULTATIONS else data.start_date
        )
        if event.date is not None and not first <= event.date <= data.end_date:
            problems.append(f"{what} is on {event.date}")
        if event.slot_key is not None and event.slot_key not in slots:
            problems.append(f"{what} uses the meeting slot {event.slot_key!r}")
    for pin in session.scalars(select(Pin).where(Pin.congress_id == congress.id)):
        if not data.start_date <= pin.date <= data.end_date:
            problems.append(f"pin {pin.id} is on {pin.date}")
        if pin.slot_key not in slots:
            problems.append(f"pin {pin.id} uses the meeting slot {pin.slot_key!r}")
    for exclusion in session.scalars(select(Exclusion).where(Exclusion.congress_id == congress.id)):
        missing = sorted(set(exclusion.slot_keys) - slots)
        if missing:
            problems.append(f"exclusion {exclusion.id} uses the meeting slot(s) {missing}")
    for body in congress.bodies:
        if body.first_meeting_slot is not None and body.first_meeting_slot not in slots:
            problems.append(
                f"the first meeting of the {body.name} uses the meeting slot "
                f"{body.first_meeting_slot!r}"
            )
        if body.first_meeting_date is not None and not (
            data.start_date <= body.first_meeting_date <= data.end_date
        ):
            problems.append(f"the first meeting of the {body.name} is on {body.first_meeting_date}")
        for entry in body.unavailable or []:
            missing = sorted(set(entry.get("slots") or []) - slots)
            if missing:
                problems.append(f"the {body.name} is unavailable in the meeting slot(s) {missing}")
    days = (data.end_date - data.start_date).days + 1
    for segment in congress.segments:
        name = "the high-level segment" if segment.key == "high-level" else segment.key
        if segment.window_anchor is WindowAnchor.DATES:
            outside = [
                d
                for d in segment.window_dates or []
                if not data.start_date <= dt.date.fromisoformat(d) <= data.end_date
            ]
            if outside:
                problems.append(f"{name}'s window holds {', '.join(outside)}")
        elif segment.window_days > days:
            problems.append(f"{name}'s window is {segment.window_days} days")
    if problems:
        raise ProblemError(
            409,
            "The new dates or meeting slots do not fit what the programme holds: "
            + "; ".join(problems)
            + ". Change those first.",
        )


def _calendar_of_programme(congress: Congress, data: CongressCreate) -> list[rules.Violation]:
    """The new calendar and duration rules against the fixed events the congress holds."""
    events = [(e.kind, e.date) for e in congress.fixed_events]
    own = [
        (e.body.meets_on_weekends, e.body.meets_on_holidays) if e.body else (None, None)
        for e in congress.fixed_events
    ]
    return rules.calendar_fits(
        data.rules, events, start=data.start_date, end=data.end_date, own=own
    )


def write_congress(session: Session, congress: Congress | None, data: CongressCreate) -> Congress:
    """Create (congress None) or change a congress from its whole new configuration."""
    rules.raise_first(rules.congress_dates(data.start_date, data.end_date))
    rules.raise_first(rules.meeting_slots(data.meeting_slots), under=("meeting_slots",))
    rules.raise_first(
        rules.day_slots(data.day_slots, data.meeting_slots, data.start_date, data.end_date),
        under=("day_slots",),
    )
    if congress is not None:
        rules.raise_first(_calendar_of_programme(congress, data), under=("rules",))
    same_slug = repository.find_congress(session, data.slug)
    if same_slug is not None and same_slug is not congress:
        raise ProblemError(409, f"There is already a congress with the slug {data.slug!r}.")
    if congress is None:
        congress = Congress(slug=data.slug)
        session.add(congress)
    else:
        _check_programme_still_fits(session, congress, data)
    if data.rules.tracks:
        known = congress_units(congress) if congress.id is not None else set()
        rules.raise_first(rules.tracks(data.rules.tracks, known), under=("rules", "tracks"))
    assign_changed(
        congress,
        {
            "slug": data.slug,
            **congress_columns(data, data.rules),
            "day_slots": day_slots_json(data.day_slots),
        },
    )
    sync(
        session,
        congress.meeting_slots,
        (
            (
                slot.key,
                {
                    "key": slot.key,
                    "name": slot.name,
                    "start_time": slot.start,
                    "end_time": slot.end,
                    "kind": slot.kind,
                    "position": position,
                },
            )
            for position, slot in enumerate(data.meeting_slots)
        ),
        key=lambda s: s.key,
        factory=MeetingSlot,
    )
    session.flush()
    return congress
