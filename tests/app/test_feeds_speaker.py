"""A speaker's own feed: one entry's estimated turn, public like the list of speakers."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.core.database import transaction
from app.feeds.private import EntryChanges, entry_changes
from app.seeds.loader import LoadResult
from app.speakers.models import SpeakersAudit
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


def test_a_speakers_feed_follows_the_estimate_and_ends_cancelled_with_the_withdrawal(
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

    # Withdrawn: the feed stays, its event cancelled (calendars strike the turn).
    _, gone, _ = read_feed(client, f"{FEEDS}/speakers/{china['id']}.ics", cache="public")
    (struck,) = gone.values()
    assert str(struck["UID"]).endswith(f"/speaker/{china['id']}@congress-scheduler")
    assert str(struck["STATUS"]) == "CANCELLED"
    withdraw(client, tokens["Brazil"], brazil["id"])
    response, events, _ = read_feed(client, path, cache="public")
    (last,) = events.values()
    assert str(last["UID"]) == str(event["UID"])
    assert str(last["STATUS"]) == "CANCELLED" and str(last["TRANSP"]) == "TRANSPARENT"
    assert str(last["SUMMARY"]).startswith("Cancelled: Speaker: Ms. Ana Souza (Brazil) — ")
    assert last["DTSTART"].dt == again["DTSTART"].dt  # the turn it had last
    assert int(last["SEQUENCE"]) == int(again["SEQUENCE"]) + 1
    head = client.head(path)
    assert head.status_code == 200 and head.headers["etag"] == response.headers["etag"]


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


def test_a_withdrawn_speakers_id_is_never_given_again_and_its_feeds_cancel_its_turn(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    """#13 item 4: SQLite gave the id of the last row deleted to the next row, so the
    next delegation's speaker took over the withdrawn speaker's feed URL, UID and log."""
    publish(session_factory)
    open_list(client, tokens["organizer"])
    # China's speaker is the last inscribed (the highest id) when it withdraws.
    inscribe(client, tokens["China"], "Mr. Li Wei")
    china = entry_of(client, "China")
    china_path = f"{FEEDS}/speakers/{china['id']}.ics"
    _, before, _ = read_feed(client, china_path, cache="public")
    (published,) = before.values()
    china_link = client.post(f"{FEEDS}/delegation-feed", headers=tokens["China"]).json()
    withdraw(client, tokens["China"], china["id"])

    # The public URL still answers, with the same event cancelled and a higher SEQUENCE.
    response, after, _ = read_feed(client, china_path, cache="public")
    (cancelled,) = after.values()
    assert str(cancelled["UID"]) == str(published["UID"])
    assert str(cancelled["UID"]).endswith(f"/speaker/{china['id']}@congress-scheduler")
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(published["SEQUENCE"])
    assert cancelled["DTSTART"].dt == published["DTSTART"].dt  # its last known turn
    assert "Mr. Li Wei (China)" in str(cancelled["SUMMARY"])
    # So does the delegation's private feed, with the same UID and SEQUENCE.
    _, private, _ = read_feed(client, china_link["url"])
    (also,) = private.values()
    assert str(also["UID"]) == str(cancelled["UID"])
    assert str(also["STATUS"]) == "CANCELLED"
    assert int(also["SEQUENCE"]) == int(cancelled["SEQUENCE"])
    etag = response.headers["etag"]

    # Another delegation inscribes: its entry gets an id never given before.
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")
    brazil = entry_of(client, "Brazil")
    assert brazil["id"] != china["id"]
    assert brazil["feed"] != china_path
    _, events, calendar = read_feed(client, brazil["feed"], cache="public")
    (event,) = events.values()
    assert "Ms. Ana Souza (Brazil)" in str(calendar["X-WR-CALNAME"])
    assert str(event["UID"]).endswith(f"/speaker/{brazil['id']}@congress-scheduler")
    assert str(event["UID"]) != str(cancelled["UID"])
    assert str(event["STATUS"]) == "CONFIRMED"
    brazil_link = client.post(f"{FEEDS}/delegation-feed", headers=tokens["Brazil"]).json()
    _, brazils, _ = read_feed(client, brazil_link["url"])
    assert set(brazils) == {str(event["UID"])}

    # The cancelled event is final: later changes of the list leave it as it was.
    again = client.get(china_path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    _, private, _ = read_feed(client, china_link["url"])
    assert [str(e["STATUS"]) for e in private.values()] == ["CANCELLED"]

    # The log keeps one delegation per entry id.
    audit = client.get(f"{LISTS}/cluster-3-5/audit", headers=tokens["organizer"])
    assert audit.status_code == 200
    delegations: dict[int, set[object]] = {}
    for row in audit.json():
        if row["entry_id"] is not None:
            state = row["after"] or row["before"]
            delegations.setdefault(row["entry_id"], set()).add(state["delegation_id"])
    assert delegations == {
        int(china["id"]): {int(tokens["China"]["X-Delegation-Id"])},
        int(brazil["id"]): {int(tokens["Brazil"]["X-Delegation-Id"])},
    }


def test_a_speaker_withdrawn_without_a_turn_has_a_feed_without_events(
    tokens: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    # Withdrawn before any timetable was published: its feed never showed a turn, so
    # there is nothing to cancel; the URL still answers, as for a speaker in overflow.
    open_list(client, tokens["organizer"])
    inscribe(client, tokens["Brazil"], "Ms. Ana Souza")
    brazil = entry_of(client, "Brazil")
    withdraw(client, tokens["Brazil"], brazil["id"])
    publish(session_factory)
    _, events, calendar = read_feed(client, brazil["feed"], cache="public")
    assert events == {}
    assert "Ms. Ana Souza" in str(calendar["X-WR-CALNAME"])
    link = client.post(f"{FEEDS}/delegation-feed", headers=tokens["Brazil"]).json()
    _, events, _ = read_feed(client, link["url"])
    assert events == {}


def test_an_id_given_twice_before_migration_0015_is_the_live_entrys(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    """A log written before ids were AUTOINCREMENT may name one id for two entries: a
    withdrawn one, then the next delegation's. The id's records from the second
    inscription on are the live entry's; it is not taken for withdrawn."""
    at = dt.datetime(2010, 3, 1, tzinfo=dt.UTC)
    congress_id = salvador_2010.congress_id
    with transaction(session_factory) as session:
        for minutes, action, delegation_id in (
            (0, "entry.register", 1),
            (1, "entry.withdraw", 1),
            (2, "entry.register", 2),
            (3, "entry.swap", None),
        ):
            state = {"delegation_id": delegation_id} if delegation_id else None
            session.add(
                SpeakersAudit(
                    congress_id=congress_id,
                    list_id=99,
                    entry_id=7,
                    action=action,
                    before=state if action == "entry.withdraw" else None,
                    after=state if action == "entry.register" else None,
                    at=at + dt.timedelta(minutes=minutes),
                )
            )
    with transaction(session_factory) as session:
        changes = entry_changes(session, congress_id)
    assert changes[7] == EntryChanges(
        since=at + dt.timedelta(minutes=2),
        sequence=1,
        modified_at=at + dt.timedelta(minutes=3),
        withdrawn_at=None,
    )
