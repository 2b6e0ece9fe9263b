"""iCal feeds of the published organization of work, as calendar clients see them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core import migrations
from app.core.config import Settings
from app.core.database import make_engine, make_session_factory, transaction
from app.feeds import repository as feeds_repository
from app.feeds.cache import FeedCache
from app.feeds.events import SpeakerSlot
from app.feeds.ical import CalendarMeta, FeedEvent, render_calendar
from app.feeds.service import build_speaker_feed
from app.main import create_app
from app.programme.models import Pin
from app.rooms.models import Room
from app.seeds.loader import LoadResult, load_seed
from app.seeds.reader import read_seed_file
from app.timetables import release, solving
from app.timetables.models import TimetableVersion
from app.transfer.service import export_congress, import_congress
from app.workshops.models import Workshop
from tests.support.databases import temporary_database
from tests.support.seeds import VIENNA_2007

SLUG = "twelfth-congress-salvador-2010"
BASE = "https://congress.example.org"
FEEDS = f"/congresses/{SLUG}/feeds"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url=BASE)
    app = create_app(settings, engine=engine)
    # Look the published version up on every request, so that a publication shows
    # at once (the default trusts a look-up for a second).
    app.state.feed_cache = FeedCache(head_ttl_s=0)
    with TestClient(app) as client:
        yield client


def solve_and_publish(
    session_factory: sessionmaker[Session], slug: str = SLUG, change_log: str | None = None
) -> TimetableVersion:
    with transaction(session_factory) as session:
        congress = find_congress(session, slug, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=20)
        assert timetable.ok, timetable.explanation
        assert draft is not None
        return release.publish(session, draft, change_log)


def check_raw(body: bytes) -> None:
    """RFC 5545 3.1: CRLF line ends, lines of at most 75 octets, folded between
    whole UTF-8 characters."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert b"\r" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never cuts a character in two


def parse(body: bytes) -> tuple[icalendar.Calendar, Any]:
    """The feed read by icalendar and, independently, by vobject."""
    check_raw(body)
    return icalendar.Calendar.from_ical(body), vobject.readOne(body.decode("utf-8"))


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, Any]:
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    return dict(zip(uids, events, strict=True))


def vobject_events(calendar: Any) -> dict[str, Any]:
    return {e.uid.value: e for e in calendar.contents.get("vevent", [])}


def uid(key: str, slug: str = SLUG) -> str:
    return f"{slug}/{key}@congress-scheduler"


def instant(value: Any) -> dt.datetime:
    moment = value.dt if hasattr(value, "dt") else value
    assert isinstance(moment, dt.datetime) and moment.tzinfo is not None
    return moment.astimezone(dt.UTC)


def published_meetings(client: TestClient) -> list[dict[str, Any]]:
    response = client.get(f"/congresses/{SLUG}/timetable")
    assert response.status_code == 200
    meetings: list[dict[str, Any]] = response.json()["meetings"]
    return meetings


def test_the_congress_feed_is_the_published_timetable(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    solve_and_publish(session_factory)
    response = client.get(f"{FEEDS}/congress.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["etag"].startswith('"')
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["last-modified"].endswith("GMT")
    calendar, other = parse(response.content)

    assert str(calendar["PRODID"])
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "Twelfth" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Bahia"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Bahia"

    meetings = published_meetings(client)
    events = events_by_uid(calendar)
    others = vobject_events(other)
    # One to one: every published meeting is one event, and nothing else is.
    assert set(events) == {uid(m["key"]) for m in meetings}
    assert set(others) == set(events)
    for m in meetings:
        event, seen_by_vobject = events[uid(m["key"])], others[uid(m["key"])]
        start, end = dt.datetime.fromisoformat(m["start"]), dt.datetime.fromisoformat(m["end"])
        assert instant(event["DTSTART"]) == start
        assert instant(event["DTEND"]) == end
        assert event["DTSTART"].params["TZID"] == "America/Bahia"
        assert instant(seen_by_vobject.dtstart.value) == start
        assert instant(seen_by_vobject.dtend.value) == end
        assert str(event["LOCATION"]).startswith(f"{m['room']}, ")
        summary = str(event["SUMMARY"])
        assert summary.startswith(m["body_name"] + " — ")
        assert seen_by_vobject.summary.value == summary
        if m["title"]:
            assert m["title"] in summary
        for number in m["agenda_items"]:
            assert str(number) in summary
        assert int(event["SEQUENCE"]) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event["DTSTAMP"].dt.tzinfo is not None
        assert event["LAST-MODIFIED"].dt.utcoffset() == dt.timedelta(0)
        # The meeting's page, which a calendar app opens in a browser.
        assert str(event["URL"]) == f"{BASE}/congresses/{SLUG}/meetings/{m['key']}"

    # Informal consultations are in the whole-congress feed, marked as such.
    informal = [m for m in meetings if m["kind"] == "informal"]
    assert informal
    event = events[uid(informal[0]["key"])]
    assert "Informal consultations" in str(event["SUMMARY"])
    assert "Informal consultations" in event["CATEGORIES"].cats

    # DESCRIPTION: item titles and document symbols.
    item_4 = next(m for m in meetings if m["kind"] == "agenda" and 4 in m["agenda_items"])
    description = str(events[uid(item_4["key"])]["DESCRIPTION"])
    assert "Item 4. " in description
    assert "Documents: A/CONF.213/" in description


def test_feeds_of_a_body_a_room_an_item_a_workshop_and_the_segment(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    solve_and_publish(session_factory)
    meetings = published_meetings(client)
    congress = client.get(f"/congresses/{SLUG}").json()
    room = congress["rooms"][0]

    def keys_in(path: str) -> set[str]:
        response = client.get(f"{FEEDS}/{path}")
        assert response.status_code == 200, response.text
        calendar, other = parse(response.content)
        assert set(vobject_events(other)) == set(events_by_uid(calendar))
        return set(events_by_uid(calendar))

    assert keys_in("bodies/committee-1.ics") == {
        uid(m["key"]) for m in meetings if m["body"] == "committee-1"
    }
    assert keys_in(f"rooms/{room['key']}.ics") == {
        uid(m["key"]) for m in meetings if m["room"] == room["name"]
    }
    in_item_4 = {uid(m["key"]) for m in meetings if 4 in m["agenda_items"]}
    assert in_item_4 and keys_in("agenda-items/4.ics") == in_item_4
    workshop_3 = {uid(m["key"]) for m in meetings if m["key"].startswith("workshop-3:")}
    assert len(workshop_3) == 2 and keys_in("workshops/3.ics") == workshop_3
    segment = {uid(m["key"]) for m in meetings if m["kind"] == "high-level"}
    assert len(segment) == 4 and keys_in("high-level-segment.ics") == segment

    # The index a page shows its subscribe links from.
    index = client.get(FEEDS).json()
    assert index["published_version"] == 1
    links = {(f["kind"], f["key"]): f for f in index["feeds"]}
    assert links[("congress", None)]["url"] == f"{BASE}{FEEDS}/congress.ics"
    assert (
        links[("congress", None)]["webcal"] == f"webcal://congress.example.org{FEEDS}/congress.ics"
    )
    assert ("body", "committee-2") in links and ("high-level-segment", None) in links
    assert ("workshop", "5") in links and ("room", room["key"]) in links
    for link in index["feeds"]:
        path = link["url"].removeprefix(BASE)
        assert client.get(path).status_code == 200, path

    # A language where translations exist.
    french = client.get(f"{FEEDS}/bodies/committee-1.ics?lang=fr")
    calendar, _ = parse(french.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert all(s.startswith("Commission I — ") for s in summaries)
    assert any("Consultations informelles" in s or "Point" in s for s in summaries)
    assert "Douzième Congrès" in str(calendar["X-WR-CALNAME"])
    assert french.headers["etag"] != client.get(f"{FEEDS}/bodies/committee-1.ics").headers["etag"]
    assert client.get(f"{FEEDS}?lang=fr").json()["feeds"][0]["url"].endswith("?lang=fr")

    # Bad requests name what is wrong.
    unknown = client.get(f"{FEEDS}/bodies/committee-9.ics")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "committee-9" in unknown.json()["detail"]
    assert client.get(f"{FEEDS}/workshops/99.ics").status_code == 404
    assert client.get(f"{FEEDS}/agenda-items/99.ics").status_code == 404
    unknown_room = client.get(f"{FEEDS}/rooms/abc.ics")
    assert unknown_room.status_code == 404
    assert "plenary-hall" in unknown_room.json()["detail"]  # names the rooms there are
    assert client.get(f"{FEEDS}/congress.ics?lang=xx").status_code == 422
    assert client.get("/congresses/no-such-congress/feeds/congress.ics").status_code == 404


def test_no_feed_before_the_first_publication(
    salvador_2010: LoadResult, client: TestClient
) -> None:
    response = client.get(f"{FEEDS}/congress.ics")
    assert response.status_code == 404
    assert "no published timetable yet" in response.json()["detail"]
    assert client.get(FEEDS).json()["published_version"] is None


def test_conditional_requests_and_head(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    solve_and_publish(session_factory)
    path = f"{FEEDS}/bodies/plenary.ics"
    full = client.get(path)
    etag, last_modified = full.headers["etag"], full.headers["last-modified"]
    # Built once per published version: the same bytes again.
    assert client.get(path).content == full.content

    for tag in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        unchanged = client.get(path, headers={"If-None-Match": tag})
        assert unchanged.status_code == 304, tag
        assert unchanged.content == b""
        assert unchanged.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), usegmt=True)
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": "yesterday"}).status_code == 200

    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == etag
    assert head.headers["content-type"] == "text/calendar; charset=utf-8"
    assert client.head(path, headers={"If-None-Match": etag}).status_code == 304


def test_a_moved_meeting_keeps_its_uid_and_a_removed_one_is_cancelled(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    first = solve_and_publish(session_factory)
    before = {m.key: m for m in first.meetings}
    key = next(k for k in before if k.startswith("workshop-5:"))
    old = before[key]
    v1 = client.get(f"{FEEDS}/congress.ics")
    target_day = dt.date(2010, 4, 16) if old.date != dt.date(2010, 4, 16) else dt.date(2010, 4, 15)
    with transaction(session_factory) as session:
        session.add(
            Pin(
                congress_id=salvador_2010.congress_id,
                target="workshop-5",
                meeting=1,
                date=target_day,
                slot_key="morning",
            )
        )
    solve_and_publish(session_factory, change_log="Workshop 5 moved.")
    v2 = client.get(f"{FEEDS}/congress.ics", headers={"If-None-Match": v1.headers["etag"]})
    assert v2.status_code == 200  # a new publication is a new feed
    moved = events_by_uid(parse(v2.content)[0])[uid(key)]
    assert int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt.date() == target_day
    assert moved["DTSTART"].dt.replace(tzinfo=None) != old.start
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert (
        moved["LAST-MODIFIED"].dt
        >= events_by_uid(parse(v1.content)[0])[uid(key)]["LAST-MODIFIED"].dt
    )

    # The secretariat drops workshop 5 from the programme: its meetings are cancelled.
    with transaction(session_factory) as session:
        for pin in session.scalars(select(Pin)):
            session.delete(pin)
        workshop = session.scalar(
            select(Workshop).where(
                Workshop.congress_id == salvador_2010.congress_id, Workshop.number == 5
            )
        )
        assert workshop is not None
        session.delete(workshop)
    third = solve_and_publish(session_factory, change_log="Workshop 5 cancelled.")
    assert not any(m.key.startswith("workshop-5:") for m in third.meetings)
    with transaction(session_factory) as session:
        v2_meetings = {
            m.key: m
            for m in feeds_repository.published_versions_with_meetings(
                session, salvador_2010.congress_id
            )[1].meetings
        }
    for path in ("congress.ics", "workshops/5.ics"):
        response = client.get(f"{FEEDS}/{path}")
        assert response.status_code == 200, path
        calendar, other = parse(response.content)
        events, others = events_by_uid(calendar), vobject_events(other)
        for k in (k for k in v2_meetings if k.startswith("workshop-5:")):
            cancelled = events[uid(k)]
            assert str(cancelled["STATUS"]) == "CANCELLED"
            assert others[uid(k)].status.value == "CANCELLED"
            assert int(cancelled["SEQUENCE"]) == v2_meetings[k].sequence + 1
            assert cancelled["DTSTART"].dt.replace(tzinfo=None) == v2_meetings[k].start
            assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    # The meetings still held are all there, confirmed.
    live = {uid(m["key"]) for m in published_meetings(client)}
    events = events_by_uid(parse(client.get(f"{FEEDS}/congress.ics").content)[0])
    assert {u for u, e in events.items() if str(e["STATUS"]) == "CONFIRMED"} == live


def seed_across_a_dst_change(tmp_path: Path) -> Path:
    """The 2007 Vienna working group moved to 28 March - 1 April 2008: summer time
    begins on Sunday 30 March at 02:00 (CET, UTC+1 → CEST, UTC+2)."""
    data = yaml.safe_load(VIENNA_2007.read_text(encoding="utf-8"))
    data["congress"]["start_date"] = dt.date(2008, 3, 28)
    data["congress"]["end_date"] = dt.date(2008, 4, 1)
    for event in data["fixed_events"]:
        event["date"] = dt.date(2008, 3, 28) if event["kind"] == "opening" else dt.date(2008, 4, 1)
    path = tmp_path / "vienna-working-group-2008.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_vienna_session_across_the_change_to_summer_time(
    tmp_path: Path, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    path = seed_across_a_dst_change(tmp_path)
    with transaction(session_factory) as session:
        load_seed(session, read_seed_file(path))
    slug = path.stem
    solve_and_publish(session_factory, slug)
    response = client.get(f"/congresses/{slug}/feeds/congress.ics")
    calendar, other = parse(response.content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Vienna"
    standard, daylight = zone.walk("STANDARD"), zone.walk("DAYLIGHT")
    assert standard and daylight
    spring = next(d for d in daylight if d["DTSTART"].dt.year == 2008)
    # RFC 5545 3.6.5: the onset in the local time before the change.
    assert spring["DTSTART"].dt == dt.datetime(2008, 3, 30, 2, 0)
    assert spring["TZOFFSETFROM"].td == dt.timedelta(hours=1)
    assert spring["TZOFFSETTO"].td == dt.timedelta(hours=2)

    events = events_by_uid(calendar)
    others = vobject_events(other)
    opening = events[uid("working-group:opening", slug)]
    closing = events[uid("working-group:closing", slug)]
    # 10:00 CET on Friday 28 March is 09:00 UTC; 15:00 CEST on Tuesday 1 April, 13:00 UTC.
    assert instant(opening["DTSTART"]) == dt.datetime(2008, 3, 28, 9, 0, tzinfo=dt.UTC)
    assert instant(closing["DTSTART"]) == dt.datetime(2008, 4, 1, 13, 0, tzinfo=dt.UTC)
    assert instant(others[uid("working-group:opening", slug)].dtstart.value) == dt.datetime(
        2008, 3, 28, 9, 0, tzinfo=dt.UTC
    )
    assert instant(others[uid("working-group:closing", slug)].dtstart.value) == dt.datetime(
        2008, 4, 1, 13, 0, tzinfo=dt.UTC
    )
    # Every meeting: local wall-clock time, the right UTC offset for its day.
    for event in events.values():
        local = event["DTSTART"].dt
        expected = dt.timedelta(hours=2 if local.date() >= dt.date(2008, 3, 30) else 1)
        assert instant(event["DTSTART"]) == (local.replace(tzinfo=None) - expected).replace(
            tzinfo=dt.UTC
        )


SIX_LANGUAGES = {
    "ar": "منع الجريمة والعدالة الجنائية: الفرص والتحديات في سياق التنمية المستدامة",
    "zh": "预防犯罪和刑事司法：在可持续发展背景下的机遇与挑战以及国际合作的作用",
    "en": "Crime prevention; criminal justice, and the rule of law \\ a long title",
    "fr": "Prévention du crime et justice pénale : défis, perspectives ; « coopération »",
    "ru": "Предупреждение преступности и уголовное правосудие: вызовы и возможности",
    "es": "Prevención del delito y justicia penal: retos, oportunidades; cooperación",
}


def test_escaping_and_folding_in_the_six_official_languages() -> None:
    zone = __import__("zoneinfo").ZoneInfo("Europe/Vienna")
    hostile = "Item 2\r\nATTENDEE:mailto:x@example.org\rEND:VEVENT\nBEGIN:VEVENT; a, b \\ c"
    events = [
        FeedEvent(
            uid=f"test/{language}@congress-scheduler",
            sequence=0,
            start=dt.datetime(2008, 3, 31, 10, tzinfo=zone),
            end=dt.datetime(2008, 3, 31, 13, tzinfo=zone),
            summary=f"{title} — {hostile}",
            location="Conference Room, Vienna International Centre",
            description=(title + " ") * 5,
            url="https://congress.example.org/congresses/x/meetings/plenary:item-2:1",
            categories=("Plenary", "Informal consultations, drafts"),
            last_modified=dt.datetime(2008, 3, 1, tzinfo=dt.UTC),
        )
        for language, title in SIX_LANGUAGES.items()
    ]
    meta = CalendarMeta(
        name="Six; languages, \\ test\r\nX-INJECTED:1",
        description="d",
        time_zone="Europe/Vienna",
        published_at=dt.datetime(2008, 3, 1, tzinfo=dt.UTC),
        first_date=dt.date(2008, 3, 28),
        last_date=dt.date(2008, 4, 1),
    )
    body = render_calendar(meta, events)
    calendar, other = parse(body)
    assert b"\r\nATTENDEE" not in body and b"\r\nX-INJECTED" not in body
    assert body.count(b"\r\nBEGIN:VEVENT\r\n") == 6
    assert b"\r\nX-WR-CALNAME:Six\\; languages\\, \\\\ test X-INJECTED:1\r\n" in body
    parsed = events_by_uid(calendar)
    others = vobject_events(other)
    for language, title in SIX_LANGUAGES.items():
        expected = f"{title} — " + hostile.replace("\r\n", "\n").replace("\r", "\n")
        event = parsed[f"test/{language}@congress-scheduler"]
        assert str(event["SUMMARY"]) == expected
        assert "ATTENDEE" not in event
        assert str(event["DESCRIPTION"]) == (title + " ") * 5
        assert event["CATEGORIES"].cats == ["Plenary", "Informal consultations, drafts"]
        assert others[f"test/{language}@congress-scheduler"].summary.value == expected


def test_a_delegation_feed_of_its_speakers_slots(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    version = solve_and_publish(session_factory)
    segment = next(m for m in version.meetings if m.kind == "high-level")
    opening = next(m for m in version.meetings if m.kind == "opening")
    carried = opening.also[0]  # the opening meeting also is cluster 3+5's first
    slots = [
        SpeakerSlot(
            slot_id="17",
            meeting_key=segment.key,
            start=segment.start + dt.timedelta(minutes=35),
            end=segment.start + dt.timedelta(minutes=42),
            speaker="Ms. Ana Ruiz",
            delegation="Spain",
        ),
        SpeakerSlot(
            slot_id="18",
            meeting_key=carried,
            start=opening.start + dt.timedelta(hours=2),
            end=opening.start + dt.timedelta(hours=2, minutes=5),
            speaker="Mr. Li Wei",
            delegation="China",
            sequence=1,
        ),
        SpeakerSlot(
            slot_id="19",
            meeting_key="plenary:no-such-unit:1",
            start=opening.start,
            end=opening.end,
            speaker="Nobody",
            delegation="Spain",
        ),
    ]
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        versions = feeds_repository.published_versions_with_meetings(session, congress.id)
        built = build_speaker_feed(
            congress,
            versions,
            slots,
            name="Spain",
            path="delegations/private.ics",
            language=None,
            base_url=BASE,
        )
    assert built.private
    calendar, other = parse(built.body)
    events = events_by_uid(calendar)
    assert set(events) == {uid(f"{segment.key}/speaker/17"), uid(f"{carried}/speaker/18")}
    spain = events[uid(f"{segment.key}/speaker/17")]
    zone = __import__("zoneinfo").ZoneInfo("America/Bahia")
    assert instant(spain["DTSTART"]) == instant(
        (segment.start + dt.timedelta(minutes=35)).replace(tzinfo=zone)
    )
    assert str(spain["SUMMARY"]).startswith("Speaker: Ms. Ana Ruiz (Spain) — Plenary — ")
    assert "Estimated time: " in str(spain["DESCRIPTION"])
    assert int(events[uid(f"{carried}/speaker/18")]["SEQUENCE"]) == 1
    assert len(vobject_events(other)) == 2


def test_a_publication_reaches_the_feeds_once_the_version_look_up_expires(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    """Polling clients are served from memory while the look-up of the published
    version is fresh (a second by default; an hour here, so that nothing depends on
    the test's speed), and get the new version after it."""
    app = client.app
    app.state.feed_cache = FeedCache(head_ttl_s=3600)  # type: ignore[attr-defined]
    first_version = solve_and_publish(session_factory)
    first = client.get(f"{FEEDS}/congress.ics")
    old = next(m for m in first_version.meetings if m.key.startswith("workshop-5:"))
    with transaction(session_factory) as session:
        session.add(
            Pin(
                congress_id=salvador_2010.congress_id,
                target="workshop-5",
                meeting=1,
                date=dt.date(2010, 4, 16 if old.date != dt.date(2010, 4, 16) else 15),
                slot_key="morning",
            )
        )
    solve_and_publish(session_factory, change_log="Workshop 5 moved.")
    assert client.get(f"{FEEDS}/congress.ics").headers["etag"] == first.headers["etag"]
    app.state.feed_cache.head_ttl_s = 0  # type: ignore[attr-defined]
    second = client.get(f"{FEEDS}/congress.ics")
    assert second.headers["etag"] != first.headers["etag"]
    moved = events_by_uid(parse(second.content)[0])[uid(old.key)]
    assert int(moved["SEQUENCE"]) == 1


def test_room_feeds_are_addressed_by_a_key_that_survives_export_and_import(
    salvador_2010: LoadResult,
    client: TestClient,
    session_factory: sessionmaker[Session],
    backend: str,
    tmp_path: Path,
) -> None:
    solve_and_publish(session_factory)
    rooms = client.get(f"/congresses/{SLUG}").json()["rooms"]
    plenary = next(r for r in rooms if r["name"] == "Plenary Hall")
    assert plenary["key"] == "plenary-hall"
    index = client.get(FEEDS).json()["feeds"]
    url = next(f["url"] for f in index if f["kind"] == "room" and f["key"] == "plenary-hall")
    assert url == f"{BASE}{FEEDS}/rooms/plenary-hall.ics"
    before = client.get(f"{FEEDS}/rooms/plenary-hall.ics")
    assert before.status_code == 200
    # A subscriber of the URL by id (as it was before rooms had keys) is sent on.
    old = client.get(f"{FEEDS}/rooms/{plenary['id']}.ics?lang=fr", follow_redirects=False)
    assert old.status_code == 301
    assert old.headers["location"] == f"{BASE}{FEEDS}/rooms/plenary-hall.ics?lang=fr"

    with session_factory() as session:
        found = find_congress(session, SLUG)
        assert found is not None
        document = json.loads(json.dumps(export_congress(session, found)))
    with temporary_database(backend, tmp_path) as other_url:
        migrations.upgrade(other_url)
        other_engine = make_engine(other_url)
        try:
            other = make_session_factory(other_engine)
            with transaction(other) as session:
                # Rooms of another congress there first, so that every room id differs.
                copy = json.loads(json.dumps(document))
                copy["tables"]["congresses"][0]["slug"] = "a-copy-of-2010"
                import_congress(session, copy)
                import_congress(session, document)
            settings = Settings(database_url=other_url, public_base_url=BASE)
            with TestClient(create_app(settings, engine=other_engine)) as moved:
                again = next(
                    r
                    for r in moved.get(f"/congresses/{SLUG}").json()["rooms"]
                    if r["name"] == "Plenary Hall"
                )
                assert again["id"] != plenary["id"] and again["key"] == "plenary-hall"
                after = moved.get(url.removeprefix(BASE))
                assert after.status_code == 200
                assert after.text == before.text
        finally:
            other_engine.dispose()


def test_a_new_room_gets_a_key_from_its_name_and_keeps_it(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        session.add_all(
            [
                Room(congress_id=congress.id, name="Salle Réunion B", capacity=50),
                Room(congress_id=congress.id, name="Salle reunion  b!", capacity=50),
            ]
        )
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        keys = {r.name: r.key for r in congress.rooms}
        assert keys["Salle Réunion B"] == "salle-reunion-b"
        assert keys["Salle reunion  b!"] == "salle-reunion-b-2"
        room = next(r for r in congress.rooms if r.name == "Salle Réunion B")
        room.name = "Room B"
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        assert {r.name: r.key for r in congress.rooms}["Room B"] == "salle-reunion-b"
