"""The confirmed side events on the public organization of work: a table per day, the
request form and the side event feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.main import create_app
from app.seeds.loader import LoadResult
from tests.support.html_tables import header_cells, table_rows
from tests.support.side_events import (
    APRIL_14,
    SLUG,
    Tokens,
    allocate,
    confirm,
    only,
    plenary,
    publish_meetings,
    request,
    side_event_rooms_and_tokens,
)

PAGE = f"/congresses/{SLUG}/organization-of-work"
HOST = "https://congress.example.org"
DAY = dt.timedelta(days=1)
APRIL_15 = APRIL_14 + DAY
OFFICIAL = [
    plenary("p-1", APRIL_14, 10, 13, "Plenary Hall"),
    plenary("p-2", APRIL_15, 10, 13, "Plenary Hall"),
]


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url=HOST)
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.fixture
def tokens(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> Tokens:
    tokens = side_event_rooms_and_tokens(session_factory)
    publish_meetings(session_factory, OFFICIAL)
    return tokens


def side_events_section(page: str) -> str:
    found = re.search(r'<section class="side-events".*?</section>', page, re.S)
    assert found is not None
    return found.group(0)


def test_no_confirmed_side_event_yet(tokens: Tokens, client: TestClient) -> None:
    request(client, tokens)  # requested, not confirmed: not public
    allocate(client, tokens)
    section = side_events_section(client.get(PAGE).text)
    assert '<h2 id="side-events-h">Side events</h2>' in section
    assert "No side event is confirmed yet." in section
    assert "<table" not in section
    form = re.search(r'href="([^"]+)" class="side-event-request"', section)
    assert form is not None and form.group(1) == f"/congresses/{SLUG}/side-events/request-form"
    assert client.get(form.group(1)).status_code == 200


def test_confirmed_side_events_a_table_per_day(tokens: Tokens, client: TestClient) -> None:
    lunch = request(client, tokens, title="Prison reform <b>now</b>", agenda_item=3)
    evening = request(client, tokens, title="Trafficking", length="evening", organizer="PRI")
    next_day = request(client, tokens, title="Cybercrime", impossible_dates=only(APRIL_15))
    # Fair share: two a day per organization, so the one left unconfirmed is on the 16th.
    not_confirmed = request(
        client, tokens, title="Still placed", impossible_dates=only(APRIL_15 + DAY)
    )
    placed = allocate(client, tokens)
    assert placed[not_confirmed]["state"] == "placed"
    for request_id in (lunch, evening, next_day):
        confirm(client, tokens, request_id)
    room = {i: placed[i]["placement"]["room"] for i in (lunch, evening, next_day)}

    page = client.get(PAGE).text
    section = side_events_section(page)
    assert table_rows(section, "side-events") == [
        ["Time", "Title", "Organizer", "Room"],
        ["13:15–14:45", "Prison reform <b>now</b>", "Penal Reform International", room[lunch]],
        ["18:00–20:00", "Trafficking", "PRI", room[evening]],
        ["Time", "Title", "Organizer", "Room"],
        ["13:15–14:45", "Cybercrime", "Penal Reform International", room[next_day]],
    ]
    assert "Still placed" not in page
    # A real table per day: a caption naming the day, column and row headers.
    assert "<caption>Side events, Wednesday, 14 April 2010</caption>" in section
    assert "<caption>Side events, Thursday, 15 April 2010</caption>" in section
    scopes = [h.get("scope") for h in header_cells(section, "side-events")]
    assert scopes == ["col"] * 4 + ["row"] * 2 + ["col"] * 4 + ["row"]
    assert '<time datetime="2010-04-14T13:15:00-03:00">13:15</time>' in section
    # Escaped, and anchored where the feeds' URL points.
    assert "Prison reform &lt;b&gt;now&lt;/b&gt;" in section
    assert f'<tr id="side-event:{lunch}">' in section

    # The side event feed to subscribe to: it holds these events.
    feed = re.search(r'href="(https://[^"]+)" class="side-events-https"', section)
    webcal = re.search(r'href="(webcal://[^"]+)" class="side-events-webcal"', section)
    assert feed is not None and webcal is not None
    assert feed.group(1) == f"{HOST}/congresses/{SLUG}/feeds/side-events.ics"
    assert webcal.group(1) == feed.group(1).replace("https://", "webcal://")
    calendar = client.get(feed.group(1).removeprefix(HOST))
    assert calendar.status_code == 200 and calendar.text.count("BEGIN:VEVENT") == 3
    # The page's other subscribe links stay the congress's and its bodies'.
    assert 'class="feed-https"' not in section

    # Filtered to a day: that day's side events only.
    one_day = side_events_section(client.get(PAGE, params={"day": "2010-04-15"}).text)
    assert [r[1] for r in table_rows(one_day, "side-events")] == ["Title", "Cybercrime"]
    # Filtered to a body: side events belong to none.
    assert 'class="side-events"' not in client.get(PAGE, params={"body": "plenary"}).text


def test_an_earlier_version_shows_no_side_events(
    tokens: Tokens, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    event = request(client, tokens)
    allocate(client, tokens)
    confirm(client, tokens, event)
    publish_meetings(session_factory, OFFICIAL)  # version 2
    assert "Prison reform" in side_events_section(client.get(PAGE).text)
    earlier = client.get(PAGE, params={"version": 1})
    assert earlier.status_code == 200
    assert 'class="side-events"' not in earlier.text
