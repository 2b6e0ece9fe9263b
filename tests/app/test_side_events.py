"""Side events through the API: requests, validation, allocation with reasons, confirmation,
the public programme per day and the rooms' occupancy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.delegations.models import Delegation, DelegationKind
from app.main import create_app
from app.rooms.models import Room
from app.seeds.loader import LoadResult, load_seed
from app.seeds.reader import read_seed_file
from app.side_events.programme import confirmed_side_events
from app.timetables import release
from tests.support.seeds import SALVADOR_2010

SLUG = "twelfth-congress-salvador-2010"
BASE = f"/congresses/{SLUG}/side-events"
APRIL_14 = dt.date(2010, 4, 14)
ALL_DAYS = [dt.date(2010, 4, 12) + dt.timedelta(days=i) for i in range(8)]


@dataclass
class World:
    organizer: dict[str, str]
    ngo: dict[str, str]
    igo: dict[str, str]
    member_state: dict[str, str]
    ngo_id: int


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def meeting(
    key: str, day: dt.date, start: int, end: int, room: str, items: tuple[int, ...] = ()
) -> scheduler.Meeting:
    return scheduler.Meeting(
        key=key,
        date=day,
        slot="morning" if start < 13 else "afternoon",
        body="plenary",
        body_name="Plenary",
        kind="agenda",
        start=dt.datetime.combine(day, dt.time(start)),
        end=dt.datetime.combine(day, dt.time(end)),
        agenda_items=items,
        room=room,
        title=f"Plenary {key}",
    )


def publish(session_factory: sessionmaker[Session], meetings: list[scheduler.Meeting]) -> None:
    """Publish an organization of work through the real draft → publish path."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable = scheduler.Timetable(
            status="OPTIMAL", time_zone=congress.time_zone, meetings=meetings
        )
        draft = release.save_draft(session, congress, timetable, seed=0, based_on=None)
        release.publish(session, draft)


OFFICIAL = [
    # Agenda item 3 in the Plenary Hall all day on 14 April, and an informal meeting over
    # lunch in Committee Room I.
    meeting("p-1", APRIL_14, 10, 13, "Plenary Hall", (3,)),
    meeting("p-2", APRIL_14, 15, 18, "Plenary Hall", (3,)),
    meeting("c-1", APRIL_14, 13, 15, "Committee Room I"),
]


@pytest.fixture
def world(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> World:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        congress.rooms.extend(
            [
                Room(name="Side Room A", capacity=120, webcast=True, position=10),
                Room(name="Side Room B", capacity=60, position=11),
                Room(
                    name="Conference Room 3",
                    capacity=300,
                    interpretation=True,
                    webcast=True,
                    position=12,
                ),
            ]
        )
        ngo = Delegation(name="Penal Reform International", kind=DelegationKind.NON_GOVERNMENTAL)
        igo = Delegation(name="Council of Europe", kind=DelegationKind.INTERGOVERNMENTAL)
        congress.delegations.extend([ngo, igo])
        session.flush()
        jamaica = next(d for d in congress.delegations if d.name == "Jamaica")
        return World(
            organizer=bearer(issue_token(session, role=Role.ORGANIZER, name="secretariat").token),
            ngo=bearer(
                issue_token(session, role=Role.DELEGATION, name="pri", delegation=ngo).token
            ),
            igo=bearer(
                issue_token(session, role=Role.DELEGATION, name="coe", delegation=igo).token
            ),
            member_state=bearer(
                issue_token(session, role=Role.DELEGATION, name="jm", delegation=jamaica).token
            ),
            ngo_id=ngo.id,
        )


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


def ask(client: TestClient, token: dict[str, str], **body: Any) -> dict[str, Any]:
    data = {"title": "Prison reform", "expected_attendance": 50, "length": "lunchtime", **body}
    response = client.post(f"{BASE}/requests", json=data, headers=token)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def only(days: list[dt.date]) -> list[str]:
    """impossible_dates that leave only `days`."""
    return [d.isoformat() for d in ALL_DAYS if d not in days]


def allocate(client: TestClient, world: World) -> dict[str, Any]:
    response = client.post(f"{BASE}/allocate", json={"time_limit_s": 5}, headers=world.organizer)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def by_id(allocation: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in allocation["requests"]}


def test_an_organization_requests_and_reads_only_its_own(world: World, client: TestClient) -> None:
    mine = ask(
        client,
        world.ngo,
        needs=["webcast"],
        preferred_dates=["2010-04-14"],
        agenda_item=3,
        workshop=2,
        description="Launch of the handbook",
    )
    assert mine["state"] == "submitted"
    assert mine["organizer"] == "Penal Reform International"
    assert (mine["needs"], mine["agenda_item"], mine["workshop"]) == (["webcast"], 3, 2)
    ask(client, world.igo, organizer="Council of Europe and UNODC")

    own = client.get(f"{BASE}/requests", headers=world.ngo).json()
    assert [r["id"] for r in own] == [mine["id"]]
    assert client.get(f"{BASE}/requests/{mine['id']}", headers=world.igo).status_code == 404
    assert len(client.get(f"{BASE}/requests", headers=world.organizer).json()) == 2


def test_who_may_request(world: World, client: TestClient) -> None:
    body = {"title": "x", "expected_attendance": 10, "length": "evening"}
    assert client.post(f"{BASE}/requests", json=body).status_code == 401
    missing = client.post(f"{BASE}/requests", json=body, headers=world.organizer)
    assert missing.status_code == 422
    assert missing.json()["invalid-params"][0]["name"] == "body.delegation_id"
    on_behalf = client.post(
        f"{BASE}/requests", json={**body, "delegation_id": world.ngo_id}, headers=world.organizer
    )
    assert on_behalf.status_code == 201
    assert on_behalf.json()["delegation"] == "Penal Reform International"
    other = client.post(
        f"{BASE}/requests", json={**body, "delegation_id": world.ngo_id}, headers=world.igo
    )
    assert other.status_code == 403


def test_invalid_requests_name_each_field_and_reason(world: World, client: TestClient) -> None:
    response = client.post(
        f"{BASE}/requests",
        json={
            "title": "Cybercrime",
            "expected_attendance": 40,
            "length": "lunchtime",
            "preferred_dates": ["2010-04-14", "2010-05-01"],
            "impossible_dates": ["2010-04-14"],
            "agenda_item": 42,
            "workshop": 9,
        },
        headers=world.ngo,
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid-params"]}
    assert reasons == {
        "body.preferred_dates[1]": "2010-05-01 is not a day of the congress "
        "(2010-04-12 to 2010-04-19)",
        "body.preferred_dates[0]": "2010-04-14 is also given as impossible",
        "body.agenda_item": "no agenda item 42 in this congress",
        "body.workshop": "no workshop 9 in this congress",
    }
    shape = client.post(
        f"{BASE}/requests",
        json={"title": "", "expected_attendance": 0, "length": "breakfast", "needs": ["coffee"]},
        headers=world.ngo,
    )
    assert shape.status_code == 422
    names = {p["name"] for p in shape.json()["invalid-params"]}
    assert names == {"body.title", "body.expected_attendance", "body.length", "body.needs[0]"}
    everything = client.post(
        f"{BASE}/requests",
        json={
            "title": "x",
            "expected_attendance": 5,
            "length": "evening",
            "impossible_dates": only([]),
        },
        headers=world.ngo,
    )
    assert everything.json()["invalid-params"] == [
        {"name": "body.impossible_dates", "reason": "every day of the congress is impossible"}
    ]


def test_allocation_places_requests_and_gives_reasons(
    world: World, client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publish(session_factory, OFFICIAL)
    interpreted = ask(client, world.ngo, expected_attendance=250, needs=["interpretation"])
    huge = ask(client, world.ngo, title="Global forum", expected_attendance=3000)
    hall = ask(
        client,
        world.igo,
        title="Ministerial round table",
        expected_attendance=2000,
        length="half_day",
        impossible_dates=only([APRIL_14]),
    )
    clash = ask(
        client,
        world.igo,
        title="On item 3",
        expected_attendance=700,
        length="half_day",
        agenda_item=3,
        impossible_dates=only([APRIL_14]),
    )
    result = allocate(client, world)
    assert result["status"] == "OPTIMAL" and result["warnings"] == []
    assert (result["placed"], result["unplaced"], result["placeable"]) == (1, 3, 1)
    rows = by_id(result)

    placed = rows[interpreted["id"]]
    assert placed["state"] == "placed"
    assert placed["placement"]["room"] in {
        "Conference Room 3",
        "Committee Room I",
        "Committee Room II",
        "Plenary Hall",
    }
    assert placed["placement"]["window"] == "lunchtime"
    assert placed["placement"]["start"].endswith("T13:15:00-03:00")

    assert rows[huge["id"]]["unplaced"] == {
        "code": "capacity",
        "reason": "no room seats 3000 (the largest seats 2500)",
    }
    assert rows[hall["id"]]["unplaced"] == {
        "code": "occupied",
        "reason": "no room of 2000 seats free at half-day on 14 April",
    }
    assert rows[clash["id"]]["unplaced"] == {
        "code": "clash",
        "reason": "every half-day window on 14 April clashes with the official meetings "
        "on agenda item 3",
    }
    # The organization reads the outcome of its own request through the API.
    own = client.get(f"{BASE}/requests/{huge['id']}", headers=world.ngo).json()
    assert own["state"] == "unplaced" and "3000" in own["unplaced"]["reason"]


def test_official_rooms_stay_with_the_official_programme(
    world: World, client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publish(session_factory, OFFICIAL)
    # Only Committee Room I and II seat 700 besides the Plenary Hall; at lunchtime on
    # 14 April Committee Room I has an informal meeting and the Hall is free.
    ids = [
        ask(
            client,
            world.igo if i % 2 else world.ngo,
            title=f"Lunch {i}",
            expected_attendance=700,
            impossible_dates=only([APRIL_14]),
        )["id"]
        for i in range(3)
    ]
    rows = by_id(allocate(client, world))
    rooms = sorted(rows[i]["placement"]["room"] for i in ids if rows[i]["placement"])
    assert rooms == ["Committee Room II", "Plenary Hall"]
    (left,) = [rows[i] for i in ids if rows[i]["state"] == "unplaced"]
    assert left["unplaced"]["code"] == "competition"
    assert left["unplaced"]["reason"] == (
        "every room of 700 seats free at lunchtime on 14 April is taken by other side events"
    )


def test_fair_share_is_configurable(world: World, client: TestClient) -> None:
    settings = client.get(f"{BASE}/settings").json()
    assert settings["defaults"] is True
    assert settings["max_per_organization_per_day"] == 2
    assert [(w["key"], w["kind"], w["start"], w["end"]) for w in settings["windows"]] == [
        ("morning", "half_day", "10:00:00", "13:00:00"),
        ("lunchtime", "lunchtime", "13:15:00", "14:45:00"),
        ("afternoon", "half_day", "15:00:00", "18:00:00"),
        ("evening", "evening", "18:00:00", "20:00:00"),
    ]
    windows = [
        {
            "key": "lunchtime",
            "name": "Lunchtime",
            "kind": "lunchtime",
            "start": "13:00",
            "end": "14:30",
        },
        {"key": "evening", "name": "Evening", "kind": "evening", "start": "18:30", "end": "20:00"},
    ]
    bad = client.put(
        f"{BASE}/settings",
        json={
            "max_per_organization_per_day": 1,
            "windows": [{**windows[0], "end": "12:00"}, windows[0]],
        },
        headers=world.organizer,
    )
    assert bad.status_code == 422
    assert {p["name"] for p in bad.json()["invalid-params"]} == {
        "body.windows[0].end",
        "body.windows[1].key",
    }
    assert (
        client.put(
            f"{BASE}/settings",
            json={"max_per_organization_per_day": 1, "windows": windows},
            headers=world.ngo,
        ).status_code
        == 403
    )
    ok = client.put(
        f"{BASE}/settings",
        json={"max_per_organization_per_day": 1, "windows": windows},
        headers=world.organizer,
    )
    assert ok.status_code == 200 and ok.json()["defaults"] is False

    half_day = client.post(
        f"{BASE}/requests",
        json={"title": "x", "expected_attendance": 5, "length": "half_day"},
        headers=world.ngo,
    )
    assert half_day.json()["invalid-params"] == [
        {
            "name": "body.length",
            "reason": "this congress has no half_day window (it has: evening, lunchtime)",
        }
    ]
    ids = [
        ask(client, world.ngo, title=f"Event {i}", impossible_dates=only([APRIL_14]))["id"]
        for i in range(2)
    ]
    rows = by_id(allocate(client, world))
    states = sorted(rows[i]["state"] for i in ids)
    assert states == ["placed", "unplaced"]
    (left,) = [rows[i] for i in ids if rows[i]["state"] == "unplaced"]
    assert left["unplaced"] == {
        "code": "fair_share",
        "reason": "Penal Reform International already has 1 side event(s) on 14 April "
        "(at most 1 per organization and day)",
    }
    placed = next(rows[i] for i in ids if rows[i]["state"] == "placed")
    assert placed["placement"]["start"].endswith("T13:00:00-03:00")


def test_confirmed_side_events_are_public_per_day_and_in_the_occupancy(
    world: World, client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publish(session_factory, OFFICIAL)
    first = ask(client, world.ngo, title="Prison reform", impossible_dates=only([APRIL_14]))
    second = ask(
        client,
        world.igo,
        title="Trafficking",
        length="evening",
        needs=["webcast"],
        impossible_dates=only([APRIL_14]),
    )
    allocate(client, world)
    assert client.get(BASE).json() == []  # nothing is public before confirmation

    assert (
        client.post(f"{BASE}/requests/{first['id']}/confirm", headers=world.ngo).status_code == 403
    )
    confirmed = client.post(f"{BASE}/requests/{first['id']}/confirm", headers=world.organizer)
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    again = client.post(f"{BASE}/requests/{first['id']}/confirm", headers=world.organizer)
    assert again.status_code == 409
    client.post(f"{BASE}/requests/{second['id']}/confirm", headers=world.organizer)

    days = client.get(BASE).json()
    assert [d["date"] for d in days] == ["2010-04-14"]
    events = days[0]["side_events"]
    assert [(e["title"], e["window"]) for e in events] == [
        ("Prison reform", "lunchtime"),
        ("Trafficking", "evening"),
    ]
    assert events[1]["webcast"] is True and events[1]["key"] == f"side-event:{second['id']}"
    assert client.get(BASE, params={"date": "2010-04-15"}).json() == []

    occupancy = client.get(f"{BASE}/occupancy", params={"date": "2010-04-14"}).json()
    assert occupancy["timetable_version"] == 1
    uses = {
        r["room"]: [(u["kind"], u["start"][11:16]) for u in r["uses"]] for r in occupancy["rooms"]
    }
    assert uses["Plenary Hall"][:1] == [("official", "10:00")]
    assert ("official", "13:00") in uses["Committee Room I"]
    side = sorted(u for r in uses.values() for u in r if u[0] == "side_event")
    assert side == [("side_event", "13:15"), ("side_event", "18:00")]
    outside = client.get(f"{BASE}/occupancy", params={"date": "2010-05-01"})
    assert outside.status_code == 422
    assert outside.json()["invalid-params"][0]["name"] == "query.date"

    # The service the pages and feeds call: naive local times, filtered by day.
    with session_factory() as session:
        congress = find_congress(session, SLUG)
        assert congress is not None
        listed = confirmed_side_events(session, congress.id, APRIL_14)
        assert [(e.title, e.start.time(), e.start.tzinfo) for e in listed] == [
            ("Prison reform", dt.time(13, 15), None),
            ("Trafficking", dt.time(18), None),
        ]
        assert confirmed_side_events(session, congress.id, dt.date(2010, 4, 15)) == []

    rejected = client.post(f"{BASE}/requests/{second['id']}/reject", headers=world.organizer)
    assert rejected.json()["state"] == "rejected" and rejected.json()["placement"] is None
    assert [e["title"] for e in client.get(BASE).json()[0]["side_events"]] == ["Prison reform"]


def test_a_request_can_be_withdrawn(world: World, client: TestClient) -> None:
    mine = ask(client, world.ngo)
    allocate(client, world)
    response = client.delete(f"{BASE}/requests/{mine['id']}", headers=world.ngo)
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn" and response.json()["placement"] is None
    assert client.delete(f"{BASE}/requests/{mine['id']}", headers=world.ngo).status_code == 409
    assert client.delete(f"{BASE}/requests/{mine['id']}", headers=world.igo).status_code == 404
    result = allocate(client, world)
    assert result["requests"] == [] and result["placed"] == 0
    # Without a published timetable the allocation says what it could not check.
    assert result["warnings"] and "No published timetable" in result["warnings"][0]


def test_reallocation_after_a_change_moves_as_few_as_possible(
    world: World, client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publish(session_factory, OFFICIAL)
    ids = [
        ask(
            client,
            world.ngo if i % 2 else world.igo,
            title=f"Event {i}",
            expected_attendance=100,
            impossible_dates=only([APRIL_14]),
        )["id"]
        for i in range(3)
    ]
    # Four rooms seat 100 at lunchtime on 14 April (Committee Room I is taken): one spare.
    first = by_id(allocate(client, world))
    for i in ids:
        client.post(f"{BASE}/requests/{i}/confirm", headers=world.organizer)
    # The organization of work changes: an informal meeting now takes the lunchtime of
    # one side event's room.
    victim = next(i for i in ids if first[i]["placement"]["room"] != "Committee Room I")
    room = first[victim]["placement"]["room"]
    publish(session_factory, [*OFFICIAL, meeting("i-1", APRIL_14, 13, 15, room)])
    second = allocate(client, world)
    assert second["moved"] == [victim]
    rows = by_id(second)
    assert rows[victim]["state"] == "placed"  # to be confirmed again in its new room
    assert rows[victim]["placement"]["room"] != room
    assert rows[victim]["sequence"] == 1
    for i in ids:
        if i != victim:
            assert rows[i]["state"] == "confirmed"
            assert rows[i]["placement"] == first[i]["placement"]
            assert rows[i]["sequence"] == 0


def test_rooms_declare_webcast_and_accessibility_in_the_seed(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    text = SALVADOR_2010.read_text(encoding="utf-8").replace(
        "  - name: Committee Room II\n    capacity: 800\n",
        "  - name: Committee Room II\n    capacity: 800\n    webcast: true\n"
        "    accessible: false\n",
        1,
    )
    path = tmp_path / f"{SLUG}.yaml"
    path.write_text(text, encoding="utf-8")
    with transaction(session_factory) as session:
        load_seed(session, read_seed_file(path))
    with session_factory() as session:
        rooms = {r.name: (r.webcast, r.accessible) for r in session.scalars(select(Room))}
    assert rooms["Committee Room II"] == (True, False)
    assert rooms["Plenary Hall"] == (False, True)


def test_the_form_on_the_site_sends_a_request(world: World, client: TestClient) -> None:
    form = f"{BASE}/request-form"
    shown = client.get(form)
    assert shown.status_code == 200 and "text/html" in shown.headers["content-type"]
    assert 'name="expected_attendance"' in shown.text and "13:15–14:45" in shown.text
    fields = {
        "title": "Restorative justice",
        "expected_attendance": "80",
        "length": "evening",
        "preferred_dates": ["2010-04-14", "2010-04-15"],
        "needs": ["webcast"],
        "agenda_item": "3",
        "workshop": "",
    }
    wrong = client.post(form, data={**fields, "token": "cgs_nothing"})
    assert wrong.status_code == 401 and "not a live token" in wrong.text
    token = world.ngo["Authorization"].removeprefix("Bearer ")
    bad = client.post(
        form,
        data={
            **fields,
            "token": token,
            "expected_attendance": "0",
            "impossible_dates": ["2010-04-14"],
        },
    )
    assert bad.status_code == 422 and "expected_attendance" in bad.text
    assert 'value="Restorative justice"' in bad.text  # what was typed is kept
    clash = client.post(form, data={**fields, "token": token, "impossible_dates": ["2010-04-14"]})
    assert clash.status_code == 422
    assert "2010-04-14 is also given as impossible" in clash.text
    sent = client.post(form, data={**fields, "token": token})
    assert sent.status_code == 201 and "received" in sent.text
    (stored,) = client.get(f"{BASE}/requests", headers=world.ngo).json()
    assert (stored["title"], stored["preferred_dates"], stored["agenda_item"]) == (
        "Restorative justice",
        ["2010-04-14", "2010-04-15"],
        3,
    )


def test_the_forms_lengths_name_every_window_of_a_kind(world: World, client: TestClient) -> None:
    page = client.get(f"{BASE}/request-form").text
    labels = [
        " ".join(label.split())
        for label in re.findall(r'<input type="radio" name="length"[^>]*>(.*?)</label>', page, re.S)
    ]
    assert "Morning (10:00–13:00)" not in labels
    assert "Half day: morning (10:00–13:00) or afternoon (15:00–18:00)" in labels
    assert "Lunchtime (13:15–14:45)" in labels


def test_a_placement_off_the_preferred_date_says_why(world: World, client: TestClient) -> None:
    # Two side events a day per organization: the third wish for 14 April cannot be met.
    for title in ("First", "Second", "Third"):
        ask(client, world.ngo, title=title, preferred_dates=["2010-04-14"])
    allocated = client.post(
        f"{BASE}/allocate", json={"time_limit_s": 5}, headers=world.organizer
    ).json()["requests"]
    placed = [r for r in allocated if r["placement"]]
    assert len(placed) == 3
    on_the_day = [r for r in placed if r["placement"]["date"] == "2010-04-14"]
    elsewhere = [r for r in placed if r["placement"]["date"] != "2010-04-14"]
    assert len(on_the_day) == 2 and len(elsewhere) == 1
    assert all(r["preference"] is None for r in on_the_day)
    note = elsewhere[0]["preference"]
    assert note.startswith("Placed on ")
    assert "the preferred date (Wednesday, 14 April 2010) could not be met" in note
    again = client.get(f"{BASE}/requests/{elsewhere[0]['id']}", headers=world.ngo).json()
    assert again["preference"] == note
