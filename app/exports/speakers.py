"""Lists of speakers as CSV, in order, with estimated times against the published
version (the lists' own service computes order and times): every list of a congress as
one export, and one list on its own (GET …/speakers-lists/{target}/speakers.csv)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from app.core.database import utc_now
from app.core.spreadsheet import spreadsheet_cell
from app.exports.base import Exporter, ExportSource
from app.speakers import repository as speakers_repository
from app.speakers.order import list_public
from app.speakers.schemas import ScheduledEntryPublic, SpeakersListPublic

#: The export of every list: each row names its list.
COLUMNS = (
    "list",
    "list_title",
    "position",
    "delegation",
    "name",
    "title",
    "protocol_level",
    "language",
    "meeting",
    "estimated_start",
    "estimated_end",
    "overflow",
)

#: One list on its own, with each delegation's statement number.
LIST_COLUMNS = (
    "position",
    "delegation",
    "name",
    "title",
    "protocol_level",
    "language",
    "sequence",
    "meeting",
    "estimated_start",
    "estimated_end",
    "overflow",
)


def _cells(view: SpeakersListPublic, e: ScheduledEntryPublic) -> dict[str, object]:
    return {
        "list": view.target,
        "list_title": view.title,
        "position": e.position,
        "delegation": e.delegation,
        "name": e.name,
        "title": e.title,
        "protocol_level": e.protocol_level.value,
        "language": e.language,
        "sequence": e.sequence,
        "meeting": e.meeting or "",
        "estimated_start": e.estimated_start.isoformat() if e.estimated_start else "",
        "estimated_end": e.estimated_end.isoformat() if e.estimated_end else "",
        "overflow": "yes" if e.overflow else "no",
    }


def _csv(columns: Sequence[str], views: Iterable[SpeakersListPublic]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for view in views:
        for e in view.entries:
            cells = _cells(view, e)
            # Names and titles come from delegations: no cell may start a formula.
            writer.writerow([spreadsheet_cell(cells[column]) for column in columns])
    return out.getvalue()


def list_csv(view: SpeakersListPublic) -> str:
    """One list of speakers as CSV text."""
    return _csv(LIST_COLUMNS, [view])


class SpeakersCsv(Exporter):
    identifier = "speakers.csv"
    verbose_name = "Lists of speakers (CSV)"
    content_type = "text/csv; charset=utf-8"

    def render(self, source: ExportSource) -> bytes:
        now = utc_now()
        views = (
            list_public(source.session, source.congress, speakers_list, now)
            for speakers_list in speakers_repository.lists_of(source.session, source.congress.id)
        )
        # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
        return ("\ufeff" + _csv(COLUMNS, views)).encode("utf-8")
