"""Labels in a language and times in the venue's zone: the one labeller that the pages,
the feeds and the exports read a version's words through.

What a version says (names and titles in every language, document symbols) is its
snapshot once published, the congress as it is for a draft (`snapshot.labels_of`); the
labeller chooses among them for one language, with English as the fallback, and says
which language each text is in, so that pages can mark a fallback with its own `lang`
attribute (a screen reader then reads English titles with English rules).

Meetings' times are stored as the venue's wall clock (naive): `local` gives them the
venue's zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.congresses.models import Congress
from app.core.languages import pick
from app.timetables import changes
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.timetables.snapshot import (
    BodyLabel,
    ItemLabel,
    Labels,
    WorkshopLabel,
    labels_of,
    labels_of_congress,
)

#: A text and the language it is in ("en" when it fell back to English).
Text = tuple[str, str]


def venue_time(moment: dt.datetime, time_zone: str) -> dt.datetime:
    """A stored wall-clock time of the venue (naive), aware of the venue's zone."""
    return moment.replace(tzinfo=ZoneInfo(time_zone))


class Labeller:
    """The words of one version in one language, and the venue's clock."""

    def __init__(self, labels: Labels, language: str | None, time_zone: str) -> None:
        self.labels = labels
        self.language = language or "en"
        self.time_zone = time_zone
        self.zone = ZoneInfo(time_zone)
        self._others: dict[int, Labeller] = {id(labels): self}

    @classmethod
    def of_version(
        cls, version: TimetableVersion, congress: Congress, language: str | None
    ) -> Labeller:
        """What `version` shows (its snapshot once published; a draft: the congress)."""
        return cls(labels_of(version, congress), language, congress.time_zone)

    @classmethod
    def of_congress(cls, congress: Congress, language: str | None) -> Labeller:
        """The congress as it is now (what the next publication would freeze)."""
        return cls(labels_of_congress(congress), language, congress.time_zone)

    def with_labels(self, labels: Labels) -> Labeller:
        """The same language and clock over another version's words (a meeting
        cancelled since is shown as it was last announced)."""
        found = self._others.get(id(labels))
        if found is None:
            found = Labeller(labels, self.language, self.time_zone)
            self._others[id(labels)] = found
        return found

    # ---- times -------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A stored wall-clock time of the venue, aware of the venue's zone."""
        return venue_time(moment, self.time_zone)

    # ---- texts -------------------------------------------------------------------

    def pick(self, text: str, translations: dict[str, object] | None) -> Text:
        return pick(text, translations, self.language)

    def congress_name(self) -> Text:
        named = self.labels.congress
        return self.pick(named.name, named.translations.get("name"))

    def congress_venue(self) -> Text:
        named = self.labels.congress
        return self.pick(named.venue, named.translations.get("venue"))

    def body(self, key: str) -> BodyLabel | None:
        return self.labels.body(key)

    def body_name(self, key: str, fallback: str) -> Text:
        """The body's name; `fallback` (the name a meeting row carries) for a body the
        version's words do not know."""
        body = self.labels.body(key)
        return self.pick(body.name, body.translations) if body else (fallback, "en")

    def meeting_body(self, meeting: TimetableMeeting) -> Text:
        return self.body_name(meeting.body_key, meeting.body_name)

    def item(self, number: int) -> ItemLabel | None:
        return self.labels.item(number)

    def item_title(self, number: int) -> Text | None:
        item = self.labels.item(number)
        return self.pick(item.title, item.translations) if item else None

    def workshop(self, number: int | None) -> WorkshopLabel | None:
        return self.labels.workshop(number) if number is not None else None

    def workshop_title(self, number: int | None) -> Text | None:
        """The workshop's full title."""
        workshop = self.workshop(number)
        return self.pick(workshop.title, workshop.translations) if workshop else None

    def workshop_name(self, number: int | None) -> Text | None:
        """The workshop as the annex and the feeds name it: its translation, else its
        short, title-cased form (the full title when it has none)."""
        workshop = self.workshop(number)
        if workshop is None:
            return None
        translation = workshop.translations.get(self.language)
        if self.language != "en" and isinstance(translation, str) and translation:
            return translation, self.language
        return workshop.short_title or workshop.title, "en"

    @staticmethod
    def workshop_of(meeting: TimetableMeeting) -> int | None:
        """The number of the workshop a meeting belongs to (a meeting row keeps the
        workshop's title for display; the number, in its key, identifies it)."""
        return changes.workshop_number(meeting)
