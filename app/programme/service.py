"""The high-level segment, fixed events, pins and exclusions, checked by the
configuration's rules (app/congresses/rules.py, which the seed loader checks too):
bodies, meeting slots and agenda items exist, dates fall inside the congress; here,
against what is stored: one opening, closing and pre-Congress consultations at most,
distinct keys of events and segments, and pins and exclusions name scheduling units
that exist, as the scheduler names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.agenda.repository import targeting
from app.bodies.models import Body
from app.bodies.repository import body_by_key
from app.bodies.service import first_meeting, unavailable
from app.congresses import rules
from app.congresses.deps import CongressScope
from app.congresses.models import Congress
from app.core.crud import (
    ResourceService,
    conflict,
    copy_fields,
    invalid,
    next_position,
    refuse_taken,
    stored,
)
from app.programme import repository
from app.programme.models import (
    HIGH_LEVEL_KEY,
    SINGLE_KINDS,
    Exclusion,
    FixedEvent,
    FixedEventKind,
    HighLevelSegment,
    Pin,
    WindowAnchor,
    default_event_key,
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
    SegmentCreate,
    SegmentResource,
)
from app.rooms.models import Room
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


# Segments: the high-level segment (key "high-level", also at /high-level-segment) and
# the others.


def _window(row: HighLevelSegment) -> WindowSection:
    if row.window_anchor is WindowAnchor.DATES:
        return WindowSection(
            anchor=row.window_anchor,
            dates=[dt.date.fromisoformat(d) for d in row.window_dates or []],
        )
    return WindowSection(anchor=row.window_anchor, days=row.window_days)


def segment_public(row: HighLevelSegment) -> HighLevelSegmentResource:
    """The high-level segment as /high-level-segment shows it (without key and title)."""
    fields = set(HighLevelSegmentResource.model_fields)
    return HighLevelSegmentResource.model_validate(segments.public(row).model_dump(include=fields))


def find_segment(session: Session, congress: Congress) -> HighLevelSegment | None:
    return repository.segment(session, congress.id)


def write_segment(
    session: Session,
    congress: Congress,
    row: HighLevelSegment | None,
    data: HighLevelSegmentCreate | SegmentCreate,
    *,
    key: str = HIGH_LEVEL_KEY,
    title: str | None = None,
) -> HighLevelSegment:
    bodies = _bodies(session, congress)
    refuse_taken(
        repository.segment(session, congress.id, key),
        row,
        lambda same: f"There is already a segment with the key {key!r} (id {same.id})",
    )
    slots_per_day = len(repository.slot_keys(session, congress.id))
    rules.raise_first(
        rules.segment(
            data,
            start=congress.start_date,
            end=congress.end_date,
            bodies=bodies,
            slots_per_day=slots_per_day,
        )
    )
    body = bodies.found(data.body)
    if row is None:
        row = HighLevelSegment(
            congress_id=congress.id,
            key=key,
            position=next_position(session, HighLevelSegment, congress.id),
        )
        session.add(row)
    row.key = key
    row.title = title
    row.body = body
    row.meetings = data.meetings
    row.window_anchor = data.window.anchor
    dates = data.window.dates
    row.window_days = len(dates) if dates else (data.window.days or 0)
    row.window_dates = [d.isoformat() for d in dates] if dates else None
    row.source = data.source
    row.speakers_list_opens = data.speakers_list_opens
    return row


def segment_blockers(session: Session, congress: Congress, key: str = HIGH_LEVEL_KEY) -> list[str]:
    return targeting(session, congress.id, keys.segment_unit(key))


def remove_segment(session: Session, congress: Congress, row: HighLevelSegment) -> None:
    """Remove the segment, unless something still names it (a 409 says what)."""
    blockers = segment_blockers(session, congress, row.key)
    if blockers:
        name = "The high-level segment" if row.key == HIGH_LEVEL_KEY else f"The segment {row.key!r}"
        raise conflict(
            f"{name} cannot be removed: {', '.join(blockers)} refer(s) to it. "
            "Change or delete those first."
        )
    session.delete(row)
    session.flush()


class SegmentService(
    ResourceService[CongressScope, HighLevelSegment, SegmentCreate, SegmentResource]
):
    label = "segment"

    def public(self, row: HighLevelSegment) -> SegmentResource:
        same = ("id", "key", "title", "meetings", "source", "speakers_list_opens")
        values = {name: getattr(row, name) for name in same}
        return SegmentResource(**values, body=row.body.key, window=_window(row))

    def describe(self, row: HighLevelSegment) -> str:
        return f"the segment {row.key!r}"

    def blockers(self, session: Session, scope: CongressScope, row: HighLevelSegment) -> list[str]:
        return segment_blockers(session, scope.congress, row.key)

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: HighLevelSegment | None,
        data: SegmentCreate,
    ) -> HighLevelSegment:
        return write_segment(session, scope.congress, row, data, key=data.key, title=data.title)


segments = SegmentService(repository.segment_by_id, repository.segments)


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
            key=row.key,
            title=row.title,
            body=row.body.key if row.body else None,
            room=row.room.name if row.room else None,
            source=row.source,
            date=row.date,
            slot=row.slot_key,
            start=row.start_time,
            end=row.end_time,
            agenda_items=list(row.agenda_items),
            takes_up_next_unit=row.takes_up_next_unit,
        )

    def describe(self, row: FixedEvent) -> str:
        if row.kind in SINGLE_KINDS:
            return f"the {rules.event_name(row.kind)} event"
        return f"the {rules.event_name(row.kind)} event {row.key!r}"

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: FixedEvent | None,
        data: FixedEventCreate,
    ) -> FixedEvent:
        congress = scope.congress
        if data.kind in SINGLE_KINDS:
            refuse_taken(
                repository.fixed_event_of_kind(session, congress.id, data.kind),
                row,
                lambda same: (
                    f"There is already a {rules.event_name(data.kind)} event "
                    f"(id {same.id}); a congress has one of this kind."
                ),
            )
        key = data.key or default_event_key(data.kind)
        refuse_taken(
            repository.fixed_event_by_key(session, congress.id, key),
            row,
            lambda same: f"There is already a fixed event with the key {key!r} (id {same.id})",
        )
        bodies = _bodies(session, congress)
        rooms: rules.Lookup[str, Room] = rules.Lookup(
            lambda name: repository.room_by_name(session, congress.id, name)
        )
        rules.raise_first(
            rules.fixed_event(
                data,
                start=congress.start_date,
                end=congress.end_date,
                bodies=bodies,
                slots=repository.slot_keys(session, congress.id),
                items={item.number for item in repository.agenda_items(session, congress.id)},
                rooms=rooms,
            )
        )
        body = bodies.found(data.body) if data.body is not None else None
        room = rooms.found(data.room) if data.room is not None else None
        if body is not None:
            # The body's own calendar: not before its first meeting, not where it does
            # not meet (the seed loader and the body's routes check the same).
            for clash in rules.body_and_events(
                first_meeting(body),
                unavailable(body),
                [(FixedEventKind(data.kind), data.date, data.slot)],
                {slot.key: slot.start_time for slot in congress.meeting_slots},
            ):
                raise conflict(f"{clash.reason[:1].upper()}{clash.reason[1:]} ({body.name}).")
        if data.date is not None and data.slot is not None:
            for other in self._events(session, congress):
                same_holder = (body is not None and other.body_id == body.id) or (
                    room is not None and other.room_id == room.id
                )
                if (
                    other is not row
                    and same_holder
                    and (other.date, other.slot_key) == (data.date, data.slot)
                ):
                    raise conflict(
                        f"{other.title} (id {other.id}) already holds that meeting slot on "
                        f"{data.date}; two fixed events cannot share it."
                    )
        row = stored(
            session,
            row,
            lambda: FixedEvent(
                congress_id=congress.id, position=len(self._events(session, congress))
            ),
        )
        copy_fields(data, row, ("kind", "title", "date", "takes_up_next_unit", "source"))
        row.key = key
        row.body = body
        row.room = room
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


def _check_in_window(session: Session, congress: Congress, target: str, day: dt.date) -> None:
    """A pin of a segment whose window is a list of dates falls on one of them."""
    for segment in session.scalars(repository.segments(congress.id)):
        if keys.segment_unit(segment.key) != target or not segment.window_dates:
            continue
        if day.isoformat() not in segment.window_dates:
            window = ", ".join(segment.window_dates)
            raise invalid("date", f"{day} is outside the window of {target} ({window})")


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
            source=row.source,
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
        _check_in_window(session, congress, data.target, data.date)
        _check_slot(session, congress, "slot", data.slot)
        if data.body is not None:
            _body(session, congress, "body", data.body)
        row = stored(session, row, lambda: Pin(congress_id=congress.id))
        copy_fields(data, row, ("target", "meeting", "date", "reason", "source"))
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
            source=row.source,
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
        copy_fields(data, row, ("target", "reason", "source"))
        row.body_key = data.body
        row.dates = [d.isoformat() for d in data.dates] if data.dates else None
        row.slot_keys = list(dict.fromkeys(data.slots))
        return row


exclusions = ExclusionService(repository.exclusion, repository.exclusions)
