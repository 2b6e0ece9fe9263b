"""The schedule in the frab format (XML and JSON), which conference apps load
(Giggity, EventFahrplan, the c3voc tools; pretalx exports the same shape).

Days run from 04:00 to 03:59 local time as in frab; rooms hold events; each event has
a stable guid (a UUID of its meeting's URL), so an app recognises a moved meeting.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import uuid
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from typing import Any

from app.exports.base import Exporter, ExportSource
from app.pages.annex import MeetingView
from app.side_events.programme import ConfirmedSideEvent

GENERATOR = "congress-scheduler"
NO_ROOM = "Room to be announced"


#: The track and type of the confirmed side events (their organizers' meetings).
SIDE_EVENTS_TRACK = "Side events"
SIDE_EVENT_TYPE = "side-event"


@dataclass(frozen=True)
class _Entry:
    """A meeting of the version or a confirmed side event, as frab sees an event."""

    key: str
    url: str
    start: dt.datetime  #: aware, in the venue's zone
    end: dt.datetime
    date: dt.date
    room: str
    title: str
    track: str
    type: str
    abstract: str
    description: str


@dataclass
class _Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: dict[str, list[_Entry]] = field(default_factory=dict)


def _meeting_entry(source: ExportSource, view: MeetingView) -> _Entry:
    m = view.meeting
    return _Entry(
        key=m.key,
        url=source.meeting_url(m.key),
        start=view.start,
        end=view.end,
        date=m.date,
        room=view.room or NO_ROOM,
        title=" / ".join(line.text for line in view.lines),
        track=view.body_name,
        type=m.kind,
        abstract="; ".join(f"{i.number}. {i.title}" for i in view.items)
        or (view.workshop_title or ""),
        description=", ".join(d.symbol for d in view.documents),
    )


def _side_event_entry(source: ExportSource, event: ConfirmedSideEvent) -> _Entry:
    local = source.annex.labeller.local
    return _Entry(
        key=event.key,
        url=source.side_event_url(event.key),
        start=local(event.start),
        end=local(event.end),
        date=event.date,
        room=event.room or NO_ROOM,
        title=event.title,
        track=SIDE_EVENTS_TRACK,
        type=SIDE_EVENT_TYPE,
        abstract=f"Side event organized by {event.organizer}",
        description="",
    )


def _entries(source: ExportSource) -> list[_Entry]:
    entries = [_meeting_entry(source, v) for v in source.annex.meetings]
    entries += [_side_event_entry(source, e) for e in source.side_events]
    return sorted(entries, key=lambda e: (e.start, e.room, e.key))


def _duration(entry: _Entry) -> str:
    minutes = int((entry.end - entry.start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _guid(url: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, url))


def _room_guid(source: ExportSource, room: str) -> str:
    # As before side events came in, so that apps keep recognising the rooms.
    return _guid(source.meeting_url("room:" + room))


def _event_id(key: str) -> int:
    # frab wants a positive integer id; derived from the key so it survives new versions.
    return zlib.crc32(key.encode("utf-8")) or 1


def _code(key: str) -> str:
    """pretalx's short code (six of A-Z and 2-7, as the c3voc schemas want), stable per key."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:6]


def _acronym(slug: str) -> str:
    """The congress's slug as the c3voc schemas want an acronym: lower-case letters,
    digits and underscores (their JSON schema allows a hyphen only as the first sign)."""
    return re.sub(r"[^a-z0-9_]", "_", slug.lower()).ljust(4, "_")


def _days(source: ExportSource, entries: list[_Entry]) -> list[_Day]:
    zone = source.annex.labeller.zone
    first = min([source.congress.start_date, *(e.date for e in entries)])
    last = max([source.congress.end_date, *(e.date for e in entries)])
    days: list[_Day] = []
    for index in range((last - first).days + 1):
        date = first + dt.timedelta(days=index)
        start = dt.datetime.combine(date, dt.time(4, 0), tzinfo=zone)
        days.append(_Day(index + 1, date, start, start + dt.timedelta(days=1, minutes=-1)))
    by_date = {d.date: d for d in days}
    for entry in entries:
        by_date[entry.date].rooms.setdefault(entry.room, []).append(entry)
    return days


def _event(source: ExportSource, entry: _Entry) -> dict[str, Any]:
    return {
        "guid": _guid(entry.url),
        "id": _event_id(entry.key),
        "code": _code(entry.key),
        "date": entry.start.isoformat(),
        "start": entry.start.strftime("%H:%M"),
        "duration": _duration(entry),
        "room": entry.room,
        "slug": f"{source.congress.slug}-{entry.key}".replace(":", "-"),
        "url": entry.url,
        "title": entry.title,
        "subtitle": "",
        "track": entry.track,
        "type": entry.type,
        "language": source.annex.lang,
        "abstract": entry.abstract,
        "description": entry.description,
        "recording_license": "",
        "do_not_record": False,
        "persons": [],
        "links": [],
        "attachments": [],
    }


def _conference(source: ExportSource, days: list[_Day]) -> dict[str, Any]:
    c = source.congress
    return {
        "acronym": _acronym(c.slug),
        "title": source.annex.labels.congress.name,
        "start": days[0].date.isoformat() if days else c.start_date.isoformat(),
        "end": days[-1].date.isoformat() if days else c.end_date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:30",
        "time_zone_name": c.time_zone,
        "url": source.page_url,
    }


def _tracks(source: ExportSource) -> list[str]:
    tracks = [col.name for col in source.annex.all_columns]
    return [*tracks, SIDE_EVENTS_TRACK] if source.side_events else tracks


class FrabJson(Exporter):
    identifier = "schedule.json"
    verbose_name = "Schedule (frab JSON, for conference apps)"
    content_type = "application/json"
    download = False

    def render(self, source: ExportSource) -> bytes:
        days = _days(source, _entries(source))
        conference = _conference(source, days)
        rooms = sorted({room for d in days for room in d.rooms})
        conference["rooms"] = [{"name": r, "guid": _room_guid(source, r)} for r in rooms]
        conference["tracks"] = [{"name": name} for name in _tracks(source)]
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
        days = _days(source, _entries(source))
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
                    day, "room", name=room_name, guid=_room_guid(source, room_name)
                )
                for entry in views:
                    data = _event(source, entry)
                    event = ET.SubElement(
                        room, "event", guid=data["guid"], id=str(data["id"]), code=data["code"]
                    )
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
                    # The schema wants a licence with each recording; the service knows
                    # none (the UN's terms apply), so it says so with an empty one.
                    recording = ET.SubElement(event, "recording")
                    ET.SubElement(recording, "license").text = data["recording_license"]
                    ET.SubElement(recording, "optout").text = "false"
                    ET.SubElement(event, "persons")
                    ET.SubElement(event, "links")
        ET.indent(root)
        document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        return document
