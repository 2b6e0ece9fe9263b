"""Every list of speakers of a congress as one CSV, in order, with estimated times
against the published version (the lists' own service computes order and times)."""

from __future__ import annotations

import csv
import io

from app.core.spreadsheet import spreadsheet_cell
from app.exports.base import Exporter, ExportSource
from app.speakers import repository as speakers_repository
from app.speakers import service as speakers_service

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


class SpeakersCsv(Exporter):
    identifier = "speakers.csv"
    verbose_name = "Lists of speakers (CSV)"
    content_type = "text/csv; charset=utf-8"

    def render(self, source: ExportSource) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        now = speakers_service.now_utc()
        for speakers_list in speakers_repository.lists_of(source.session, source.congress.id):
            view = speakers_service.list_public(source.session, source.congress, speakers_list, now)
            for e in view.entries:
                # Names and titles come from delegations: no cell may start a formula.
                row: list[object] = [
                    view.target,
                    view.title,
                    e.position,
                    e.delegation,
                    e.name,
                    e.title,
                    e.protocol_level.value,
                    e.language,
                    e.meeting or "",
                    e.estimated_start.isoformat() if e.estimated_start else "",
                    e.estimated_end.isoformat() if e.estimated_end else "",
                    "yes" if e.overflow else "no",
                ]
                writer.writerow([spreadsheet_cell(cell) for cell in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
