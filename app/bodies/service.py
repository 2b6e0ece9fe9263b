"""Bodies (keys unique in a congress, rooms must exist) and their officers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.bodies import repository
from app.bodies.models import Body, BodyKind, Officer
from app.bodies.schemas import BodyCreate, BodyResource, OfficerCreate, OfficerResource
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
from app.core.problems import NotFound
from app.rooms.models import Room
from app.rooms.repository import room_named
from app.seeds.schema import FirstMeetingSection, UnavailableSection

#: The fields of a body stored as given.
_BODY_COLUMNS = (
    "key",
    "name",
    "kind",
    "expected_attendance",
    "meets_after_opening",
    "meets_before_closing",
    "meets_on_weekends",
    "meets_on_holidays",
)


@dataclass(frozen=True)
class BodyFilters:
    kind: BodyKind | None


class BodyService(ResourceService[CongressScope, Body, BodyCreate, BodyResource]):
    label = "body"

    def public(self, row: Body) -> BodyResource:
        return BodyResource(
            id=row.id,
            key=row.key,
            name=row.name,
            kind=row.kind,
            room=row.room.name if row.room else None,
            expected_attendance=row.expected_attendance,
            meets_after_opening=row.meets_after_opening,
            meets_before_closing=row.meets_before_closing,
            meets_on_weekends=row.meets_on_weekends,
            meets_on_holidays=row.meets_on_holidays,
            translations=dict(row.translations or {}),
            first_meeting=first_meeting(row),
            unavailable=unavailable(row),
        )

    def describe(self, row: Body) -> str:
        return f"body {row.key!r}"

    def write(
        self, session: Session, scope: CongressScope, row: Body | None, data: BodyCreate
    ) -> Body:
        congress = scope.congress
        refuse_taken(
            repository.body_by_key(session, congress.id, data.key),
            row,
            lambda same: f"There is already a body with key {data.key!r} ({same.name}).",
        )
        rooms = rules.Lookup[str, Room](lambda name: room_named(session, congress.id, name))
        rules.raise_first(rules.body(data.room, rooms))
        rules.raise_first(
            rules.body_calendar(
                data.first_meeting,
                data.unavailable,
                start=congress.start_date,
                end=congress.end_date,
                slots=[slot.key for slot in congress.meeting_slots],
            )
            + rules.body_and_events(
                data.first_meeting,
                data.unavailable,
                [
                    (e.kind, e.date, e.slot_key)
                    for e in congress.fixed_events
                    if row is not None and e.body_id == row.id
                ],
                {slot.key: slot.start_time for slot in congress.meeting_slots},
            )
        )
        room = rooms.found(data.room) if data.room is not None else None
        if row is not None and row.key != data.key:
            # Pins and exclusions name bodies by key; renaming would orphan them.
            referring = repository.pins_and_exclusions_of_body(session, congress.id, row.key)
            if referring:
                raise conflict(
                    f"The key of body {row.key!r} cannot change while "
                    f"{', '.join(referring)} name it. Change those first."
                )
        row = stored(
            session,
            row,
            lambda: Body(
                congress_id=congress.id, position=next_position(session, Body, congress.id)
            ),
        )
        copy_fields(data, row, _BODY_COLUMNS)
        row.room = room
        row.translations = dict(data.translations)
        first = data.first_meeting
        row.first_meeting_date = first.date if first is not None else None
        row.first_meeting_slot = first.slot if first is not None else None
        row.unavailable = [u.model_dump(mode="json") for u in data.unavailable]
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Body) -> list[str]:
        return repository.references_to_body(session, scope.congress.id, row)

    def remove(self, session: Session, scope: CongressScope, row: Body) -> None:
        # Its offices go with it (Officer.body is a view-only relationship).
        for officer in session.scalars(repository.officers(row.id)):
            session.delete(officer)
        session.delete(row)


bodies = BodyService(repository.body, repository.bodies)


@dataclass(frozen=True)
class BodyScope:
    """A body of a congress: the scope of its officers."""

    congress: Congress
    body: Body


class OfficerService(ResourceService[BodyScope, Officer, OfficerCreate, OfficerResource]):
    label = "officer"

    def find(self, session: Session, scope: BodyScope, key: Any) -> Officer | None:
        return repository.officer(session, scope.body.id, key)

    def query(self, scope: BodyScope, filters: Any) -> Select[Officer]:
        return repository.officers(scope.body.id)

    def public(self, row: Officer) -> OfficerResource:
        return OfficerResource(
            id=row.id,
            body=row.body.key if row.body else "",
            office=row.office,
            seat=row.seat,
            delegation=row.delegation.name if row.delegation else None,
            person_name=row.person_name,
            regional_group=row.regional_group,
        )

    def describe(self, row: Officer) -> str:
        seat = f" (seat {row.seat})" if row.seat != 1 else ""
        return f"the office of {row.office}{seat}"

    def not_found(self, scope: BodyScope, key: Any) -> NotFound:
        return NotFound(f"{scope.body.name} has no officer {key}.")

    def write(
        self, session: Session, scope: BodyScope, row: Officer | None, data: OfficerCreate
    ) -> Officer:
        refuse_taken(
            repository.officer_seat(session, scope.body.id, data.office, data.seat),
            row,
            lambda taken: (
                f"{scope.body.name} already has the office of {data.office} seat "
                f"{data.seat} (officer {taken.id}); use another seat or change that one."
            ),
        )
        delegation = None
        if data.delegation is not None:
            delegation = repository.delegation_named(session, scope.congress.id, data.delegation)
            if delegation is None:
                raise invalid("delegation", f"unknown delegation {data.delegation!r}; add it first")
        row = stored(
            session, row, lambda: Officer(congress_id=scope.congress.id, body_id=scope.body.id)
        )
        copy_fields(data, row, ("office", "seat", "person_name", "regional_group"))
        row.delegation = delegation
        return row


officers = OfficerService()


def first_meeting(row: Body) -> FirstMeetingSection | None:
    """The body's fixed first meeting, as written in a seed or the API."""
    if row.first_meeting_date is None or row.first_meeting_slot is None:
        return None
    return FirstMeetingSection(date=row.first_meeting_date, slot=row.first_meeting_slot)


def unavailable(row: Body) -> list[UnavailableSection]:
    """The days and slots the body does not meet, as written in a seed or the API."""
    return [UnavailableSection.model_validate(u) for u in row.unavailable or []]
