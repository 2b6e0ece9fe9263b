"""What changed between published versions: one definition for the diff, the changes
page and the feeds; published versions as records that never change; feeds that stay
byte for byte the same when a publication does not touch them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.database import transaction
from app.feeds.cache import FeedCache
from app.seeds.loader import LoadResult, load_seed
from app.seeds.reader import read_seed_file
from app.timetables import release, solving
from tests.app.test_drafts import DRAFTS, SLUG, SWAP, client, move, new_draft, publish, roles
from tests.app.test_feeds_private import LISTS, inscribe, tokens
from tests.support.seeds import SALVADOR_2010

__all__ = ["client", "roles", "tokens"]  # fixtures

FEEDS = f"/congresses/{SLUG}/feeds"


def look_up_every_time(client: TestClient) -> None:
    """Feeds look the published version up on every request (no second of grace)."""
    client.app.state.feed_cache = FeedCache(head_ttl_s=0)  # type: ignore[attr-defined]


def events_of(body: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]).split("/", 1)[1].split("@")[0]: e for e in calendar.walk("VEVENT")}


def cancelled_in(body: bytes) -> set[str]:
    return {k for k, e in events_of(body).items() if str(e["STATUS"]) == "CANCELLED"}


def resolve_and_publish(session_factory: sessionmaker[Session]) -> int:
    """A re-solve published as it comes (`release.publish`, as `congress solve
    --publish` does once the draft differs)."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=5)
        assert draft is not None, timetable.explanation
        published = release.publish(session, draft)
        assert published.number is not None
        return published.number


def informal_day_of(meetings: list[dict[str, Any]], body: str, other_than: str) -> str:
    """A day on which `body` holds only informal consultations."""
    days: dict[str, set[str]] = {}
    for m in meetings:
        if m["body"] == body:
            days.setdefault(m["date"], set()).add(m["kind"])
    return next(d for d, kinds in sorted(days.items()) if kinds == {"informal"} and d != other_than)


def test_a_manual_move_then_a_resolve_changes_nothing_for_informal_consultations(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    look_up_every_time(client)
    organizer = roles["organizer"]
    assert publish(client, new_draft(session_factory), organizer).status_code == 201
    draft = new_draft(session_factory)
    meetings = client.get(f"/congresses/{SLUG}/timetable").json()["meetings"]
    workshop = next(m for m in meetings if m["kind"] == "workshop" and m["body"] == "committee-2")
    number = workshop["key"].split(":")[0]
    held_on = workshop["date"]
    free_day = informal_day_of(meetings, "committee-2", held_on)
    # The workshop and the day of informal consultations change places by hand.
    for m in meetings:
        if m["key"].startswith(number + ":"):
            assert move(client, draft, m["key"], organizer, date=free_day).status_code == 200
        elif m["body"] == "committee-2" and m["date"] == free_day:
            assert move(client, draft, m["key"], organizer, date=held_on).status_code == 200
    shown = client.get(f"{DRAFTS}/{draft}", headers={"Authorization": f"Bearer {organizer}"})
    assert shown.json()["violations"] == []
    assert publish(client, draft, organizer).status_code == 201

    # What version 2 changed, the diff, the page and the feed say alike: the workshop
    # moved, and the informal consultations left the one day for the other.
    v2 = client.get(f"/congresses/{SLUG}/timetable/diff?from=1&to=2").json()
    assert {m["key"] for m in v2["moved"]} == {
        m["key"] for m in meetings if m["key"].startswith(number + ":")
    }
    assert len(v2["added"]) == len(v2["cancelled"]) == 2
    assert all(":informal:" + held_on in k for k in v2["added"])
    feed = client.get(f"{FEEDS}/bodies/committee-2.ics")
    assert cancelled_in(feed.content) == set(v2["cancelled"])
    sequences = {k: int(e["SEQUENCE"]) for k, e in events_of(feed.content).items()}

    # The solver, asked again, keeps everything where it is: nothing changed.
    assert resolve_and_publish(session_factory) == 3
    v3 = client.get(f"/congresses/{SLUG}/timetable/diff?from=2&to=3").json()
    assert v3["moved"] == v3["added"] == v3["cancelled"] == v3["retitled"] == []
    page = client.get(f"/congresses/{SLUG}/organization-of-work/changes?from=2&to=3")
    assert "No meeting moved, was added or was cancelled." in page.text
    for path in ("congress.ics", "bodies/committee-2.ics"):
        again = client.get(f"{FEEDS}/{path}").content
        assert cancelled_in(again) == set(v2["cancelled"]), path
    again = client.get(f"{FEEDS}/bodies/committee-2.ics")
    assert {k: int(e["SEQUENCE"]) for k, e in events_of(again.content).items()} == sequences
    assert again.content == feed.content and again.headers["etag"] == feed.headers["etag"]


def test_a_publication_that_does_not_touch_a_feed_leaves_it_byte_for_byte(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    look_up_every_time(client)
    organizer = roles["organizer"]
    assert publish(client, new_draft(session_factory), organizer).status_code == 201
    index = client.get(FEEDS).json()["feeds"]
    before = {f["url"]: client.get(f["url"]) for f in index}
    draft = new_draft(session_factory)
    # Cluster 7+9 and workshop 4 change days in Committee I only.
    for key, day in SWAP:
        assert move(client, draft, key, organizer, date=day).status_code == 200
    assert publish(client, draft, organizer).status_code == 201

    unchanged = set()
    for url, first in before.items():
        now = client.get(url)
        if now.content == first.content:
            assert now.headers["etag"] == first.headers["etag"], url
            assert now.headers["last-modified"] == first.headers["last-modified"], url
            unchanged.add(url.rsplit("/feeds/", 1)[1])
            revalidated = client.get(url, headers={"If-None-Match": first.headers["etag"]})
            assert revalidated.status_code == 304, url
            since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
            assert since.status_code == 304, url
        else:
            assert now.headers["etag"] != first.headers["etag"], url
    assert {
        "bodies/plenary.ics",
        "bodies/committee-2.ics",
        "high-level-segment.ics",
        "workshops/1.ics",
        "workshops/3.ics",
        "workshops/5.ics",
        "agenda-items/8.ics",
    } <= unchanged
    assert not {"congress.ics", "bodies/committee-1.ics", "workshops/4.ics"} & unchanged
    # The committee's feed says when it changed: with version 2.
    changed = client.get(f"{FEEDS}/bodies/committee-1.ics")
    version_2 = client.get(f"/congresses/{SLUG}/timetable/versions/2").json()
    stamped = icalendar.Calendar.from_ical(changed.content).walk("VEVENT")[0]["DTSTAMP"].dt
    published_at = dt.datetime.fromisoformat(version_2["published_at"])
    if published_at.tzinfo is None:  # SQLite keeps UTC without its offset
        published_at = published_at.replace(tzinfo=dt.UTC)
    assert stamped == published_at.replace(microsecond=0)


def reload_with(tmp_path: Path, change: Any) -> None:
    """The seed file, edited and loaded again (titles updated in place)."""
    data = yaml.safe_load(SALVADOR_2010.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / SALVADOR_2010.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return None


def _without_feed_links(page: str) -> list[str]:
    return [line for line in page.splitlines() if "/feeds/" not in line]


def test_a_published_version_never_changes_and_a_correction_is_the_next_version(
    salvador_2010: LoadResult,
    roles: dict[str, str],
    session_factory: sessionmaker[Session],
    client: TestClient,
    tmp_path: Path,
) -> None:
    look_up_every_time(client)
    organizer = roles["organizer"]
    assert publish(client, new_draft(session_factory), organizer).status_code == 201
    urls = [
        "/congresses/{s}/organization-of-work",
        "/congresses/{s}/meetings/committee-1:item-4:1",
        "/congresses/{s}/exports/timetable.csv",
        "/congresses/{s}/exports/schedule.json",
        "/congresses/{s}/feeds/congress.ics",
        "/congresses/{s}/feeds/agenda-items/4.ics",
    ]
    shown = {u: client.get(u.format(s=SLUG)) for u in urls}
    for u, r in shown.items():
        assert r.status_code == 200, u
    assert "Provision of technical assistance" in shown[urls[0]].text

    def retitle(data: dict[str, Any]) -> None:
        item = next(i for i in data["agenda_items"] if i["number"] == 4)
        item["title"] = "Technical assistance for the ratification of the instruments."

    reload_with(tmp_path, retitle)
    with transaction(session_factory) as session:
        load_seed(session, read_seed_file(tmp_path / SALVADOR_2010.name))

    # Not published yet: every published view says what was announced.
    for u, first in shown.items():
        again = client.get(u.format(s=SLUG))
        if u.endswith("organization-of-work"):
            # The subscribe links name the feeds as they are now (which feeds exist is
            # not part of a version); the grid and its meetings are the version's.
            assert _without_feed_links(again.text) == _without_feed_links(first.text)
            continue
        assert again.content == first.content, u
        assert "Technical assistance for the ratification" not in again.text, u

    # The correction is published as version 2: its changes say "retitled", and
    # only the meetings of item 4 get a higher SEQUENCE.
    assert resolve_and_publish(session_factory) == 2
    diff = client.get(f"/congresses/{SLUG}/timetable/diff?from=1&to=2").json()
    v1 = {
        m["key"]: m
        for m in client.get(f"/congresses/{SLUG}/timetable/versions/1").json()["meetings"]
    }
    v2 = {
        m["key"]: m
        for m in client.get(f"/congresses/{SLUG}/timetable/versions/2").json()["meetings"]
    }
    item_4 = {k for k, m in v2.items() if 4 in m["agenda_items"]}
    assert item_4 and set(diff["retitled"]) == item_4
    assert diff["moved"] == diff["added"] == diff["cancelled"] == []
    assert "retitled" in client.get(f"/congresses/{SLUG}/timetable").json()["change_log"]
    for key, meeting in v2.items():
        assert meeting["sequence"] == v1[key]["sequence"] + (1 if key in item_4 else 0), key
    feed = events_of(client.get(f"{FEEDS}/agenda-items/4.ics").content)
    for key in item_4:
        assert int(feed[key]["SEQUENCE"]) == v2[key]["sequence"]
        assert "Technical assistance for the ratification" in str(feed[key]["DESCRIPTION"])
    page = client.get(f"/congresses/{SLUG}/organization-of-work?version=1")
    assert "Provision of technical assistance" in page.text
    listed = client.get(f"/congresses/{SLUG}/organization-of-work/changes?from=1&to=2").text
    assert "Meetings with new wording" in listed and "No meeting moved" not in listed


def test_a_new_speakers_event_starts_at_sequence_0_stamped_with_its_inscription(
    tokens: dict[str, dict[str, str]], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    for _ in range(2):  # two versions: the meetings' SEQUENCE is not the speaker's
        with transaction(session_factory) as session:
            congress = find_congress(session, SLUG, full=True)
            assert congress is not None
            timetable, draft = solving.solve_congress(session, congress, time_limit_s=5)
            assert draft is not None, timetable.explanation
            release.publish(session, draft)
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
    for name, delegation in (("Mr. Li Wei", "China"), ("Ms. Ana Souza", "Brazil")):
        inscribe(client, tokens[delegation], name)
    entries = client.get(f"{LISTS}/cluster-3-5").json()["entries"]
    brazil = next(e for e in entries if e["delegation"] == "Brazil")
    (event,) = events_of(client.get(brazil["feed"]).content).values()
    assert int(event["SEQUENCE"]) == 0
    assert event["LAST-MODIFIED"].dt >= now.replace(microsecond=0)


def test_the_console_names_the_published_version_in_one_sentence(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    from tests.app.test_pages_console import CONSOLE, sign_in

    assert publish(client, new_draft(session_factory), roles["organizer"]).status_code == 201
    client.follow_redirects = False
    sign_in(client, roles["organizer"])
    dashboard = client.get(CONSOLE).text
    assert "First published organization of work." in dashboard
    assert ".)." not in dashboard and ".." not in dashboard.replace("...", "")
