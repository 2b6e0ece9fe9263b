"""Workshops: numbers unique in a congress; body, room and agenda item must exist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem
from app.agenda.repository import item, targeting
from app.agenda.service import AgendaItemService
from app.bodies.models import Body
from app.bodies.repository import body_by_key
from app.congresses import rules
from app.congresses.deps import CongressScope
from app.core.crud import ResourceService, conflict, copy_fields, refuse_taken, stored
from app.core.sync import assign_changed
from app.rooms.models import Room
from app.rooms.repository import room_named
from app.workshops import repository
from app.workshops.models import Workshop
from app.workshops.schemas import WorkshopCreate, WorkshopResource
from scheduler import keys


@dataclass(frozen=True)
class WorkshopFilters:
    body: str | None


class WorkshopService(ResourceService[CongressScope, Workshop, WorkshopCreate, WorkshopResource]):
    label = "workshop"

    def public(self, row: Workshop) -> WorkshopResource:
        return WorkshopResource(
            id=row.id,
            number=row.number,
            title=row.title,
            short_title=row.short_title,
            meetings=row.meetings,
            body=row.body.key if row.body else None,
            room=row.room.name if row.room else None,
            agenda_item=row.agenda_item.number if row.agenda_item else None,
            documents=[d.symbol for d in row.documents],
            translations=dict(row.translations or {}),
            slot_kinds=list(row.slot_kinds or []),
            bodies=list(row.bodies or []),
            span=row.span,
            start=row.start or "any",
            slots=list(row.slots or []),
        )

    def describe(self, row: Workshop) -> str:
        return f"workshop {row.number}"

    def write(
        self, session: Session, scope: CongressScope, row: Workshop | None, data: WorkshopCreate
    ) -> Workshop:
        congress = scope.congress
        refuse_taken(
            repository.workshop_numbered(session, congress.id, data.number),
            row,
            lambda same: f"There is already a workshop {data.number} (id {same.id}).",
        )
        if row is not None and row.number != data.number:
            referring = targeting(session, congress.id, keys.workshop_unit(row.number))
            if referring:
                raise conflict(
                    f"Workshop {row.number} cannot be renumbered while "
                    f"{', '.join(referring)} name it. Change those first."
                )
        bodies = rules.Lookup[str, Body](lambda key: body_by_key(session, congress.id, key))
        rooms = rules.Lookup[str, Room](lambda name: room_named(session, congress.id, name))
        items = rules.Lookup[int, AgendaItem](lambda number: item(session, congress.id, number))
        rules.raise_first(
            rules.workshop(
                data.body, data.room, data.agenda_item, bodies=bodies, rooms=rooms, items=items
            )
        )
        slots = [slot.key for slot in congress.meeting_slots]
        same_day = congress.workshops_same_day
        rules.raise_first(
            rules.workshop_schedule(
                data,
                same_day_default=same_day,
                bodies=bodies,
                formal_slots=[
                    slot.key
                    for slot in congress.meeting_slots
                    if slot.kind in rules.workshop_kinds(data.slot_kinds)
                ],
                all_slots=slots,
            )
        )
        body = bodies.found(data.body) if data.body is not None else None
        room = rooms.found(data.room) if data.room is not None else None
        agenda_item = items.found(data.agenda_item) if data.agenda_item is not None else None
        row = stored(session, row, lambda: Workshop(congress_id=congress.id))
        copy_fields(data, row, ("number", "title", "short_title", "meetings", "span", "start"))
        assign_changed(
            row, {"bodies": list(data.bodies) or None, "slots": list(data.slots) or None}
        )
        row.body = body
        row.room = room
        row.agenda_item = agenda_item
        row.translations = dict(data.translations)
        row.slot_kinds = list(data.slot_kinds)
        # Documents are shared with agenda items: found or added by symbol.
        row.documents = AgendaItemService._documents(session, congress.id, data.documents)
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Workshop) -> list[str]:
        return targeting(session, scope.congress.id, keys.workshop_unit(row.number))


workshops = WorkshopService(repository.workshop, repository.workshops)
