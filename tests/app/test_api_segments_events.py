"""Segments, fixed events of any kind, the sources of a congress's rules, and the sources
of pins over HTTP: created, changed, shown, and refused with a 422 naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

SEGMENTS = f"{BASE}/segments"
EVENTS = f"{BASE}/fixed-events"
PINS = f"{BASE}/pins"

TREATY = {
    "key": "treaty-event",
    "title": "Treaty event segment",
    "body": "committee-2",
    "meetings": 2,
    "window": {"from": "2010-04-14", "to": "2010-04-16"},
    "source": "A/CONF.213/1, para. 20",
}


def test_segments_are_a_collection_with_the_high_level_one_in_it(organizer: TestClient) -> None:
    listed = organizer.get(SEGMENTS).json()
    assert [(s["key"], s["window"]["anchor"]) for s in listed] == [("high-level", "end")]
    created = organizer.post(SEGMENTS, json=TREATY)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["window"] == {
        "anchor": "dates",
        "days": None,
        "dates": ["2010-04-14", "2010-04-15", "2010-04-16"],
    }
    url = f"{SEGMENTS}/{body['id']}"
    changed = organizer.patch(url, json={"meetings": 3}, headers={"If-Match": etag(organizer, url)})
    assert changed.status_code == 200, changed.text
    assert changed.json()["meetings"] == 3
    detail = organizer.get(BASE).json()
    assert [s["key"] for s in detail["segments"]] == ["high-level", "treaty-event"]
    assert detail["high_level_segment"]["window"]["days"] == 3
    # A pin may name the new segment as the scheduler names it.
    pin = organizer.post(
        PINS,
        json={
            "target": "segment-treaty-event",
            "date": "2010-04-14",
            "slot": "afternoon",
            "source": "the Bureau's decision",
        },
    )
    assert pin.status_code == 201, pin.text
    outside = organizer.post(
        PINS, json={"target": "segment-treaty-event", "date": "2010-04-17", "slot": "morning"}
    )
    assert outside.status_code == 422
    problem = outside.json()["invalid-params"][0]
    assert problem["name"] == "body.date"
    assert problem["reason"].startswith("2010-04-17 is outside the window of segment-treaty-event")
    assert pin.json()["source"] == "the Bureau's decision"
    # ... and the segment then stays.
    assert organizer.delete(url, headers={"If-Match": etag(organizer, url)}).status_code == 409
    twice = organizer.post(SEGMENTS, json=TREATY)
    assert twice.status_code == 409


def test_a_segment_impossible_on_its_face_is_refused(organizer: TestClient) -> None:
    for change, field, reason in (
        (
            {"window": {"dates": ["2010-04-14", "2010-04-25"]}},
            "body.window.dates[1]",
            "2010-04-25 is outside the congress",
        ),
        ({"window": {"anchor": "start", "days": 30}}, "body.window.days", "the window of 30 days"),
        ({"meetings": 7}, "body.meetings", "7 contiguous meetings do not fit a window of 3"),
        ({"body": "nobody"}, "body.body", "unknown body 'nobody'"),
    ):
        response = organizer.post(SEGMENTS, json=TREATY | change)
        assert response.status_code == 422, (change, response.text)
        problem = response.json()["invalid-params"][0]
        assert problem["name"] == field
        assert problem["reason"].startswith(reason), problem
    backwards = organizer.post(
        SEGMENTS, json=TREATY | {"window": {"from": "2010-04-16", "to": "2010-04-14"}}
    )
    assert backwards.status_code == 422
    assert backwards.json()["invalid-params"][0]["name"] == "body.window"


def test_fixed_events_of_any_kind_and_number(organizer: TestClient) -> None:
    first = organizer.post(
        EVENTS,
        json={
            "kind": "treaty_event",
            "key": "signing",
            "title": "Treaty event",
            "body": "plenary",
            "date": "2010-04-14",
            "slot": "morning",
            "source": "A/CONF.213/1, para. 20",
        },
    )
    assert first.status_code == 201, first.text
    assert first.json()["key"] == "signing" and first.json()["room"] is None
    in_a_room = organizer.post(
        EVENTS,
        json={
            "kind": "round_table",
            "key": "victims",
            "title": "Round table on victims",
            "room": "Committee Room I",
            "date": "2010-04-14",
            "start": "13:15",
            "end": "14:45",
        },
    )
    assert in_a_room.status_code == 201, in_a_room.text
    assert in_a_room.json()["body"] is None
    rooms = organizer.get(f"{BASE}/rooms").json()
    room_url = f"{BASE}/rooms/" + str(
        next(r["id"] for r in rooms if r["name"] == "Committee Room I")
    )
    in_use = organizer.delete(room_url, headers={"If-Match": etag(organizer, room_url)})
    assert in_use.status_code == 409 and "fixed event 'victims'" in in_use.json()["detail"]
    kinds = [e["kind"] for e in organizer.get(EVENTS).json()]
    assert kinds.count("treaty_event") == 1 and "round_table" in kinds
    same_key = organizer.post(
        EVENTS,
        json={
            "kind": "treaty_event",
            "key": "signing",
            "title": "Another",
            "body": "committee-1",
            "date": "2010-04-15",
            "slot": "morning",
        },
    )
    assert same_key.status_code == 409
    same_cell = organizer.post(
        EVENTS,
        json={
            "kind": "elections",
            "key": "elections",
            "title": "Elections",
            "body": "plenary",
            "date": "2010-04-14",
            "slot": "morning",
        },
    )
    assert same_cell.status_code == 409
    for change, field, reason in (
        ({"room": "Committee Room I"}, "body.room", "an event is of a body"),
        ({"body": None}, "body.body", "give the body whose meeting it is, or a room"),
        ({"body": None, "room": "Attic"}, "body.room", "unknown room 'Attic'"),
    ):
        url = f"{EVENTS}/{first.json()['id']}"
        response = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
        assert response.status_code == 422, (change, response.text)
        problem = response.json()["invalid-params"][0]
        assert (problem["name"], problem["reason"][: len(reason)]) == (field, reason)
    opening = organizer.get(EVENTS, params={"kind": "opening"}).json()[0]
    url = f"{EVENTS}/{opening['id']}"
    response = organizer.patch(
        url, json={"body": None, "room": "Plenary Hall"}, headers={"If-Match": etag(organizer, url)}
    )
    assert response.status_code == 422
    assert response.json()["invalid-params"][0]["reason"] == "an opening is a meeting of a body"


def test_the_sources_of_the_rules_are_the_congress_s(organizer: TestClient) -> None:
    detail = organizer.get(BASE).json()
    assert detail["rules"]["sources"]["grid"].startswith("A/CONF.213/1 annex")
    changed = organizer.patch(
        BASE,
        json={"rules": {"sources": {"grid": "the annex", "fixed_events.opening": "item 1"}}},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert changed.status_code == 200, changed.text
    assert organizer.get(BASE).json()["rules"]["sources"] == {
        "fixed_events.opening": "item 1",
        "grid": "the annex",
    }
    unknown = organizer.patch(
        BASE,
        json={"rules": {"sources": {"gird": "x"}}},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert unknown.status_code == 422
    assert unknown.json()["invalid-params"][0]["name"] == "body.rules.sources"
