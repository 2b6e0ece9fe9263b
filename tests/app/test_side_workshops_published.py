"""A side workshop (a workshop held in a room outside the bodies) once published: the
organization-of-work page lists it with its room, its meeting page and the room's,
workshop's and congress's feeds show it (issue #15)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.timetables import release, solving
from tests.app.test_seed_units import GOOD
from tests.support.seeds import load, salvador_2010_with


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


@pytest.fixture
def slug(session_factory: sessionmaker[Session], tmp_path: Path) -> str:
    slug = load(session_factory, salvador_2010_with(tmp_path, *GOOD)).slug
    with transaction(session_factory) as session:
        found = find_congress(session, slug, full=True)
        assert found is not None
        _, draft = solving.solve_congress(session, found, time_limit_s=20)
        assert draft is not None
        sides = [m for m in draft.meetings if m.key.startswith("workshop-5:")]
        assert sides and {(m.room, m.body_key) for m in sides} == {("Side Room", "")}
        release.publish(session, draft)
    return slug


def test_the_page_lists_the_side_workshop_in_its_room(slug: str, client: TestClient) -> None:
    page = client.get(f"/congresses/{slug}/organization-of-work")
    assert page.status_code == 200
    others = page.text.split('id="others-h"', 1)[1].split("</section>", 1)[0]
    assert "Overcrowding" in others and "(Side Room)" in others
    meeting = client.get(f"/congresses/{slug}/meetings/workshop-5:1")
    assert meeting.status_code == 200 and "Side Room" in meeting.text


def test_the_feeds_show_the_side_workshop(slug: str, client: TestClient) -> None:
    rooms = client.get(f"/congresses/{slug}/rooms").json()
    side = next(r for r in rooms if r["name"] == "Side Room")
    for url in (
        f"/congresses/{slug}/feeds/rooms/{side['key']}.ics",
        f"/congresses/{slug}/feeds/workshops/5.ics",
        f"/congresses/{slug}/feeds/congress.ics",
    ):
        feed = client.get(url)
        assert feed.status_code == 200, url
        assert "workshop-5" in feed.text.replace("\r\n ", ""), url
        assert "Side Room" in feed.text.replace("\r\n ", ""), url


def test_the_exports_hold_the_side_workshop_in_its_room(slug: str, client: TestClient) -> None:
    import csv
    import io
    import json

    import jsonschema
    from lxml import etree

    from tests.app.test_exports import C3VOC

    exports = f"/congresses/{slug}/exports"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{exports}/timetable.csv").text)))
    side = [r for r in rows if "Overcrowding" in " ".join(r.values())]
    assert side and {r["room"] for r in side} == {"Side Room"}
    assert "Side Room" in client.get(f"{exports}/timetable.json").text
    xml = client.get(f"{exports}/schedule.xml")
    schema = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    assert schema.validate(etree.fromstring(xml.content)), list(schema.error_log)
    assert "Side Room" in xml.text
    frab = client.get(f"{exports}/schedule.json").json()
    validator = jsonschema.Draft6Validator(
        json.loads((C3VOC / "schema.json").read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER,
    )
    assert [e.message for e in validator.iter_errors(frab)] == []
    docx = client.get(f"{exports}/organization-of-work.docx")
    assert docx.status_code == 200
