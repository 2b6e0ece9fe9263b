"""The high-level segment, fixed events, pins and exclusions, checked by the
configuration's rules (app/congresses/rules.py, which the seed loader checks too):
bodies, meeting slots and agenda items exist, dates fall inside the congress; here,
against what is stored: one event of each kind, and pins and exclusions name
scheduling units that exist, as the scheduler names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.agenda.repository import targeting
from app.bodies.models import Body
from app.bodies.repository import body_by_key
from app.congresses import rules
from app.congresses.deps import CongressScope
from app.congresses.models import Congress
from app.core.crud import ResourceService, conflict, copy_fields, invalid, refuse_taken, stored
from app.programme import repository
from app.programme.models import (
    Exclusion,
    FixedEvent,
    FixedEventKind,
    HighLevelSegment,
    Pin,
)
from app.programme.schemas import (
    ExclusionCreate,
    ExclusionResource,
    FixedEventCreate,
    FixedEventResource,
    HighLevelSegmentCreate,
    HighLevelSegmentResource,
    PinCreate,
    PinResource,
)
from app.seeds.schema import WindowSection
from app.timetables.problem import scheduling_units
from scheduler import keys


def _check_unit(session: Session, congress: Congress, field: str, target: str) -> int:
    units = scheduling_units(session, congress.id)
    if target not in units:
        known = ", ".join(sorted(units)) or "none yet"
        raise invalid(field, f"unknown scheduling unit {target!r}; the units are: {known}")
    return units[target]


def _check_day(congress: Congress, field: str, day: dt.date, *, days_before: int = 0) -> None:
    reason = rules.day_in_congress(
        day, congress.start_date, congress.end_date, days_before=days_before
    )
    if reason is not None:
        raise invalid(field, reason)


def _check_slot(session: Session, congress: Congress, field: str, slot: str) -> None:
    reason = rules.meeting_slot(slot, repository.slot_keys(session, congress.id))
    if reason is not None:
        raise invalid(field, reason)


def _bodies(session: Session, congress: Congress) -> rules.Lookup[str, Body]:
    return rules.Lookup(lambda key: body_by_key(session, congress.id, key))


def _body(session: Session, congress: Congress, field: str, key: str) -> Any:
    body = body_by_key(session, congress.id, key)
    if body is None:
        raise invalid(field, f"unknown body {key!r}")
    return body


# The high-level segment: one per congress, at most.


def segment_public(row: HighLevelSegment) -> HighLevelSegmentResource:
    return HighLevelSegmentResource(
        body=row.body.key,
        meetings=row.meetings,
        window=WindowSection(anchor=row.window_anchor, days=row.window_days),
        source=row.source,
        speakers_list_opens=row.speakers_list_opens,
    )


def find_segment(session: Session, congress: Congress) -> HighLevelSegment | None:
    return repository.segment(session, congress.id)


def write_segment(
    session: Session,
    congress: Congress,
    row: HighLevelSegment | None,
    data: HighLevelSegmentCreate,
) -> HighLevelSegment:
    bodies = _bodies(session, congress)
    rules.raise_first(
        rules.high_level_segment(
            data.body,
            data.window.days,
            data.speakers_list_opens,
            start=congress.start_date,
            end=congress.end_date,
            bodies=bodies,
        )
    )
    body = bodies.found(data.body)
    if row is None:
        row = HighLevelSegment(congress_id=congress.id)
        session.add(row)
    row.body = body
    row.meetings = data.meetings
    row.window_anchor = data.window.anchor
    row.window_days = data.window.days
    row.source = data.source
    row.speakers_list_opens = data.speakers_list_opens
    return row


def segment_blockers(session: Session, congress: Congress) -> list[str]:
    return targeting(session, congress.id, keys.HIGH_LEVEL_SEGMENT)


def remove_segment(session: Session, congress: Congress, row: HighLevelSegment) -> None:
    """Remove the segment, unless something still names it (a 409 says what)."""
    blockers = segment_blockers(session, congress)
    if blockers:
        raise conflict(
            f"The high-level segment cannot be removed: {', '.join(blockers)} refer(s) to it. "
            "Change or delete those first."
        )
    session.delete(row)
    session.flush()


# Fixed events.


@dataclass(frozen=True)
class FixedEventFilters:
    kind: FixedEventKind | None


class FixedEventService(
    ResourceService[CongressScope, FixedEvent, FixedEventCreate, FixedEventResource]
):
    label = "fixed event"

    def public(self, row: FixedEvent) -> FixedEventResource:
        return FixedEventResource(
            id=row.id,
            kind=row.kind,
            title=row.title,
            body=row.body.key,
            date=row.date,
            slot=row.slot_key,
            start=row.start_time,
            end=row.end_time,
            agenda_items=list(row.agenda_items),
            takes_up_next_unit=row.takes_up_next_unit,
        )

    def describe(self, row: FixedEvent) -> str:
        return f"the {rules.event_name(row.kind)} event"

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: FixedEvent | None,
        data: FixedEventCreate,
    ) -> FixedEvent:
        congress = scope.congress
        refuse_taken(
            repository.fixed_event_of_kind(session, congress.id, data.kind),
            row,
            lambda same: (
                f"There is already a {rules.event_name(data.kind)} event "
                f"(id {same.id}); a congress has one of each kind."
            ),
        )
        bodies = _bodies(session, congress)
        rules.raise_first(
            rules.fixed_event(
                data,
                start=congress.start_date,
                end=congress.end_date,
                bodies=bodies,
                slots=repository.slot_keys(session, congress.id),
                items={item.number for item in repository.agenda_items(session, congress.id)},
            )
        )
        body = bodies.found(data.body)
        row = stored(
            session,
            row,
            lambda: FixedEvent(
                congress_id=congress.id, position=len(self._events(session, congress))
            ),
        )
        copy_fields(data, row, ("kind", "title", "date", "takes_up_next_unit"))
        row.body = body
        row.slot_key = data.slot
        row.start_time = data.start
        row.end_time = data.end
        row.agenda_items = list(data.agenda_items)
        return row

    @staticmethod
    def _events(session: Session, congress: Congress) -> list[FixedEvent]:
        return list(session.scalars(repository.fixed_events(congress.id, None)))


fixed_events = FixedEventService(repository.fixed_event, repository.fixed_events)


# Pins.


@dataclass(frozen=True)
class PinFilters:
    target: str | None


class PinService(ResourceService[CongressScope, Pin, PinCreate, PinResource]):
    label = "pin"

    def public(self, row: Pin) -> PinResource:
        return PinResource(
            id=row.id,
            target=row.target,
            meeting=row.meeting,
            date=row.date,
            slot=row.slot_key,
            body=row.body_key,
            reason=row.reason,
        )

    def write(
        self, session: Session, scope: CongressScope, row: Pin | None, data: PinCreate
    ) -> Pin:
        congress = scope.congress
        meetings = _check_unit(session, congress, "target", data.target)
        if data.meeting > meetings:
            raise invalid(
                "meeting",
                f"{data.target} has {meetings} meeting(s); there is no meeting {data.meeting}",
            )
        _check_day(congress, "date", data.date)
        _check_slot(session, congress, "slot", data.slot)
        if data.body is not None:
            _body(session, congress, "body", data.body)
        row = stored(session, row, lambda: Pin(congress_id=congress.id))
        copy_fields(data, row, ("target", "meeting", "date", "reason"))
        row.slot_key = data.slot
        row.body_key = data.body
        return row


pins = PinService(repository.pin, repository.pins)


# Exclusions.


class ExclusionService(
    ResourceService[CongressScope, Exclusion, ExclusionCreate, ExclusionResource]
):
    label = "exclusion"

    def public(self, row: Exclusion) -> ExclusionResource:
        return ExclusionResource(
            id=row.id,
            body=row.body_key,
            target=row.target,
            dates=[dt.date.fromisoformat(d) for d in row.dates] if row.dates else None,
            slots=list(row.slot_keys),
            reason=row.reason,
        )

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: Exclusion | None,
        data: ExclusionCreate,
    ) -> Exclusion:
        congress = scope.congress
        if not data.dates and not data.slots:
            raise invalid(
                "dates",
                "give dates or slots: excluding every slot of every day leaves nothing to schedule",
            )
        if data.body is not None:
            _body(session, congress, "body", data.body)
        if data.target is not None:
            _check_unit(session, congress, "target", data.target)
        for index, day in enumerate(data.dates or []):
            _check_day(
                congress,
                f"dates[{index}]",
                day,
                days_before=rules.MAX_DAYS_OF_PRE_CONGRESS_CONSULTATIONS,
            )
        for index, slot in enumerate(data.slots):
            _check_slot(session, congress, f"slots[{index}]", slot)
        row = stored(session, row, lambda: Exclusion(congress_id=congress.id))
        copy_fields(data, row, ("target", "reason"))
        row.body_key = data.body
        row.dates = [d.isoformat() for d in data.dates] if data.dates else None
        row.slot_keys = list(dict.fromkeys(data.slots))
        return row


exclusions = ExclusionService(repository.exclusion, repository.exclusions)
