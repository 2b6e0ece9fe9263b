"""Which public feeds a congress has, and where each is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from app.congresses.models import Congress
from app.feeds.labels import items_label, label
from app.timetables.presentation import Labeller

FeedKind = Literal[
    "congress", "body", "room", "agenda-item", "workshop", "high-level-segment", "side-events"
]

#: The feeds that hold side events.
SIDE_EVENT_FEEDS = ("room", "side-events")


@dataclass(frozen=True)
class FeedRef:
    """Which public feed: the kind and the body key, room key, item or workshop number."""

    kind: FeedKind
    key: str = ""

    @property
    def path(self) -> str:
        """Path under /congresses/{c}/feeds/."""
        return {
            "congress": "congress.ics",
            "body": f"bodies/{quote(self.key, safe='')}.ics",
            "room": f"rooms/{quote(self.key, safe='')}.ics",
            "agenda-item": f"agenda-items/{self.key}.ics",
            "workshop": f"workshops/{self.key}.ics",
            "high-level-segment": "high-level-segment.ics",
            "side-events": "side-events.ics",
        }[self.kind]


def feed_refs(congress: Congress, language: str | None = None) -> list[tuple[FeedRef, str]]:
    """Every public feed of a congress with its name, in display order (the congress
    as it is now: which feeds exist is not a matter of a published version)."""
    words = Labeller.of_congress(congress, language)
    lang = words.language
    refs: list[tuple[FeedRef, str]] = [(FeedRef("congress"), words.congress_name()[0])]
    refs += [(FeedRef("body", b.key), words.body_name(b.key, b.name)[0]) for b in congress.bodies]
    refs += [(FeedRef("room", r.key), f"{label('room', lang)}: {r.name}") for r in congress.rooms]
    refs += [
        (
            FeedRef("agenda-item", str(i.number)),
            # The agenda's titles end with a full stop; a name is followed by ": ".
            f"{items_label([i.number], lang)}. "
            + words.pick(i.title, i.translations)[0].strip().rstrip("."),
        )
        for i in congress.agenda_items
    ]
    refs += [
        (
            FeedRef("workshop", str(w.number)),
            f"{label('workshop', lang)} {w.number}: "
            + words.pick(w.title, w.translations)[0].strip().rstrip("."),
        )
        for w in congress.workshops
    ]
    if congress.high_level_segment is not None:
        refs.append((FeedRef("high-level-segment"), label("high-level", lang)))
    refs.append((FeedRef("side-events"), label("side-events", lang)))
    return refs
