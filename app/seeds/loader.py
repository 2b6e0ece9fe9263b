"""Writing a validated seed into the database, idempotently and in one transaction.

Every part is matched by its natural key (a room by name, a body by key, an agenda
item by number, …): loading an unchanged file changes nothing, and loading a changed
file updates the rows in place, so their ids (and what refers to them) survive.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem, AgendaSubItem, Cluster, ClusterItem, Document
from app.bodies.models import Body, BodyKind, GeneralCommitteeSeat, Officer
from app.congresses.models import Congress, MeetingSlot
from app.congresses.service import congress_columns
from app.core.sync import assign_changed, sync
from app.delegations.models import Delegation
from app.programme.models import FixedEvent, HighLevelSegment
from app.rooms.models import Room
from app.seeds.reader import SeedFile
from app.seeds.schema import Seed
from app.speakers.service import ensure_high_level_list
from app.workshops.models import Workshop
from scheduler.keys import cluster_record_key

M = TypeVar("M")
K = TypeVar("K", bound=Hashable)


class LoadOutcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class LoadResult:
    congress_id: int
    slug: str
    outcome: LoadOutcome


def load_seed(session: Session, seed_file: SeedFile) -> LoadResult:
    """Create or update the congress of `seed_file`. The caller commits (or rolls back)."""
    congress = session.scalar(select(Congress).where(Congress.slug == seed_file.slug))
    if congress is not None and congress.seed_hash == seed_file.content_hash:
        return LoadResult(congress.id, congress.slug, LoadOutcome.UNCHANGED)
    outcome = LoadOutcome.CREATED if congress is None else LoadOutcome.UPDATED
    if congress is None:
        congress = Congress(slug=seed_file.slug)
        session.add(congress)
    _Writer(session, congress, seed_file.seed).write()
    congress.seed_hash = seed_file.content_hash
    session.flush()
    # The high-level segment's list of speakers, from the opening date the seed gives.
    ensure_high_level_list(session, congress)
    return LoadResult(congress.id, congress.slug, outcome)


class _Writer:
    def __init__(self, session: Session, congress: Congress, seed: Seed) -> None:
        self.session = session
        self.congress = congress
        self.seed = seed

    def write(self) -> None:
        self._congress()
        self._meeting_slots()
        self.rooms = self._rooms()
        self.bodies = self._bodies()
        self.delegations = self._delegations()
        self.documents = self._documents()
        self.items = self._agenda_items()
        self._clusters()
        self._workshops()
        self._high_level_segment()
        self._fixed_events()
        self._officers()

    def _sync(
        self,
        collection: list[M],
        desired: Iterable[tuple[K, dict[str, Any]]],
        key: Callable[[M], K],
        factory: Callable[[], M],
    ) -> dict[K, M]:
        return sync(self.session, collection, desired, key, factory)

    def _congress(self) -> None:
        values = congress_columns(self.seed.congress, self.seed.rules)
        values["vice_presidents"] = (
            self.seed.officers.general_committee.vice_presidents
            if self.seed.officers.general_committee
            else None
        )
        assign_changed(self.congress, values)

    def _meeting_slots(self) -> None:
        self._sync(
            self.congress.meeting_slots,
            (
                (
                    slot.key,
                    {
                        "key": slot.key,
                        "name": slot.name,
                        "start_time": slot.start,
                        "end_time": slot.end,
                        "position": position,
                    },
                )
                for position, slot in enumerate(self.seed.meeting_slots)
            ),
            key=lambda s: s.key,
            factory=MeetingSlot,
        )

    def _rooms(self) -> dict[str, Room]:
        return self._sync(
            self.congress.rooms,
            (
                (
                    room.name,
                    {
                        "name": room.name,
                        "capacity": room.capacity,
                        "interpretation": room.interpretation,
                        "webcast": room.webcast,
                        "accessible": room.accessible,
                        "notes": room.notes,
                        "position": position,
                    },
                )
                for position, room in enumerate(self.seed.rooms)
            ),
            key=lambda r: r.name,
            factory=Room,
        )

    def _bodies(self) -> dict[str, Body]:
        return self._sync(
            self.congress.bodies,
            (
                (
                    body.key,
                    {
                        "key": body.key,
                        "name": body.name,
                        "kind": body.kind,
                        "room": self.rooms[body.room] if body.room else None,
                        "expected_attendance": body.expected_attendance,
                        "meets_after_opening": body.meets_after_opening,
                        "meets_before_closing": body.meets_before_closing,
                        "translations": dict(body.translations),
                        "position": position,
                    },
                )
                for position, body in enumerate(self.seed.bodies)
            ),
            key=lambda b: b.key,
            factory=Body,
        )

    def _delegations(self) -> dict[str, Delegation]:
        # Delegations also register through the API: the seed adds and updates the
        # ones it names and never removes the others.
        existing = {d.name: d for d in self.congress.delegations}
        credentials = set(self.seed.officers.credentials_committee)
        for section in self.seed.delegations:
            delegation = existing.get(section.name)
            if delegation is None:
                delegation = Delegation(name=section.name)
                self.congress.delegations.append(delegation)
                existing[section.name] = delegation
            delegation.kind = section.kind
            delegation.regional_group = section.regional_group
        for name, delegation in existing.items():
            delegation.credentials_committee = name in credentials
        return existing

    def _documents(self) -> dict[str, Document]:
        symbols: dict[str, None] = {}
        for item in self.seed.agenda_items:
            symbols.update(dict.fromkeys(item.documents))
        for workshop in self.seed.workshops:
            symbols.update(dict.fromkeys(workshop.documents))
        return self._sync(
            self.congress.documents,
            ((symbol, {"symbol": symbol}) for symbol in symbols),
            key=lambda d: d.symbol,
            factory=Document,
        )

    def _agenda_items(self) -> dict[int, AgendaItem]:
        items = self._sync(
            self.congress.agenda_items,
            (
                (
                    item.number,
                    {
                        "number": item.number,
                        "title": item.title,
                        "body": self.bodies[item.body] if item.body else None,
                        "meetings": item.meetings,
                        "translations": dict(item.translations),
                        "documents": [self.documents[s] for s in item.documents],
                    },
                )
                for item in self.seed.agenda_items
            ),
            key=lambda i: i.number,
            factory=AgendaItem,
        )
        for section in self.seed.agenda_items:
            self._sync(
                items[section.number].sub_items,
                (
                    (sub.label, {"label": sub.label, "title": sub.title, "position": position})
                    for position, sub in enumerate(section.sub_items)
                ),
                key=lambda s: s.label,
                factory=AgendaSubItem,
            )
        return items

    def _clusters(self) -> None:
        clusters = self._sync(
            self.congress.clusters,
            (
                (
                    cluster_record_key(section.items),
                    {
                        "key": cluster_record_key(section.items),
                        "meetings": section.meetings,
                        "position": position,
                    },
                )
                for position, section in enumerate(self.seed.clusters)
            ),
            key=lambda c: c.key,
            factory=Cluster,
        )
        for section in self.seed.clusters:
            self._sync(
                clusters[cluster_record_key(section.items)].members,
                (
                    (number, {"item": self.items[number], "position": position})
                    for position, number in enumerate(section.items)
                ),
                key=lambda m: m.item.number,
                factory=ClusterItem,
            )

    def _workshops(self) -> None:
        self._sync(
            self.congress.workshops,
            (
                (
                    w.number,
                    {
                        "number": w.number,
                        "title": w.title,
                        "short_title": w.short_title,
                        "meetings": w.meetings,
                        "body": self.bodies[w.body] if w.body else None,
                        "room": self.rooms[w.room] if w.room else None,
                        "agenda_item": self.items[w.agenda_item] if w.agenda_item else None,
                        "translations": dict(w.translations),
                        "documents": [self.documents[s] for s in w.documents],
                    },
                )
                for w in self.seed.workshops
            ),
            key=lambda w: w.number,
            factory=Workshop,
        )

    def _high_level_segment(self) -> None:
        section = self.seed.high_level_segment
        if section is None:
            self.congress.high_level_segment = None
            return
        segment = self.congress.high_level_segment or HighLevelSegment()
        segment.body = self.bodies[section.body]
        segment.meetings = section.meetings
        segment.window_anchor = section.window.anchor
        segment.window_days = section.window.days
        segment.source = section.source
        segment.speakers_list_opens = section.speakers_list_opens
        self.congress.high_level_segment = segment

    def _fixed_events(self) -> None:
        self._sync(
            self.congress.fixed_events,
            (
                (
                    event.kind,
                    {
                        "kind": event.kind,
                        "title": event.title,
                        "body": self.bodies[event.body],
                        "date": event.date,
                        "slot_key": event.slot,
                        "start_time": event.start,
                        "end_time": event.end,
                        "agenda_items": list(event.agenda_items),
                        "takes_up_next_unit": event.takes_up_next_unit,
                        "position": position,
                    },
                )
                for position, event in enumerate(self.seed.fixed_events)
            ),
            key=lambda e: e.kind,
            factory=FixedEvent,
        )

    def _officers(self) -> None:
        officers = self.seed.officers
        desired: list[tuple[tuple[str | None, str, int], dict[str, Any]]] = []

        def post(body: Body | None, office: str, seat: int = 1, **values: Any) -> None:
            values.update(body=body, office=office, seat=seat, position=len(desired))
            desired.append(((body.key if body else None, office, seat), values))

        committee = officers.general_committee
        if committee is not None:
            if committee.president is not None:
                president = committee.president
                post(
                    None,
                    "President",
                    delegation=(
                        self.delegations[president.delegation] if president.delegation else None
                    ),
                    person_name=president.person,
                )
            for seat in range(1, committee.vice_presidents + 1):
                post(None, "Vice-President", seat)
            if committee.rapporteur_general:
                post(None, "Rapporteur-General")
        for body in self.bodies.values():
            if body.kind in (BodyKind.COMMITTEE, BodyKind.COMMITTEE_OF_THE_WHOLE):
                for office in officers.committee_offices:
                    post(body, office)
        self._sync(
            self.congress.officers,
            desired,
            key=lambda o: (o.body.key if o.body else None, o.office, o.seat),
            factory=Officer,
        )
        seats = committee.seats_by_regional_group if committee else {}
        self._sync(
            self.congress.general_committee_seats,
            ((group, {"regional_group": group, "seats": n}) for group, n in seats.items()),
            key=lambda s: s.regional_group,
            factory=GeneralCommitteeSeat,
        )
