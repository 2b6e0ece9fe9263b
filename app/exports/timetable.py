"""The timetable as CSV (one row per meeting) and as JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from app.core.spreadsheet import spreadsheet_cell
from app.exports.base import Exporter, ExportSource
from app.exports.frab import SIDE_EVENT_TYPE
from app.pages.annex import MeetingView
from app.side_events.programme import ConfirmedSideEvent

CSV_COLUMNS = (
    "version",
    "key",
    "date",
    "slot",
    "body",
    "body_name",
    "kind",
    "start",
    "end",
    "time_zone",
    "room",
    "agenda_items",
    "workshop",
    "cell",
    "sequence",
    "organizer",
)


def meeting_record(source: ExportSource, view: MeetingView) -> dict[str, Any]:
    m = view.meeting
    return {
        "key": m.key,
        "date": m.date.isoformat(),
        "slot": m.slot_key,
        "slot_name": view.slot_name,
        "body": m.body_key,
        "body_name": view.body_name,
        "kind": m.kind,
        "start": view.start.isoformat(),
        "end": view.end.isoformat(),
        "room": m.room,
        "agenda_items": list(m.agenda_items),
        "workshop": view.workshop_title,
        "cell": [line.text for line in view.lines],
        "documents": [d.symbol for d in view.documents],
        "sequence": m.sequence,
        "url": source.meeting_url(m.key),
    }


def side_event_row(source: ExportSource, event: ConfirmedSideEvent) -> dict[str, Any]:
    """A confirmed side event as a row of the timetable CSV (its organizer in a column
    of its own; meetings leave that column empty)."""
    local = source.annex.labeller.local
    return {
        "version": source.version.number,
        "key": event.key,
        "date": event.date.isoformat(),
        "slot": event.window,
        "body": "",
        "body_name": "",
        "kind": SIDE_EVENT_TYPE,
        "start": local(event.start).isoformat(),
        "end": local(event.end).isoformat(),
        "time_zone": source.congress.time_zone,
        "room": event.room or "",
        "agenda_items": "" if event.agenda_item is None else str(event.agenda_item),
        "workshop": "",
        "cell": event.title,
        "sequence": event.sequence,
        "organizer": event.organizer,
    }


class TimetableCsv(Exporter):
    identifier = "timetable.csv"
    verbose_name = "Timetable (CSV)"
    content_type = "text/csv; charset=utf-8"

    def render(self, source: ExportSource) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for view in source.annex.meetings:
            record = meeting_record(source, view)
            row = {
                **{k: record[k] for k in CSV_COLUMNS if k in record},
                "version": source.version.number,
                "time_zone": source.congress.time_zone,
                "agenda_items": ";".join(str(n) for n in record["agenda_items"]),
                "workshop": record["workshop"] or "",
                "room": record["room"] or "",
                # One line of the annex cell per line, as in the annex.
                "cell": "\n".join(record["cell"]),
            }
            # Titles come from seed files: no cell may start a formula.
            writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
        for event in source.side_events:
            writer.writerow(
                {k: spreadsheet_cell(v) for k, v in side_event_row(source, event).items()}
            )
        # A byte-order mark so that spreadsheet programs read the file as UTF-8.
        return ("\ufeff" + out.getvalue()).encode("utf-8")


class TimetableJson(Exporter):
    identifier = "timetable.json"
    verbose_name = "Timetable (JSON)"
    content_type = "application/json"
    download = False

    def render(self, source: ExportSource) -> bytes:
        c, v = source.congress, source.version
        named = source.annex.labels.congress  # as the version announced it
        data = {
            "congress": {
                "slug": c.slug,
                "name": named.name,
                "symbol": named.symbol,
                "venue": named.venue,
                "city": named.city,
                "country": named.country,
                "time_zone": c.time_zone,
                "start_date": c.start_date.isoformat(),
                "end_date": c.end_date.isoformat(),
            },
            "version": {
                "number": v.number,
                "published_at": v.published_at.isoformat() if v.published_at else None,
                "change_log": v.change_log,
                "url": source.page_url,
            },
            "language": source.annex.lang,
            "meetings": [meeting_record(source, view) for view in source.annex.meetings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
