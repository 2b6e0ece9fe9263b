"""What the public sees of a published version besides its meetings' rows: the names
and titles of the congress, its bodies, agenda items, workshops and slots, in every
language, with the documents' symbols.

A published version is a record of what was announced (a correction reaches the
public as the next published version, a corrigendum): `publish` stores these labels
in the version (`TimetableVersion.snapshot`), and every reader of a published version
(pages, exports, feeds) takes them from there, never from the live rows. A draft has
no snapshot: it shows the congress as it is now.

The classes keep the attribute names of the rows they stand for (`name`,
`translations`, `title`, `documents`, …), so that code which labels a meeting reads a
snapshot as it would read the rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

from app.congresses.models import Congress
from app.timetables.models import TimetableVersion


@dataclass(frozen=True)
class DocumentLabel:
    symbol: str
    title: str | None = None


@dataclass(frozen=True)
class BodyLabel:
    key: str
    name: str
    translations: dict[str, Any]


@dataclass(frozen=True)
class ItemLabel:
    number: int
    title: str
    translations: dict[str, Any]
    documents: tuple[DocumentLabel, ...] = ()


@dataclass(frozen=True)
class WorkshopLabel:
    number: int
    title: str
    short_title: str | None
    translations: dict[str, Any]
    documents: tuple[DocumentLabel, ...] = ()


@dataclass(frozen=True)
class SlotLabel:
    key: str
    name: str
    position: int


@dataclass(frozen=True)
class CongressLabel:
    name: str
    symbol: str | None
    venue: str
    city: str | None
    country: str | None
    translations: dict[str, Any]


@dataclass(frozen=True)
class Labels:
    """The labels of one version, in the congress's order."""

    congress: CongressLabel
    bodies: tuple[BodyLabel, ...]
    agenda_items: tuple[ItemLabel, ...]
    workshops: tuple[WorkshopLabel, ...]
    meeting_slots: tuple[SlotLabel, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Labels:
        def documents(found: dict[str, Any]) -> tuple[DocumentLabel, ...]:
            return tuple(DocumentLabel(**d) for d in found.get("documents", ()))

        return cls(
            congress=CongressLabel(**data["congress"]),
            bodies=tuple(BodyLabel(**b) for b in data.get("bodies", ())),
            agenda_items=tuple(
                ItemLabel(**{**i, "documents": documents(i)}) for i in data.get("agenda_items", ())
            ),
            workshops=tuple(
                WorkshopLabel(**{**w, "documents": documents(w)}) for w in data.get("workshops", ())
            ),
            meeting_slots=tuple(SlotLabel(**s) for s in data.get("meeting_slots", ())),
        )

    # Looked up for every meeting of every version: indexed once per Labels.
    @cached_property
    def _bodies(self) -> dict[str, BodyLabel]:
        return {b.key: b for b in self.bodies}

    @cached_property
    def _items(self) -> dict[int, ItemLabel]:
        return {i.number: i for i in self.agenda_items}

    @cached_property
    def _workshops(self) -> dict[int, WorkshopLabel]:
        return {w.number: w for w in self.workshops}

    def body(self, key: str) -> BodyLabel | None:
        return self._bodies.get(key)

    def item(self, number: int) -> ItemLabel | None:
        return self._items.get(number)

    def workshop(self, number: int) -> WorkshopLabel | None:
        return self._workshops.get(number)


def labels_of_congress(congress: Congress) -> Labels:
    """The congress's labels as they are now (what a publication freezes)."""
    return Labels(
        congress=CongressLabel(
            name=congress.name,
            symbol=congress.symbol,
            venue=congress.venue,
            city=congress.city,
            country=congress.country,
            translations=dict(congress.translations or {}),
        ),
        bodies=tuple(
            BodyLabel(key=b.key, name=b.name, translations=dict(b.translations or {}))
            for b in congress.bodies
        ),
        agenda_items=tuple(
            ItemLabel(
                number=i.number,
                title=i.title,
                translations=dict(i.translations or {}),
                documents=tuple(DocumentLabel(d.symbol, d.title) for d in i.documents),
            )
            for i in congress.agenda_items
        ),
        workshops=tuple(
            WorkshopLabel(
                number=w.number,
                title=w.title,
                short_title=w.short_title,
                translations=dict(w.translations or {}),
                documents=tuple(DocumentLabel(d.symbol, d.title) for d in w.documents),
            )
            for w in congress.workshops
        ),
        meeting_slots=tuple(
            SlotLabel(key=s.key, name=s.name, position=s.position) for s in congress.meeting_slots
        ),
    )


def labels_of(version: TimetableVersion, congress: Congress) -> Labels:
    """What the version shows: its snapshot once published; a draft (or a version
    published before snapshots were kept) shows the congress as it is now."""
    if version.snapshot:
        return Labels.from_json(version.snapshot)
    return labels_of_congress(congress)


def freeze(version: TimetableVersion, congress: Congress) -> None:
    """Store the congress's labels in the version being published."""
    version.snapshot = labels_of_congress(congress).to_json()
