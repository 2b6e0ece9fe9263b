"""Hostile text in names and titles cannot inject into a feed, a page, a CSV or a DOCX.

The 2010 seed is loaded with an agenda item, a workshop and a delegation whose texts
carry CR/LF followed by iCalendar properties, markup, spreadsheet formulas and the
characters iCalendar escapes (; , \\); a speaker with such a name is inscribed through
the real service. Then: the iCal feed has only the properties the service writes, the
pages escape the markup, every CSV cell that a spreadsheet would evaluate is
neutralised, and the DOCX holds the text literally.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from tests.support.annex_2010 import SLUG, publish_as_annex
from tests.support.seeds import SALVADOR_2010, load

MARKUP = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
#: A line break followed by what would be a property of its own in iCalendar.
BREAK_OUT = "\r\nX-INJECTED:1\r\nDTSTART:19700101T000000Z\nX-INJECTED:2"
PUNCTUATION = "; , \\ end"

ITEM_TITLE = f"{FORMULA} {MARKUP}{BREAK_OUT} {PUNCTUATION}"
WORKSHOP_TITLE = f"+SUM(1,2) {MARKUP}{BREAK_OUT}"
WORKSHOP_SHORT = f"@evil {MARKUP} {PUNCTUATION}"
DELEGATION = f"-2+3 <b>Freedonia</b>{BREAK_OUT}"
SPEAKER = f'\t=HYPERLINK("http://127.0.0.1/") {MARKUP}'
SPEAKER_TITLE = f"\r=1+1{BREAK_OUT}"

#: Leading characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

EXPORTS = f"/congresses/{SLUG}/exports"
LISTS = f"/congresses/{SLUG}/speakers-lists"


def hostile_seed(folder: Path) -> Path:
    seed: dict[str, Any] = yaml.safe_load(SALVADOR_2010.read_text())
    item = next(i for i in seed["agenda_items"] if i["number"] == 4)
    item["title"] = ITEM_TITLE
    workshop = next(w for w in seed["workshops"] if w["number"] == 4)
    workshop["title"], workshop["short_title"] = WORKSHOP_TITLE, WORKSHOP_SHORT
    seed["delegations"].append(
        {"name": DELEGATION, "kind": "member_state", "regional_group": "African States"}
    )
    path = folder / SALVADOR_2010.name  # the same slug, so the annex pins apply
    path.write_text(yaml.safe_dump(seed, allow_unicode=True, sort_keys=False))
    return path


@pytest.fixture
def client(
    engine: Engine,
    database_url: str,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> Iterator[TestClient]:
    load(session_factory, hostile_seed(tmp_path))
    publish_as_annex(session_factory)
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        delegation = next(d for d in congress.delegations if d.name == DELEGATION)
        organizer = issue_token(session, role=Role.ORGANIZER, name="secretariat").token
        hostile = issue_token(
            session, role=Role.DELEGATION, name="hostile", delegation=delegation
        ).token
    settings = Settings(database_url=database_url, job_runner="worker")
    with TestClient(create_app(settings, engine=engine)) as client:
        # The speaker comes in through the API, as a delegation inscribes one.
        now = dt.datetime.now(dt.UTC)
        opened = client.post(
            LISTS,
            json={
                "target": "item-4",
                "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
                "closes_at": (now + dt.timedelta(hours=1)).isoformat(),
                "time_limit_minutes": 7,
            },
            headers={"Authorization": f"Bearer {organizer}"},
        )
        assert opened.status_code == 201, opened.text
        inscribed = client.post(
            f"{LISTS}/item-4/entries",
            json={
                "name": SPEAKER,
                "title": SPEAKER_TITLE,
                "protocol_level": "minister",
                "language": "en",
            },
            headers={"Authorization": f"Bearer {hostile}", "Idempotency-Key": "hostile"},
        )
        assert inscribed.status_code == 201, inscribed.text
        yield client


def unfolded_lines(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    assert "\r\n" in text
    # RFC 5545 3.1: a CRLF followed by a space or tab continues the previous line.
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def test_the_ical_feed_has_no_injected_property(client: TestClient) -> None:
    for path in ("congress.ics", "agenda-items/4.ics", "workshops/4.ics"):
        response = client.get(f"/congresses/{SLUG}/feeds/{path}")
        assert response.status_code == 200, path
        lines = [line for line in unfolded_lines(response.content) if line]
        names = {line.split(":", 1)[0].split(";", 1)[0] for line in lines}
        assert not any(line.startswith("X-INJECTED") for line in lines), path
        assert all(":" in line for line in lines), path
        # No bare LF either: a lenient parser would take it for a line end.
        assert not any("\n" in line or "\r" in line for line in lines), path
        assert "X-INJECTED" not in names
        calendar = Calendar.from_ical(response.content)
        starts = [str(e.decoded("DTSTART")) for e in calendar.walk("VEVENT")]
        assert starts and not any(s.startswith("1970") for s in starts), path
        texts = " ".join(
            str(e.get(name, ""))
            for e in calendar.walk("VEVENT")
            for name in ("SUMMARY", "DESCRIPTION")
        )
        # The text is all there, as text: the markup and the escaped punctuation too.
        if path != "workshops/4.ics":
            assert MARKUP in texts and PUNCTUATION in texts, path


def test_pages_escape_the_markup(client: TestClient) -> None:
    pages = [
        f"/congresses/{SLUG}/organization-of-work",
        f"/congresses/{SLUG}/meetings/committee-1:item-4:1",
        f"/congresses/{SLUG}/meetings/workshop-4:1",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.text, path
        assert "<b>Freedonia" not in response.text, path
    meeting = client.get(pages[1]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in meeting


def csv_cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_every_csv_neutralises_formulas(client: TestClient) -> None:
    exports = {
        "timetable": client.get(f"{EXPORTS}/timetable.csv"),
        "speakers export": client.get(f"{EXPORTS}/speakers.csv"),
        "list of speakers": client.get(f"{LISTS}/item-4/speakers.csv"),
        "documentation plan": client.get(f"/congresses/{SLUG}/documentation-plan.csv"),
    }
    for name, response in exports.items():
        assert response.status_code == 200, (name, response.text)
        rows = csv_cells(response.content)
        assert len(rows) > 1, name
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_LEADS), (name, cell)
    everything = "".join(r.content.decode("utf-8-sig") for r in exports.values())
    # Neutralised by a leading apostrophe, the text itself kept.
    assert "'" + FORMULA in everything  # the documentation plan names the item
    assert "'+SUM(1,2)" in everything  # the timetable names the workshop
    assert "'\t=HYPERLINK" in everything  # the lists of speakers name the speaker


def test_the_docx_holds_the_text_literally(client: TestClient) -> None:
    response = client.get(f"{EXPORTS}/organization-of-work.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    )
    assert WORKSHOP_SHORT in text
