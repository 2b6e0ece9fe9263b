"""Agenda items and clusters, with the configuration's rules (app/congresses/rules.py,
which the seed loader checks too): a cluster's items exist, share one body and leave the
meetings to the cluster; here, against what is stored: an item is in no other cluster,
and one referred to by a cluster, workshop, fixed event, pin or exclusion is not
deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.agenda import repository
from app.agenda.models import AgendaItem, AgendaSubItem, Cluster, ClusterItem, Document
from app.agenda.schemas import (
    AgendaItemCreate,
    AgendaItemResource,
    ClusterCreate,
    ClusterResource,
)
from app.bodies.models import Body
from app.bodies.repository import body_by_key
from app.congresses import rules
from app.congresses.deps import CongressScope
from app.core.crud import (
    ResourceService,
    conflict,
    copy_fields,
    invalid,
    next_position,
    stored,
)
from app.core.problems import NotFound
from app.core.sync import assign_changed, sync
from app.seeds.schema import SubItemSection, UnitRulesSection
from scheduler import keys
from scheduler.keys import cluster_record_key


def unit_columns(data: UnitRulesSection) -> dict[str, Any]:
    """The columns of how a unit is scheduled (an item's or a cluster's), from its seed
    section or API input: one mapping for the loader and the services."""
    return {
        "bodies": list(data.bodies) or None,
        "consecutive": data.consecutive,
        "earliest": data.earliest,
        "latest": data.latest,
    }


def unit_fields(row: AgendaItem | Cluster) -> dict[str, Any]:
    """The stored row's scheduling fields in the API's shape."""
    return {
        "bodies": list(row.bodies or []),
        "consecutive": row.consecutive,
        "earliest": row.earliest,
        "latest": row.latest,
    }


def check_unit(
    session: Session, scope: CongressScope, data: AgendaItemCreate | ClusterCreate
) -> None:
    """rules.unit_schedule against the stored congress (422 naming the field)."""
    congress = scope.congress
    bodies = rules.Lookup[str, Body](lambda key: body_by_key(session, congress.id, key))
    days = {"start": congress.start_date, "end": congress.end_date}
    per_day = max(1, len(congress.meeting_slots))
    rules.raise_first(
        rules.unit_schedule(data, data.meetings, **days, bodies=bodies, slots_per_day=per_day)
    )


@dataclass(frozen=True)
class ItemFilters:
    body: str | None


class AgendaItemService(
    ResourceService[CongressScope, AgendaItem, AgendaItemCreate, AgendaItemResource]
):
    label = "agenda item"

    def key_of(self, row: AgendaItem) -> Any:
        return row.number

    def public(self, row: AgendaItem) -> AgendaItemResource:
        membership = row.cluster_membership
        return AgendaItemResource(
            id=row.id,
            number=row.number,
            title=row.title,
            body=row.body.key if row.body else None,
            meetings=row.meetings,
            documents=[d.symbol for d in row.documents],
            sub_items=[SubItemSection(label=s.label, title=s.title) for s in row.sub_items],
            translations=dict(row.translations or {}),
            cluster=membership.cluster.key if membership else None,
            **unit_fields(row),
        )

    def not_found(self, scope: CongressScope, key: Any) -> NotFound:
        return NotFound(
            f"{scope.congress.name} has no agenda item {key}. GET "
            f"/congresses/{scope.congress.slug}/agenda-items lists them."
        )

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: AgendaItem | None,
        data: AgendaItemCreate,
    ) -> AgendaItem:
        congress = scope.congress
        if row is None:
            if repository.item(session, congress.id, data.number) is not None:
                raise conflict(f"There is already an agenda item {data.number}.")
        elif data.number != row.number:
            raise invalid(
                "number",
                f"is the item's key in its URL ({row.number}) and cannot change; add a new "
                "item and delete this one instead",
            )
        bodies = rules.Lookup[str, Body](lambda key: body_by_key(session, congress.id, key))
        labels = [sub.label for sub in data.sub_items]
        rules.raise_first(rules.agenda_item(data.body, labels, bodies))
        body = bodies.found(data.body) if data.body is not None else None
        check_unit(session, scope, data)
        if row is not None:
            cluster = repository.cluster_of(session, row.id)
            if cluster is not None:
                rules.raise_first(rules.clustered_item_schedule(row.number, cluster.key, data))
                if data.meetings is not None:
                    raise invalid(
                        "meetings",
                        f"agenda item {row.number} is in cluster {cluster.key}, which has the "
                        "meetings; leave 'meetings' out (null)",
                    )
                others = {m.item.body_id for m in cluster.members if m.item.id != row.id}
                if others and others != {body.id if body else None}:
                    raise invalid(
                        "body",
                        f"agenda item {row.number} is in cluster {cluster.key}, whose items are "
                        "considered together by one body; change the cluster first",
                    )
        row = stored(session, row, lambda: AgendaItem(congress_id=congress.id, number=data.number))
        copy_fields(data, row, ("title", "meetings"))
        assign_changed(row, unit_columns(data))
        row.body = body
        row.translations = dict(data.translations)
        row.documents = self._documents(session, congress.id, data.documents)
        sync(
            session,
            row.sub_items,
            (
                (sub.label, {"label": sub.label, "title": sub.title, "position": position})
                for position, sub in enumerate(data.sub_items)
            ),
            key=lambda s: s.label,
            factory=AgendaSubItem,
        )
        return row

    @staticmethod
    def _documents(session: Session, congress_id: int, symbols: list[str]) -> list[Document]:
        documents = []
        for symbol in dict.fromkeys(symbols):
            document = repository.document(session, congress_id, symbol)
            if document is None:
                document = Document(congress_id=congress_id, symbol=symbol)
                session.add(document)
            documents.append(document)
        return documents

    def blockers(self, session: Session, scope: CongressScope, row: AgendaItem) -> list[str]:
        found = []
        cluster = repository.cluster_of(session, row.id)
        if cluster is not None:
            found.append(f"cluster {cluster.key}")
        found += [f"workshop {n}" for n in repository.workshops_of_item(session, row.id)]
        found += [
            f"the {rules.event_name(e.kind)} event"
            for e in repository.fixed_events(session, scope.congress.id)
            if row.number in e.agenda_items
        ]
        found += repository.targeting(session, scope.congress.id, keys.item_unit(row.number))
        return found


class ClusterService(ResourceService[CongressScope, Cluster, ClusterCreate, ClusterResource]):
    label = "cluster"

    def public(self, row: Cluster) -> ClusterResource:
        first = row.members[0].item if row.members else None
        return ClusterResource(
            id=row.id,
            key=row.key,
            items=row.item_numbers,
            meetings=row.meetings,
            body=first.body.key if first is not None and first.body is not None else None,
            **unit_fields(row),
        )

    def describe(self, row: Cluster) -> str:
        return f"cluster {row.key}"

    def write(
        self, session: Session, scope: CongressScope, row: Cluster | None, data: ClusterCreate
    ) -> Cluster:
        congress = scope.congress
        found = repository.items_numbered(session, congress.id, data.items)
        others = {
            number: other.key
            for number, item in found.items()
            if (other := repository.cluster_of(session, item.id)) is not None and other is not row
        }
        rules.raise_first(
            rules.cluster(
                data.items,
                {n: item.meetings for n, item in found.items()},
                {n: item.body.key if item.body else None for n, item in found.items()},
                others,
            )
        )
        check_unit(session, scope, data)
        key = cluster_record_key(data.items)
        if row is not None and row.key != key:
            referring = repository.targeting(
                session, congress.id, keys.cluster_unit(row.item_numbers)
            )
            if referring:
                raise conflict(
                    f"The items of cluster {row.key} cannot change while {', '.join(referring)} "
                    "name it. Change those first."
                )
        row = stored(
            session,
            row,
            lambda: Cluster(
                congress_id=congress.id, position=next_position(session, Cluster, congress.id)
            ),
        )
        row.key = key
        row.meetings = data.meetings
        assign_changed(row, unit_columns(data))
        sync(
            session,
            row.members,
            ((n, {"item": found[n], "position": p}) for p, n in enumerate(data.items)),
            key=lambda m: m.item.number,
            factory=ClusterItem,
        )
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Cluster) -> list[str]:
        return repository.targeting(session, scope.congress.id, keys.cluster_unit(row.item_numbers))


agenda_items = AgendaItemService(repository.item, repository.items)
clusters = ClusterService(repository.cluster, repository.clusters)
