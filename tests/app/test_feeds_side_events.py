"""Confirmed side events in the iCal feeds: their own feed and the feeds of their rooms,
as calendar clients (icalendar and, independently, vobject) read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.feeds.cache import FeedCache
from app.main import create_app
from app.seeds.loader import LoadResult
from tests.app.test_feeds import events_by_uid, parse, uid, vobject_events
from tests.support.side_events import (
    APRIL_14,
    SIDE_EVENTS,
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

BASE = "https://congress.example.org"
FEEDS = f"/congresses/{SLUG}/feeds"
BAHIA = ZoneInfo("America/Bahia")
DAY = dt.timedelta(days=1)
OFFICIAL = [plenary("p-1", APRIL_14, 10, 13, "Plenary Hall")]


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, public_base_url=BASE), engine=engine)
    # Look the heads up on every request, so that a change shows at once.
    app.state.feed_cache = FeedCache(head_ttl_s=0)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def tokens(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> Tokens:
    return side_event_rooms_and_tokens(session_factory)


def room_ids(client: TestClient) -> dict[str, str]:
    """Each room's key, in its feed's URL."""
    return {r["name"]: r["key"] for r in client.get(f"/congresses/{SLUG}").json()["rooms"]}


def uids_in(client: TestClient, path: str) -> set[str]:
    response = client.get(f"{FEEDS}/{path}")
    assert response.status_code == 200, response.text
    calendar, other = parse(response.content)
    assert set(vobject_events(other)) == set(events_by_uid(calendar))
    return set(events_by_uid(calendar))


def side_event_uid(request_id: int) -> str:
    return uid(f"side-event:{request_id}")


def test_confirmed_side_events_in_their_feed_and_their_rooms_feeds(
    tokens: Tokens, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    publish_meetings(session_factory, OFFICIAL)
    first = request(client, tokens, title="Prison reform", agenda_item=3)
    second = request(
        client, tokens, title="Trafficking in persons", length="evening", organizer="PRI & UNODC"
    )
    # On another day: the default fair share is two side events a day per organization.
    unconfirmed = request(
        client, tokens, title="Not confirmed yet", impossible_dates=only(APRIL_14 + DAY)
    )
    placed = allocate(client, tokens)
    assert all(placed[i]["state"] == "placed" for i in (first, second, unconfirmed))
    confirm(client, tokens, first)
    confirm(client, tokens, second)

    response = client.get(f"{FEEDS}/side-events.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    calendar, other = parse(response.content)
    assert "Side events" in str(calendar["X-WR-CALNAME"])
    events = events_by_uid(calendar)
    others = vobject_events(other)
    # Only the confirmed ones, with the stable key as UID.
    assert set(events) == set(others) == {side_event_uid(first), side_event_uid(second)}

    lunch = events[side_event_uid(first)]
    assert lunch["DTSTART"].dt == dt.datetime(2010, 4, 14, 13, 15, tzinfo=BAHIA)
    assert lunch["DTEND"].dt == dt.datetime(2010, 4, 14, 14, 45, tzinfo=BAHIA)
    assert lunch["DTSTART"].params["TZID"] == "America/Bahia"
    assert [str(c) for c in lunch["CATEGORIES"].cats] == ["Side event"]
    assert int(lunch["SEQUENCE"]) == 0
    assert str(lunch["STATUS"]) == "CONFIRMED"
    assert str(lunch["SUMMARY"]) == "Side event: Prison reform — Penal Reform International"
    assert str(lunch["LOCATION"]).startswith(placed[first]["placement"]["room"] + ", ")
    description = str(lunch["DESCRIPTION"])
    assert "Organizer: Penal Reform International" in description
    assert "Item 3. " in description
    assert str(lunch["URL"]).endswith(f"/organization-of-work#side-event:{first}")
    evening = others[side_event_uid(second)]
    assert evening.dtstart.value == dt.datetime(2010, 4, 14, 18, tzinfo=BAHIA)
    assert evening.categories.value == ["Side event"]
    assert evening.summary.value == "Side event: Trafficking in persons — PRI & UNODC"
    assert int(evening.sequence.value) == 0

    # Each room's feed: its published meetings and the confirmed side events in it.
    rooms = room_ids(client)
    confirmed_in: dict[str, set[str]] = {}
    for request_id in (first, second):
        room = placed[request_id]["placement"]["room"]
        confirmed_in.setdefault(room, set()).add(side_event_uid(request_id))
    for name, room_id in rooms.items():
        side = {u for u in uids_in(client, f"rooms/{room_id}.ics") if "/side-event:" in u}
        assert side == confirmed_in.get(name, set()), name
    assert uid("p-1") in uids_in(client, f"rooms/{rooms['Plenary Hall']}.ics")
    # Not in the feeds of bodies or of the congress: those are the published timetable.
    assert side_event_uid(first) not in uids_in(client, "congress.ics")

    # The index lists the feed; HEAD answers as GET does.
    index = client.get(FEEDS).json()
    links = {(f["kind"], f["key"]): f for f in index["feeds"]}
    link = links[("side-events", None)]
    assert link["name"] == "Side events"
    assert link["url"] == f"{BASE}{FEEDS}/side-events.ics"
    assert link["webcal"] == f"webcal://congress.example.org{FEEDS}/side-events.ics"
    head = client.head(f"{FEEDS}/side-events.ics")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == response.headers["etag"]

    # The labels in the feed's language.
    french, _ = parse(client.get(f"{FEEDS}/side-events.ics?lang=fr").content)
    (first_fr,) = (e for e in events_by_uid(french).values() if "Prison" in str(e["SUMMARY"]))
    assert [str(c) for c in first_fr["CATEGORIES"].cats] == ["Manifestation parallèle"]


def test_a_confirmation_a_move_and_a_withdrawal_reach_the_feeds(
    tokens: Tokens, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    publish_meetings(session_factory, OFFICIAL)
    event = request(client, tokens, title="Prison reform")
    placed = allocate(client, tokens)
    rooms = room_ids(client)
    room = placed[event]["placement"]["room"]
    room_feed = f"{FEEDS}/rooms/{rooms[room]}.ics"
    side_feed = f"{FEEDS}/side-events.ics"
    before = {path: client.get(path) for path in (side_feed, room_feed, f"{FEEDS}/congress.ics")}
    assert side_event_uid(event) not in uids_in(client, "side-events.ics")

    # Confirmed: both feeds change (a new ETag; the old one no longer matches).
    confirm(client, tokens, event)
    for path in (side_feed, room_feed):
        after = client.get(path, headers={"If-None-Match": before[path].headers["etag"]})
        assert after.status_code == 200, path
        assert after.headers["etag"] != before[path].headers["etag"]
        assert side_event_uid(event) in events_by_uid(parse(after.content)[0])
        unchanged = client.get(path, headers={"If-None-Match": after.headers["etag"]})
        assert unchanged.status_code == 304
    # The congress feed holds no side event: a side event does not rebuild it.
    congress = client.get(f"{FEEDS}/congress.ics")
    assert congress.headers["etag"] == before[f"{FEEDS}/congress.ics"].headers["etag"]

    # The organization of work changes: an informal meeting takes the event's room at
    # lunchtime; the new allocation moves it. Until confirmed again, its subscribers see
    # it cancelled where it was; once confirmed in its new room, it is there again with
    # a higher SEQUENCE than the cancellation's.
    publish_meetings(session_factory, [*OFFICIAL, plenary("i-1", APRIL_14, 13, 15, room)])
    moved = allocate(client, tokens)[event]
    assert moved["state"] == "placed" and moved["placement"]["room"] != room
    for path in (side_feed, room_feed):
        calendar, _ = parse(client.get(path).content)
        cancelled = events_by_uid(calendar)[side_event_uid(event)]
        assert str(cancelled["STATUS"]) == "CANCELLED", path
        assert int(cancelled["SEQUENCE"]) == 1
        assert str(cancelled["LOCATION"]).startswith(room + ", ")
        assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    confirm(client, tokens, event)
    calendar, _ = parse(client.get(side_feed).content)
    again = events_by_uid(calendar)[side_event_uid(event)]
    assert int(again["SEQUENCE"]) == 2
    assert str(again["STATUS"]) == "CONFIRMED"
    assert str(again["LOCATION"]).startswith(moved["placement"]["room"] + ", ")
    assert side_event_uid(event) not in uids_in(client, f"rooms/{rooms[room]}.ics")
    new_room = rooms[moved["placement"]["room"]]
    assert side_event_uid(event) in uids_in(client, f"rooms/{new_room}.ics")

    # Withdrawn: it stays in the feeds, cancelled where it was, and the feeds say they
    # changed.
    current = client.get(side_feed)
    withdrawn = client.delete(f"{SIDE_EVENTS}/requests/{event}", headers=tokens.ngo)
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert withdrawn.json()["placement"] is None  # its room is free for others
    after = client.get(side_feed, headers={"If-None-Match": current.headers["etag"]})
    assert after.status_code == 200
    gone = events_by_uid(parse(after.content)[0])[side_event_uid(event)]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 3
    assert str(gone["LOCATION"]).startswith(moved["placement"]["room"] + ", ")
    assert parsedate_to_datetime(after.headers["last-modified"]) >= parsedate_to_datetime(
        current.headers["last-modified"]
    )
    assert side_event_uid(event) in uids_in(client, f"rooms/{new_room}.ics")
    # The public page lists confirmed side events only.
    page = client.get(f"/congresses/{SLUG}/organization-of-work")
    assert "Prison reform" not in page.text


def test_the_side_event_feed_exists_before_the_first_publication(
    tokens: Tokens, client: TestClient
) -> None:
    empty = client.get(f"{FEEDS}/side-events.ics")
    assert empty.status_code == 200, empty.text
    assert events_by_uid(parse(empty.content)[0]) == {}
    event = request(client, tokens)
    allocate(client, tokens)
    confirm(client, tokens, event)
    calendar, other = parse(client.get(f"{FEEDS}/side-events.ics").content)
    assert set(events_by_uid(calendar)) == set(vobject_events(other)) == {side_event_uid(event)}
    # The timetable's feeds wait for its publication.
    assert client.get(f"{FEEDS}/congress.ics").status_code == 404
    index = client.get(FEEDS).json()
    assert index["published_version"] is None
    assert any(f["kind"] == "side-events" for f in index["feeds"])
    assert client.get("/congresses/no-such-congress/feeds/side-events.ics").status_code == 404
