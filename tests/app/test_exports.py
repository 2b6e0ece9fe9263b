"""Exports of the published organization of work: CSV, JSON, frab XML and JSON for
conference apps, the annex as DOCX, and the lists of speakers as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from docx import Document
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.auth.deps import Principal
from app.auth.models import Role
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from app.speakers import inscription as speakers_inscription
from app.speakers import lists
from app.speakers import repository as speakers_repository
from app.speakers.models import ProtocolLevel
from app.speakers.schemas import SpeakerCreate, SpeakersListCreate
from tests.support.annex_2010 import SLUG, publish_as_annex
from tests.support.side_events import (
    APRIL_14,
    allocate,
    confirm,
    request,
    side_event_rooms_and_tokens,
)

EXPORTS = f"/congresses/{SLUG}/exports"
UTC = dt.UTC
#: The c3voc schemas of the frab format (origin and licence in their README).
C3VOC = Path(__file__).parents[1] / "schemas" / "c3voc"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url="https://congress.example.org")
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.fixture
def published(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> int:
    version = publish_as_annex(session_factory)
    assert version.number is not None
    return version.number


def test_the_exports_on_offer(salvador_2010: LoadResult, client: TestClient) -> None:
    offered = {e["identifier"]: e for e in client.get(EXPORTS).json()}
    assert set(offered) == {
        "timetable.csv",
        "timetable.json",
        "schedule.xml",
        "schedule.json",
        "organization-of-work.docx",
        "speakers.csv",
    }
    assert offered["schedule.xml"]["url"] == (
        f"https://congress.example.org/congresses/{SLUG}/exports/schedule.xml"
    )
    assert all(e["public"] for e in offered.values())


def test_nothing_to_export_before_publication(
    salvador_2010: LoadResult, client: TestClient
) -> None:
    response = client.get(f"{EXPORTS}/timetable.csv")
    assert response.status_code == 404
    assert "no published organization of work" in response.json()["detail"]


def test_an_unknown_export_is_a_404_naming_it(published: int, client: TestClient) -> None:
    response = client.get(f"{EXPORTS}/timetable.pdf")
    assert response.status_code == 404
    assert response.json()["invalid-params"][0]["name"] == "identifier"
    assert client.get(f"{EXPORTS}/timetable.csv", params={"version": 9}).status_code == 404


def test_timetable_csv(published: int, client: TestClient) -> None:
    response = client.get(f"{EXPORTS}/timetable.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{SLUG}-v1-timetable.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 45
    opening = next(r for r in rows if r["kind"] == "opening")
    assert opening["start"] == "2010-04-12T10:00:00-03:00"
    assert opening["time_zone"] == "America/Bahia"
    assert opening["room"] == "Plenary Hall"
    assert opening["agenda_items"] == "1;2;3;5"
    assert opening["cell"].splitlines()[2] == "Agenda item 3. Children, youth and crime"
    workshop = [r for r in rows if r["key"].startswith("workshop-3:")]
    assert [r["cell"] for r in workshop] == [
        "Workshop on Practical Approaches to Preventing Urban Crime",
        "Workshop on Practical Approaches to Preventing Urban Crime (continued)",
    ]


def test_timetable_json(published: int, client: TestClient) -> None:
    data = client.get(f"{EXPORTS}/timetable.json").json()
    assert data["congress"]["time_zone"] == "America/Bahia"
    assert data["version"]["number"] == 1
    closing = next(m for m in data["meetings"] if m["kind"] == "closing")
    assert closing["cell"] == [
        "Agenda item 11. Adoption of the report of the Congress",
        "Closure of the Congress",
    ]
    assert closing["end"] == "2010-04-19T18:00:00-03:00"
    french = client.get(f"{EXPORTS}/timetable.json", params={"lang": "fr"}).json()
    assert french["meetings"][1]["cell"][2] == "Agenda item 3. Enfants, jeunes et criminalité"


def test_frab_xml_loads_as_a_conference_schedule(published: int, client: TestClient) -> None:
    response = client.get(f"{EXPORTS}/schedule.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.headers["access-control-allow-origin"] == "*"
    root = ET.fromstring(response.content)
    assert root.tag == "schedule"
    assert root.findtext("version") == "1"
    conference = root.find("conference")
    assert conference is not None
    # The c3voc schemas allow no hyphen in an acronym after its first sign.
    assert conference.findtext("acronym") == SLUG.replace("-", "_")
    assert conference.findtext("start") == "2010-04-11"
    assert conference.findtext("end") == "2010-04-19"
    assert conference.findtext("days") == "9"
    assert conference.findtext("time_zone_name") == "America/Bahia"
    days = root.findall("day")
    assert [d.get("index") for d in days] == [str(i) for i in range(1, 10)]
    assert days[1].get("start") == "2010-04-12T04:00:00-03:00"
    events = root.findall("day/room/event")
    assert len(events) == 45
    opening = next(e for e in events if e.findtext("type") == "opening")
    assert opening.findtext("date") == "2010-04-12T10:00:00-03:00"
    assert opening.findtext("start") == "10:00"
    assert opening.findtext("duration") == "03:00"
    assert opening.findtext("room") == "Plenary Hall"
    assert opening.findtext("track") == "Plenary"
    assert (opening.findtext("title") or "").startswith("Agenda item 1. Opening of the Congress")
    # Each event links to its meeting's page, which answers.
    url = opening.findtext("url") or ""
    assert url == f"https://congress.example.org/congresses/{SLUG}/meetings/plenary:opening"
    assert client.get(url.removeprefix("https://congress.example.org")).status_code == 200
    assert len({e.get("guid") for e in events}) == 45
    assert all((e.get("id") or "").isdigit() for e in events)


def test_frab_xml_is_valid_against_the_c3voc_schema(published: int, client: TestClient) -> None:
    schema = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    document = etree.fromstring(client.get(f"{EXPORTS}/schedule.xml").content)
    valid = schema.validate(document)
    assert [f"{e.line}: {e.message}" for e in schema.error_log] == []
    assert valid


def test_frab_json_is_valid_against_the_c3voc_schema(published: int, client: TestClient) -> None:
    schema = json.loads((C3VOC / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    data = client.get(f"{EXPORTS}/schedule.json").json()
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.fixture
def side_event(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> int:
    """The annex published, and one side event confirmed on 14 April at lunchtime."""
    tokens = side_event_rooms_and_tokens(session_factory)
    publish_as_annex(session_factory)
    request_id = request(client, tokens, title="Prison reform", organizer="PRI")
    request(client, tokens, title="Not confirmed")
    allocate(client, tokens)
    confirm(client, tokens, request_id)
    return request_id


def test_confirmed_side_events_are_in_the_frab_exports(side_event: int, client: TestClient) -> None:
    key = f"side-event:{side_event}"
    url = f"https://congress.example.org/congresses/{SLUG}/organization-of-work#{key}"
    data = client.get(f"{EXPORTS}/schedule.json").json()
    conference = data["schedule"]["conference"]
    events = [e for d in conference["days"] for r in d["rooms"].values() for e in r]
    side = [e for e in events if e["type"] == "side-event"]
    assert [(e["title"], e["track"], e["url"]) for e in side] == [
        ("Prison reform", "Side events", url)
    ]
    assert side[0]["date"].startswith(APRIL_14.isoformat())
    assert side[0]["room"] != "Room to be announced"
    assert {"name": "Side events"} in conference["tracks"]
    xml = etree.fromstring(client.get(f"{EXPORTS}/schedule.xml").content)
    titles = xml.xpath("day/room/event[type='side-event']/title/text()")
    assert titles == ["Prison reform"]
    # …and both still validate.
    schema = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    assert schema.validate(xml), schema.error_log
    # An earlier version is what was published then: no side events.
    older = client.get(f"{EXPORTS}/schedule.json", params={"version": 1}).json()
    days = older["schedule"]["conference"]["days"]
    types = {e["type"] for d in days for r in d["rooms"].values() for e in r}
    assert "side-event" not in types


def test_confirmed_side_events_are_in_the_timetable_csv(
    side_event: int, client: TestClient
) -> None:
    response = client.get(f"{EXPORTS}/timetable.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    side = [r for r in rows if r["kind"] == "side-event"]
    assert len(side) == 1
    row = side[0]
    assert row["key"] == f"side-event:{side_event}"
    assert row["date"] == APRIL_14.isoformat()
    assert row["cell"] == "Prison reform"
    assert row["organizer"] == "PRI"
    assert row["room"] == next(
        e["room"] for e in client.get(f"/congresses/{SLUG}/side-events").json()[0]["side_events"]
    )
    assert row["start"].startswith(f"{APRIL_14.isoformat()}T") and row["start"].endswith("-03:00")
    assert len(rows) == 46


def test_frab_json_keeps_guids_across_versions(
    published: int, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    data = client.get(f"{EXPORTS}/schedule.json").json()
    schedule = data["schedule"]
    assert schedule["version"] == "1"
    conference = schedule["conference"]
    assert conference["title"].startswith("Twelfth United Nations Congress")
    assert conference["daysCount"] == 9
    assert {r["name"] for r in conference["rooms"]} >= {"Plenary Hall", "Committee Room I"}
    saturday = conference["days"][6]
    assert saturday["date"] == "2010-04-17"
    hall = saturday["rooms"]["Plenary Hall"]
    assert [e["title"] for e in hall] == ["Informal consultations", "High-level segment"]
    assert hall[1]["duration"] == "03:00"
    assert hall[1]["url"] == (
        f"https://congress.example.org/congresses/{SLUG}/meetings/plenary:high-level-segment:1"
    )
    before = {
        e["code"]: e["guid"] for d in conference["days"] for r in d["rooms"].values() for e in r
    }
    # The same meetings, published again: an app sees the same events.
    publish_as_annex(session_factory, "Second publication", pin=False)
    again = client.get(f"{EXPORTS}/schedule.json").json()["schedule"]
    assert again["version"] == "2"
    after = _guids(again["conference"])
    assert after == before


def test_docx_in_the_annex_layout(published: int, client: TestClient) -> None:
    response = client.get(f"{EXPORTS}/organization-of-work.docx")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.page_width is not None and round(section.page_width.mm) == 210
    assert section.page_height is not None and round(section.page_height.mm) == 297
    properties = document.core_properties
    assert properties.author == (
        "Secretariat of the Twelfth United Nations Congress on Crime Prevention and "
        "Criminal Justice"
    )
    assert properties.title.startswith("Organization of work for the Twelfth")
    assert properties.revision == 1
    assert properties.language == "en"
    published = client.get(f"/congresses/{SLUG}/timetable").json()["published_at"]
    published_at = dt.datetime.fromisoformat(published).replace(microsecond=0)
    assert properties.created is not None and properties.modified is not None
    assert properties.created.replace(tzinfo=UTC) == published_at.astimezone(UTC)
    assert properties.modified == properties.created
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "A/CONF.213/1"
    assert texts[1] == "Annex"
    assert texts[2].startswith("Organization of work for the Twelfth United Nations Congress")
    table = document.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Day", "Plenary", "Committee I", "Committee II"]
    assert all(run.italic for c in header.cells for run in c.paragraphs[0].runs)
    # The heading row repeats on each page.
    assert header._tr.trPr is not None and "tblHeader" in header._tr.trPr.xml
    assert table.rows[1].cells[0].text == "Sunday, 11 April 2010"
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold
    # The slot's hours under its name, as the annex's readers need them.
    assert [p.text for p in table.rows[2].cells[0].paragraphs] == ["Afternoon", "15:00–18:00"]
    assert [p.text for p in table.rows[4].cells[0].paragraphs] == ["Morning", "10:00–13:00"]
    assert [c.text for c in table.rows[2].cells] == [
        "Afternoon\n15:00–18:00",
        "Pre-Congress consultations",
        "",
        "",
    ]
    monday_afternoon = table.rows[5].cells[1]
    assert [p.text for p in monday_afternoon.paragraphs] == [
        "Agenda item 3 (continued)",
        "Agenda item 5 (continued)",
    ]
    italic = [r.text for r in monday_afternoon.paragraphs[0].runs if r.italic]
    assert italic == ["continued"]
    last = table.rows[-1].cells
    assert [p.text for p in last[1].paragraphs] == [
        "Agenda item 11. Adoption of the report of the Congress",
        "Closure of the Congress",
    ]
    assert len(table.rows) == 1 + 9 + 17


def test_lists_of_speakers_csv(
    published: int, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        speakers_list = lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="item-4",
                opens_at=dt.datetime(2010, 3, 8, tzinfo=UTC),
                closes_at=dt.datetime(2010, 4, 16, tzinfo=UTC),
                time_limit_minutes=7,
            ),
            None,
        )
        delegation = next(d for d in congress.delegations if d.kind.value == "member_state")
        caller = Principal(
            role=Role.DELEGATION, delegation_id=delegation.id, congress_id=congress.id
        )
        inscription = speakers_repository.find_list_of(session, SLUG, speakers_list.target)
        assert inscription is not None
        speakers_inscription.register(
            session,
            inscription,
            SpeakerCreate(
                name="Ana Souza",
                title="Minister of Justice",
                protocol_level=ProtocolLevel.MINISTER,
                language="en",
            ),
            caller,
            idempotency_key="first",
            fingerprint="first",
            now=dt.datetime(2010, 3, 9, tzinfo=UTC),
        )
    response = client.get(f"{EXPORTS}/speakers.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["list"] == "item-4"
    assert row["name"] == "Ana Souza"
    assert row["delegation"] == delegation.name
    assert row["meeting"] == "committee-1:item-4:1"
    # The first speaker on item 4 starts when its first meeting does (15:00 in Salvador).
    assert row["estimated_start"] == "2010-04-12T15:00:00-03:00"
    # …and the meeting page shows the same turn.
    page = client.get(f"/congresses/{SLUG}/meetings/committee-1:item-4:1").text
    assert "Ana Souza" in page and '<time datetime="2010-04-12T15:00:00-03:00">15:00</time>' in page


def _guids(conference: dict[str, Any]) -> dict[str, str]:
    return {
        event["code"]: event["guid"]
        for day in conference["days"]
        for events in day["rooms"].values()
        for event in events
    }
