"""A delegation's private feed: its speakers' estimated slots, behind a token URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
import vobject
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.delegations.models import Delegation
from app.feeds.cache import FeedCache
from app.feeds.models import DelegationFeedToken
from app.feeds.private import hash_feed_token
from app.main import create_app
from app.seeds.loader import LoadResult
from app.timetables import release, solving

SLUG = "twelfth-congress-salvador-2010"
BASE = "https://congress.example.org"
FEEDS = f"/congresses/{SLUG}/feeds"
LISTS = f"/congresses/{SLUG}/speakers-lists"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url=BASE)
    app = create_app(settings, engine=engine)
    app.state.feed_cache = FeedCache(head_ttl_s=0)
    with TestClient(app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> dict[str, dict[str, str]]:
    """Bearer headers of the secretariat and of two delegations, and the delegations' ids."""
    with transaction(session_factory) as session:
        found = {"organizer": bearer(issue_token(session, role=Role.ORGANIZER, name="s").token)}
        for name in ("Brazil", "China"):
            delegation = session.scalar(
                select(Delegation).where(
                    Delegation.congress_id == salvador_2010.congress_id, Delegation.name == name
                )
            )
            assert delegation is not None
            issued = issue_token(session, role=Role.DELEGATION, name=name, delegation=delegation)
            found[name] = {**bearer(issued.token), "X-Delegation-Id": str(delegation.id)}
    return found


def publish(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=20)
        assert draft is not None, timetable.explanation
        release.publish(session, draft)


def inscribe(client: TestClient, headers: dict[str, str], name: str) -> None:
    body = {"name": name, "title": "Minister", "protocol_level": "minister", "language": "en"}
    response = client.post(
        f"{LISTS}/cluster-3-5/entries",
        json=body,
        headers={"Authorization": headers["Authorization"], "Idempotency-Key": name},
    )
    assert response.status_code == 201, response.text


def read_feed(
    client: TestClient, url: str, cache: str = "private"
) -> tuple[Any, dict[str, Any], Any]:
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"].startswith(cache)
    for line in response.content.split(b"\r\n"):
        assert len(line) <= 75
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    other = vobject.readOne(response.content.decode("utf-8"))
    assert {e.uid.value for e in other.contents.get("vevent", [])} == set(events)
    return response, events, calendar


def test_a_delegations_private_feed_follows_its_speakers(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    publish(session_factory)
    now = dt.datetime.now(dt.UTC)
    opened = client.post(
        LISTS,
        json={
            "target": "cluster-3-5",
            "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
            "closes_at": (now + dt.timedelta(hours=1)).isoformat(),
            "time_limit_minutes": 30,
        },
        headers=tokens["organizer"],
    )
    assert opened.status_code == 201, opened.text
    inscribe(client, tokens["China"], "Mr. Li Wei")
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")

    issued = client.post(f"{FEEDS}/delegation-feed", headers=tokens["Brazil"])
    assert issued.status_code == 201, issued.text
    link = issued.json()
    assert link["delegation"] == "Brazil"
    assert link["url"].startswith(f"{BASE}{FEEDS}/delegations/cgf_")
    assert link["webcal"] == "webcal://" + link["url"].removeprefix("https://")
    # Only the hash is stored.
    token = link["url"].rsplit("/", 1)[1].removesuffix(".ics")
    with transaction(session_factory) as session:
        stored = session.scalars(select(DelegationFeedToken.token_hash)).all()
    assert stored == [hash_feed_token(token)]

    entries = client.get(f"{LISTS}/cluster-3-5").json()["entries"]
    brazil = next(e for e in entries if e["delegation"] == "Brazil")
    response, events, calendar = read_feed(client, link["url"])
    assert "Brazil" in str(calendar["X-WR-CALNAME"])
    (event,) = events.values()
    assert str(event["UID"]).endswith(f"/speaker/{brazil['id']}@congress-scheduler")
    assert event["DTSTART"].dt == dt.datetime.fromisoformat(brazil["estimated_start"])
    assert event["DTEND"].dt == dt.datetime.fromisoformat(brazil["estimated_end"])
    assert str(event["SUMMARY"]).startswith("Speaker: Ms. Ana Souza (Brazil) — Plenary — ")
    assert "Estimated time: " in str(event["DESCRIPTION"])
    first_sequence = int(event["SEQUENCE"])
    etag = response.headers["etag"]
    path = link["url"].removeprefix(BASE)
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.head(path).headers["etag"] == etag

    # China withdraws: Brazil's speaker moves up, the same event with a new time.
    china = next(e for e in entries if e["delegation"] == "China")
    withdrawn = client.delete(
        f"{LISTS}/cluster-3-5/entries/{china['id']}",
        headers={"Authorization": tokens["China"]["Authorization"], "If-Match": "*"},
    )
    assert withdrawn.status_code == 204
    moved = client.get(f"{LISTS}/cluster-3-5").json()["entries"][0]
    _, events, _ = read_feed(client, link["url"])
    (again,) = events.values()
    assert str(again["UID"]) == str(event["UID"])
    assert again["DTSTART"].dt == dt.datetime.fromisoformat(moved["estimated_start"])
    assert again["DTSTART"].dt < event["DTSTART"].dt
    assert int(again["SEQUENCE"]) > first_sequence
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200

    # A new URL replaces the old one.
    replaced = client.post(f"{FEEDS}/delegation-feed", headers=tokens["Brazil"]).json()
    assert replaced["url"] != link["url"]
    assert client.get(path).status_code == 404
    read_feed(client, replaced["url"])


def test_who_may_issue_a_private_feed(
    tokens: dict[str, dict[str, str]], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    publish(session_factory)
    china_id = int(tokens["China"]["X-Delegation-Id"])
    assert client.post(f"{FEEDS}/delegation-feed").status_code == 401
    other = client.post(
        f"{FEEDS}/delegation-feed", json={"delegation_id": china_id}, headers=tokens["Brazil"]
    )
    assert other.status_code == 403
    missing = client.post(f"{FEEDS}/delegation-feed", headers=tokens["organizer"])
    assert missing.status_code == 422
    assert missing.json()["invalid-params"][0]["name"] == "body.delegation_id"
    unknown = client.post(
        f"{FEEDS}/delegation-feed", json={"delegation_id": 999999}, headers=tokens["organizer"]
    )
    assert unknown.status_code == 422
    by_secretariat = client.post(
        f"{FEEDS}/delegation-feed", json={"delegation_id": china_id}, headers=tokens["organizer"]
    )
    assert by_secretariat.status_code == 201
    assert by_secretariat.json()["delegation"] == "China"
    # No speakers yet: an empty calendar, still a valid one.
    _, events, _ = read_feed(client, by_secretariat.json()["url"])
    assert events == {}
    for guess in ("cgf_" + "A" * 43, "nonsense", "cgf_"):
        assert client.get(f"{FEEDS}/delegations/{guess}.ics").status_code == 404
