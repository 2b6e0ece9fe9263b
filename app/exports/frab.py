"""The schedule in the frab format (XML and JSON), which conference apps load
(Giggity, EventFahrplan, the c3voc tools; pretalx exports the same shape).

Days run from 04:00 to 03:59 local time as in frab; rooms hold events; each event has
a stable guid (a UUID of its meeting's URL), so an app recognises a moved meeting.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from typing import Any

from app.exports.base import Exporter, ExportSource
from app.pages.annex import MeetingView

GENERATOR = "congress-scheduler"
NO_ROOM = "Room to be announced"


@dataclass
class _Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: dict[str, list[MeetingView]] = field(default_factory=dict)


def _duration(view: MeetingView) -> str:
    minutes = int((view.end - view.start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _guid(source: ExportSource, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, source.meeting_url(key)))


def _event_id(key: str) -> int:
    # frab wants an integer id; derived from the key so it survives new versions.
    return zlib.crc32(key.encode("utf-8"))


def _days(source: ExportSource) -> list[_Day]:
    views = source.annex.meetings
    zone = views[0].start.tzinfo if views else None
    first = min([source.congress.start_date, *(v.meeting.date for v in views)])
    last = max([source.congress.end_date, *(v.meeting.date for v in views)])
    days: list[_Day] = []
    for index in range((last - first).days + 1):
        date = first + dt.timedelta(days=index)
        start = dt.datetime.combine(date, dt.time(4, 0), tzinfo=zone)
        days.append(_Day(index + 1, date, start, start + dt.timedelta(days=1, minutes=-1)))
    by_date = {d.date: d for d in days}
    for view in views:
        day = by_date[view.meeting.date]
        day.rooms.setdefault(view.room or NO_ROOM, []).append(view)
    return days


def _event(source: ExportSource, view: MeetingView) -> dict[str, Any]:
    m = view.meeting
    return {
        "guid": _guid(source, m.key),
        "id": _event_id(m.key),
        "code": m.key,
        "date": view.start.isoformat(),
        "start": view.start.strftime("%H:%M"),
        "duration": _duration(view),
        "room": view.room or NO_ROOM,
        "slug": f"{source.congress.slug}-{m.key}".replace(":", "-"),
        "url": source.meeting_url(m.key),
        "title": " / ".join(line.text for line in view.lines),
        "subtitle": "",
        "track": view.body_name,
        "type": m.kind,
        "language": source.annex.lang,
        "abstract": "; ".join(f"{i.number}. {i.title}" for i in view.items)
        or (view.workshop_title or ""),
        "description": ", ".join(d.symbol for d in view.documents),
        "recording_license": "",
        "do_not_record": False,
        "persons": [],
        "links": [],
        "attachments": [],
    }


def _conference(source: ExportSource, days: list[_Day]) -> dict[str, Any]:
    c = source.congress
    return {
        "acronym": c.slug,
        "title": source.annex.labels.congress.name,
        "start": days[0].date.isoformat() if days else c.start_date.isoformat(),
        "end": days[-1].date.isoformat() if days else c.end_date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:30",
        "time_zone_name": c.time_zone,
        "url": source.page_url,
    }


class FrabJson(Exporter):
    identifier = "schedule.json"
    verbose_name = "Schedule (frab JSON, for conference apps)"
    content_type = "application/json"
    download = False

    def render(self, source: ExportSource) -> bytes:
        days = _days(source)
        conference = _conference(source, days)
        rooms = sorted({room for d in days for room in d.rooms})
        conference["rooms"] = [{"name": r, "guid": _guid(source, "room:" + r)} for r in rooms]
        conference["tracks"] = [{"name": col.name} for col in source.annex.all_columns]
        conference["days"] = [
            {
                "index": d.index,
                "date": d.date.isoformat(),
                "day_start": d.start.isoformat(),
                "day_end": d.end.isoformat(),
                "rooms": {
                    room: [_event(source, v) for v in views] for room, views in d.rooms.items()
                },
            }
            for d in days
        ]
        data = {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": GENERATOR, "version": "0.1.0"},
            "schedule": {
                "version": str(source.version.number),
                "base_url": source.base_url + "/",
                "conference": conference,
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


class FrabXml(Exporter):
    identifier = "schedule.xml"
    verbose_name = "Schedule (frab XML, for conference apps)"
    content_type = "application/xml"
    download = False

    def render(self, source: ExportSource) -> bytes:
        days = _days(source)
        root = ET.Element("schedule")
        ET.SubElement(root, "generator", name=GENERATOR, version="0.1.0")
        ET.SubElement(root, "version").text = str(source.version.number)
        conference = ET.SubElement(root, "conference")
        for name, value in _conference(source, days).items():
            tag = "days" if name == "daysCount" else name
            ET.SubElement(conference, tag).text = str(value)
        ET.SubElement(conference, "base_url").text = source.base_url + "/"
        for d in days:
            day = ET.SubElement(
                root,
                "day",
                index=str(d.index),
                date=d.date.isoformat(),
                start=d.start.isoformat(),
                end=d.end.isoformat(),
            )
            for room_name, views in d.rooms.items():
                room = ET.SubElement(
                    day, "room", name=room_name, guid=_guid(source, "room:" + room_name)
                )
                for view in views:
                    data = _event(source, view)
                    event = ET.SubElement(room, "event", guid=data["guid"], id=str(data["id"]))
                    for tag in (
                        "date",
                        "start",
                        "duration",
                        "room",
                        "slug",
                        "url",
                        "title",
                        "subtitle",
                        "track",
                        "type",
                        "language",
                        "abstract",
                        "description",
                    ):
                        ET.SubElement(event, tag).text = str(data[tag])
                    recording = ET.SubElement(event, "recording")
                    ET.SubElement(recording, "optout").text = "false"
                    ET.SubElement(event, "persons")
                    ET.SubElement(event, "links")
        ET.indent(root)
        document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return document
