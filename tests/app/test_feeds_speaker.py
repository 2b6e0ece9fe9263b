"""A speaker's own feed: one entry's estimated turn, public like the list of speakers."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.app.test_feeds_private import (
    FEEDS,
    LISTS,
    SLUG,
    client,
    inscribe,
    publish,
    read_feed,
    tokens,
)

__all__ = ["client", "tokens"]  # fixtures, shared with the delegation's feed


def open_list(client: TestClient, organizer: dict[str, str]) -> None:
    now = dt.datetime.now(dt.UTC)
    opened = client.post(
        LISTS,
        json={
            "target": "cluster-3-5",
            "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
            "closes_at": (now + dt.timedelta(hours=1)).isoformat(),
            "time_limit_minutes": 30,
        },
        headers=organizer,
    )
    assert opened.status_code == 201, opened.text


def entry_of(client: TestClient, delegation: str) -> dict[str, str]:
    entries = client.get(f"{LISTS}/cluster-3-5").json()["entries"]
    found: dict[str, str] = next(e for e in entries if e["delegation"] == delegation)
    return found


def withdraw(client: TestClient, headers: dict[str, str], entry_id: str) -> None:
    response = client.delete(
        f"{LISTS}/cluster-3-5/entries/{entry_id}",
        headers={"Authorization": headers["Authorization"], "If-Match": "*"},
    )
    assert response.status_code == 204


def test_a_speakers_feed_follows_the_estimate_and_ends_with_the_withdrawal(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    publish(session_factory)
    open_list(client, tokens["organizer"])
    inscribe(client, tokens["China"], "Mr. Li Wei")
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")
    brazil, china = entry_of(client, "Brazil"), entry_of(client, "China")

    # No token: what it holds is on the public list of speakers already, which
    # gives each speaker the feed's path.
    path = f"{FEEDS}/speakers/{brazil['id']}.ics"
    assert brazil["feed"] == path
    response, events, calendar = read_feed(client, path, cache="public")
    assert "Ms. Ana Souza (Brazil)" in str(calendar["X-WR-CALNAME"])
    (event,) = events.values()
    assert str(event["UID"]).endswith(f"/speaker/{brazil['id']}@congress-scheduler")
    assert event["DTSTART"].dt == dt.datetime.fromisoformat(brazil["estimated_start"])
    assert event["DTEND"].dt == dt.datetime.fromisoformat(brazil["estimated_end"])
    assert str(event["SUMMARY"]).startswith("Speaker: Ms. Ana Souza (Brazil) — ")
    assert "Mr. Li Wei" not in response.text  # only this speaker's turn
    etag = response.headers["etag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    head = client.head(path)
    assert head.status_code == 200 and head.headers["etag"] == etag

    # The same UID and SEQUENCE as the same entry in the delegation's feed.
    link = client.post(f"{FEEDS}/delegation-feed", headers=tokens["Brazil"]).json()
    _, in_delegation_feed, _ = read_feed(client, link["url"])
    (same,) = in_delegation_feed.values()
    assert str(same["UID"]) == str(event["UID"])
    assert int(same["SEQUENCE"]) == int(event["SEQUENCE"])

    # China withdraws: Brazil's speaker moves up; the same event, a higher SEQUENCE.
    withdraw(client, tokens["China"], china["id"])
    moved = entry_of(client, "Brazil")
    response, events, _ = read_feed(client, path, cache="public")
    (again,) = events.values()
    assert str(again["UID"]) == str(event["UID"])
    assert again["DTSTART"].dt == dt.datetime.fromisoformat(moved["estimated_start"])
    assert again["DTSTART"].dt < event["DTSTART"].dt
    assert int(again["SEQUENCE"]) > int(event["SEQUENCE"])
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200

    # Withdrawn: the feed is gone, and says why.
    gone = client.get(f"{FEEDS}/speakers/{china['id']}.ics")
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/problem+json"
    assert "withdrawn" in gone.json()["detail"]
    withdraw(client, tokens["Brazil"], brazil["id"])
    assert client.get(path).status_code == 404
    assert client.head(path).status_code == 404


def test_unknown_speakers_and_congresses_have_no_feed(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    open_list(client, tokens["organizer"])
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")
    brazil = entry_of(client, "Brazil")
    # Nothing published yet: no feed of this congress, as for the other feeds.
    assert client.get(f"{FEEDS}/speakers/{brazil['id']}.ics").status_code == 404
    publish(session_factory)
    assert client.get(f"{FEEDS}/speakers/{brazil['id']}.ics").status_code == 200
    unknown = client.get(f"{FEEDS}/speakers/999999.ics")
    assert unknown.status_code == 404
    assert "has no speaker 999999" in unknown.json()["detail"]
    assert client.get(f"{FEEDS}/speakers/0.ics").status_code == 422
    assert (
        client.get(f"/congresses/no-such-congress/feeds/speakers/{brazil['id']}.ics").status_code
        == 404
    )


def test_the_meeting_page_links_each_speakers_feed(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    publish(session_factory)
    open_list(client, tokens["organizer"])
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")
    brazil = entry_of(client, "Brazil")
    page = client.get(f"/congresses/{SLUG}/meetings/{brazil['meeting']}")
    assert page.status_code == 200
    assert f'href="{FEEDS}/speakers/{brazil["id"]}.ics"' in page.text
