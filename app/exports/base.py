"""Exporters, in the manner of pretalx: each a small class with an identifier, a
content type and whether the public may fetch it; `render` turns a published version
into bytes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.pages.annex import Annex
from app.side_events.programme import ConfirmedSideEvent
from app.timetables.models import TimetableVersion


@dataclass(frozen=True)
class ExportSource:
    """What an exporter reads: the congress, a published version laid out as the annex."""

    congress: Congress
    version: TimetableVersion
    annex: Annex
    #: The service's own address, e.g. "https://congress.example.org", for links.
    base_url: str
    session: Session
    #: The confirmed side events (naive local times), for the latest version only: they
    #: are today's arrangements, not part of an earlier version (as on the page).
    side_events: tuple[ConfirmedSideEvent, ...] = ()

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/congresses/{self.congress.slug}/organization-of-work"

    def meeting_url(self, key: str) -> str:
        return f"{self.base_url}/congresses/{self.congress.slug}/meetings/{key}"

    def side_event_url(self, key: str) -> str:
        """Side events have no page of their own: their row on the organization of work."""
        return f"{self.page_url}#{key}"


class Exporter(ABC):
    #: The last part of the route: /congresses/{c}/exports/{identifier}.
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    content_type: ClassVar[str]
    #: False: only the secretariat (an organizer token) may fetch it.
    public: ClassVar[bool] = True
    #: Served as a download (Content-Disposition: attachment) rather than inline.
    download: ClassVar[bool] = True

    def filename(self, source: ExportSource) -> str:
        return f"{source.congress.slug}-v{source.version.number}-{self.identifier}"

    @abstractmethod
    def render(self, source: ExportSource) -> bytes:
        """The export of the published version in `source`."""
