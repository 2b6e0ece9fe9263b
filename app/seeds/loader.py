"""Writing a validated seed into the database, idempotently and in one transaction.

Every part is matched by its natural key (a room by name, a body by key, an agenda
item by number, …): loading an unchanged file changes nothing, and loading a changed
file updates the rows in place, so their ids (and what refers to them) survive.

Rooms, bodies, delegations, workshops, the high-level segment and fixed events are
written through their families' services, as the API writes them (one write path);
the loader adds what a whole file means: parts it no longer lists are removed, and
parts keep the file's order. The congress with its meeting slots, documents, the
agenda, clusters and officers are still synced here (see `_Writer`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem, AgendaSubItem, Cluster, ClusterItem, Document
from app.agenda.service import unit_columns
from app.bodies.models import Body, BodyKind, GeneralCommitteeSeat, Officer
from app.bodies.service import bodies
from app.congresses.deps import CongressScope
from app.congresses.models import Congress, MeetingSlot
from app.congresses.service import congress_columns, day_slots_json
from app.core.crud import ResourceService
from app.core.problems import ProblemError
from app.core.sync import assign_changed, sync
from app.delegations.models import Delegation
from app.delegations.schemas import DelegationCreate
from app.delegations.service import delegations
from app.programme import repository as programme
from app.programme.models import HIGH_LEVEL_KEY, Exclusion, Pin, default_event_key
from app.programme.schemas import SegmentCreate
from app.programme.service import exclusions, fixed_events, pins, write_segment
from app.rooms.models import Room
from app.rooms.service import rooms
from app.seeds.errors import Loc, SeedError, SeedProblem, problems_from_validation
from app.seeds.reader import SeedFile
from app.seeds.schema import Seed
from app.speakers.lists import ensure_high_level_list
from app.workshops.service import workshops
from scheduler.keys import cluster_record_key

M = TypeVar("M")
#: "dates[0]" -> ("dates", "0"); "window.days" -> ("window", ""), ("days", "").
_FIELD_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")
K = TypeVar("K", bound=Hashable)
C = TypeVar("C", bound=BaseModel)


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
    _Writer(session, congress, seed_file).write()
    congress.seed_hash = seed_file.content_hash
    session.flush()
    # The services add new rows by congress_id, not to the congress's loaded collections.
    session.expire(congress)
    # The high-level segment's list of speakers, from the opening date the seed gives.
    ensure_high_level_list(session, congress)
    return LoadResult(congress.id, congress.slug, outcome)


class _Writer:
    def __init__(self, session: Session, congress: Congress, seed_file: SeedFile) -> None:
        self.session = session
        self.congress = congress
        self.seed: Seed = seed_file.seed
        self.slug = seed_file.slug
        self.scope = CongressScope(congress)

    def write(self) -> None:
        self._congress()
        self._meeting_slots()
        # The services add rows by the congress's id.
        self.session.flush()
        self.rooms = self._rooms()
        self.bodies = self._bodies()
        self.delegations = self._delegations()
        self.documents = self._documents()
        self.items = self._agenda_items()
        self._clusters()
        self._workshops()
        self._segments()
        self._fixed_events()
        self._pins()
        self._exclusions()
        self._officers()

    def _create(self, model: type[C], values: dict[str, Any], loc: Loc) -> C:
        """A part of the file as its API Create shape (the same fields, the API's limits)."""
        try:
            return model.model_validate(values)
        except ValidationError as error:
            problems = [
                SeedProblem((*loc, *p.loc), p.message) for p in problems_from_validation(error)
            ]
            raise SeedError(self.slug, problems) from None

    @contextmanager
    def _at(self, loc: Loc) -> Iterator[None]:
        """Write a part through its service; a rule it breaks names the part's place
        (and its field, when the service names one)."""
        try:
            yield
        except ProblemError as error:
            params = error.invalid_params or []
            if len(params) == 1 and params[0].name.startswith("body."):
                where: Loc = loc
                for name, index in _FIELD_PART.findall(params[0].name.removeprefix("body.")):
                    where = (*where, name, int(index)) if index else (*where, name)
                raise SeedError(self.slug, [SeedProblem(where, params[0].reason)]) from None
            raise SeedError(self.slug, [SeedProblem(loc, error.detail)]) from None

    def _write_all(
        self,
        service: ResourceService[CongressScope, M, C, Any],
        collection: list[M],
        section: str,
        parts: list[tuple[K, dict[str, Any]]],
        key: Callable[[M], K],
        *,
        ordered: bool = True,
    ) -> dict[K, M]:
        """Make `collection` hold exactly the file's parts, matched by key, each written by
        `service` from its Create shape; `ordered`: a part's position is its place in the
        file."""
        wanted = {k for k, _ in parts}
        stale = [row for row in collection if key(row) not in wanted]
        for row in stale:
            collection.remove(row)
        if stale:
            # Before writing: a re-added natural key must not meet its old row.
            self.session.flush()
        existing = {key(row): row for row in collection}
        result: dict[K, M] = {}
        for index, (k, values) in enumerate(parts):
            loc = (section, index)
            data = self._create(service.create_model, values, loc)
            with self._at(loc):
                row = service.write(self.session, self.scope, existing.get(k), data)
            if ordered:
                assign_changed(row, {"position": index})
            result[k] = row
        return result

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
        values["day_slots"] = day_slots_json(self.seed.day_slots)
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
                        "kind": slot.kind,
                        "position": position,
                    },
                )
                for position, slot in enumerate(self.seed.meeting_slots)
            ),
            key=lambda s: s.key,
            factory=MeetingSlot,
        )

    def _rooms(self) -> dict[str, Room]:
        return self._write_all(
            rooms,
            self.congress.rooms,
            "rooms",
            [(room.name, room.model_dump()) for room in self.seed.rooms],
            key=lambda r: r.name,
        )

    def _bodies(self) -> dict[str, Body]:
        return self._write_all(
            bodies,
            self.congress.bodies,
            "bodies",
            [(body.key, body.model_dump()) for body in self.seed.bodies],
            key=lambda b: b.key,
        )

    def _delegations(self) -> dict[str, Delegation]:
        # Delegations also register through the API: the seed adds and updates the
        # ones it names and never removes the others.
        existing = {d.name: d for d in self.congress.delegations}
        credentials = set(self.seed.officers.credentials_committee)
        named: dict[str, dict[str, Any]] = {
            section.name: section.model_dump() for section in self.seed.delegations
        }
        for name, delegation in existing.items():
            named.setdefault(name, delegations.as_create(delegation))
        result: dict[str, Delegation] = {}
        for index, (name, values) in enumerate(named.items()):
            # Those the file does not name are written as they are stored (their place
            # in the file is none: a problem with them names the file).
            loc: Loc = ("delegations", index) if index < len(self.seed.delegations) else ()
            values["credentials_committee"] = name in credentials
            data = self._create(DelegationCreate, values, loc)
            with self._at(loc):
                row = delegations.write(self.session, self.scope, existing.get(name), data)
            result[name] = row
        return result

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
                        **unit_columns(item),
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
                        **unit_columns(section),
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
        self._write_all(
            workshops,
            self.congress.workshops,
            "workshops",
            [(w.number, w.model_dump()) for w in self.seed.workshops],
            key=lambda w: w.number,
            ordered=False,
        )

    def _segments(self) -> None:
        """The high-level segment (under `high_level_segment:` or keyed "high-level"
        under `segments:`) and the other segments, matched by key."""
        parts: list[tuple[str, dict[str, Any], Loc]] = []
        section = self.seed.high_level_segment
        if section is not None:
            values = {**section.model_dump(), "key": HIGH_LEVEL_KEY}
            parts.append((HIGH_LEVEL_KEY, values, ("high_level_segment",)))
        for index, segment in enumerate(self.seed.segments):
            parts.append((segment.key, segment.model_dump(), ("segments", index)))
        wanted = {key for key, _, _ in parts}
        collection = self.congress.segments
        stale = [row for row in collection if row.key not in wanted]
        for row in stale:
            collection.remove(row)
        if stale:
            self.session.flush()
        existing = {row.key: row for row in collection}
        for position, (key, values, loc) in enumerate(parts):
            data = self._create(SegmentCreate, values, loc)
            with self._at(loc):
                row = write_segment(
                    self.session,
                    self.congress,
                    existing.get(key),
                    data,
                    key=key,
                    title=data.title,
                )
            assign_changed(row, {"position": position})

    def _fixed_events(self) -> None:
        self._write_all(
            fixed_events,
            self.congress.fixed_events,
            "fixed_events",
            [
                (event.key or default_event_key(event.kind), event.model_dump())
                for event in self.seed.fixed_events
            ],
            key=lambda e: e.key,
        )

    def _pins(self) -> None:
        """The pins the file names, matched by (target, meeting); like delegations, the
        pins an organizer set through the API stay."""
        self.session.flush()
        existing: dict[tuple[str, int], Pin] = {
            (p.target, p.meeting): p
            for p in self.session.scalars(programme.pins(self.congress.id, None))
        }
        for index, pin in enumerate(self.seed.pins):
            loc: Loc = ("pins", index)
            data = self._create(pins.create_model, pin.model_dump(), loc)
            with self._at(loc):
                pins.write(self.session, self.scope, existing.get((pin.target, pin.meeting)), data)

    def _exclusions(self) -> None:
        """The exclusions the file names, matched by what they exclude; those set through
        the API stay."""
        self.session.flush()

        def what(body: str | None, target: str | None, dates: Any, slots: Any) -> Hashable:
            return (body, target, tuple(str(d) for d in dates or ()), tuple(slots))

        existing: dict[Hashable, Exclusion] = {
            what(e.body_key, e.target, e.dates, e.slot_keys): e
            for e in self.session.scalars(programme.exclusions(self.congress.id))
        }
        for index, exclusion in enumerate(self.seed.exclusions):
            loc: Loc = ("exclusions", index)
            data = self._create(exclusions.create_model, exclusion.model_dump(), loc)
            key = what(exclusion.body, exclusion.target, exclusion.dates, exclusion.slots)
            with self._at(loc):
                exclusions.write(self.session, self.scope, existing.get(key), data)

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
