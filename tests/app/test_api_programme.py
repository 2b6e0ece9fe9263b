"""The high-level segment, fixed events, pins and exclusions over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, Tokens, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

SEGMENT = f"{BASE}/high-level-segment"
EVENTS = f"{BASE}/fixed-events"
PINS = f"{BASE}/pins"
EXCLUSIONS = f"{BASE}/exclusions"


def test_the_high_level_segment_is_one_resource(organizer: TestClient) -> None:
    segment = organizer.get(SEGMENT)
    assert segment.status_code == 200
    assert segment.json()["window"] == {"anchor": "end", "days": 3, "dates": None}
    assert (
        organizer.get(SEGMENT, headers={"If-None-Match": segment.headers["ETag"]}).status_code
        == 304
    )

    body = segment.json() | {"window": {"anchor": "start", "days": 30}}
    too_long = organizer.put(SEGMENT, json=body, headers={"If-Match": segment.headers["ETag"]})
    assert too_long.status_code == 422
    assert too_long.json()["invalid-params"][0]["name"] == "body.window.days"
    without_tag = organizer.put(SEGMENT, json=segment.json())
    assert without_tag.status_code == 428

    removed = organizer.delete(SEGMENT, headers={"If-Match": segment.headers["ETag"]})
    assert removed.status_code == 204
    assert organizer.get(SEGMENT).status_code == 404
    added = organizer.put(SEGMENT, json=segment.json() | {"meetings": 3})
    assert added.status_code == 201, added.text
    assert added.json()["meetings"] == 3


def test_a_segment_with_a_pin_stays(organizer: TestClient) -> None:
    pin = organizer.post(
        PINS, json={"target": "high-level-segment", "date": "2010-04-17", "slot": "morning"}
    )
    assert pin.status_code == 201, pin.text
    response = organizer.delete(SEGMENT, headers={"If-Match": etag(organizer, SEGMENT)})
    assert response.status_code == 409


def test_fixed_events_keep_to_the_congress(organizer: TestClient) -> None:
    events = organizer.get(EVENTS, params={"kind": "opening"}).json()
    assert len(events) == 1
    url = f"{EVENTS}/{events[0]['id']}"
    for change, field, reason in (
        ({"date": "2010-05-01"}, "body.date", "2010-05-01 is outside the congress"),
        ({"slot": "evening"}, "body.slot", "unknown meeting slot 'evening'"),
        ({"agenda_items": [1, 50]}, "body.agenda_items[1]", "unknown agenda item 50"),
        ({"body": "nobody"}, "body.body", "unknown body 'nobody'"),
        ({"date": None}, "body.date", "a opening event needs a date"),
    ):
        response = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
        assert response.status_code == 422, (change, response.text)
        problem = response.json()["invalid-params"][0]
        assert problem["name"] == field
        assert problem["reason"].startswith(reason), problem
    second = organizer.post(
        EVENTS,
        json={
            "kind": "opening",
            "title": "Another opening",
            "body": "plenary",
            "date": "2010-04-13",
            "slot": "morning",
        },
    )
    assert second.status_code == 409
    # Pre-Congress consultations may come up to a week before the opening.
    consultations = organizer.get(EVENTS, params={"kind": "pre_congress_consultations"}).json()[0]
    url = f"{EVENTS}/{consultations['id']}"
    assert consultations["start"] == "15:00"
    earlier = organizer.patch(
        url, json={"date": "2010-04-06"}, headers={"If-Match": etag(organizer, url)}
    )
    assert earlier.status_code == 200, earlier.text
    own_times = organizer.patch(
        url, json={"start": "18:00", "end": "17:00"}, headers={"If-Match": earlier.headers["ETag"]}
    )
    assert own_times.status_code == 422
    assert own_times.json()["invalid-params"][0]["name"] == "body.end"


def test_pins_name_units_that_exist(organizer: TestClient) -> None:
    for body, field, reason in (
        (
            {"target": "item-99", "date": "2010-04-13", "slot": "morning"},
            "body.target",
            "unknown scheduling unit 'item-99'",
        ),
        (
            {"target": "item-4", "meeting": 4, "date": "2010-04-13", "slot": "morning"},
            "body.meeting",
            "item-4 has 3 meeting(s)",
        ),
        (
            {"target": "item-4", "date": "2010-04-30", "slot": "morning"},
            "body.date",
            "2010-04-30 is outside the congress",
        ),
        (
            {"target": "item-4", "date": "2010-04-13", "slot": "night"},
            "body.slot",
            "unknown meeting slot 'night'",
        ),
    ):
        response = organizer.post(PINS, json=body)
        assert response.status_code == 422, response.text
        problem = response.json()["invalid-params"][0]
        assert (problem["name"], problem["reason"][: len(reason)]) == (field, reason)
    created = organizer.post(
        PINS,
        json={
            "target": "item-4",
            "meeting": 3,
            "date": "2010-04-13",
            "slot": "afternoon",
            "reason": "the Chairman's request",
        },
    )
    assert created.status_code == 201, created.text
    assert organizer.get(PINS, params={"target": "item-4"}).json() == [created.json()]
    # A pinned item stays.
    item = organizer.delete(
        f"{BASE}/agenda-items/4", headers={"If-Match": etag(organizer, f"{BASE}/agenda-items/4")}
    )
    assert item.status_code == 409


def test_exclusions(organizer: TestClient) -> None:
    nothing = organizer.post(EXCLUSIONS, json={"body": "committee-1"})
    assert nothing.status_code == 422
    assert nothing.json()["invalid-params"][0]["name"] == "body.dates"
    created = organizer.post(
        EXCLUSIONS,
        json={
            "body": "committee-2",
            "dates": ["2010-04-14"],
            "slots": ["afternoon"],
            "reason": "room taken",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["dates"] == ["2010-04-14"]
    bad_slot = organizer.patch(
        created.headers["Location"],
        json={"slots": ["morning", "dusk"]},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert bad_slot.status_code == 422
    assert bad_slot.json()["invalid-params"][0]["name"] == "body.slots[1]"
    # The body named by an exclusion cannot change its key or go.
    committee = next(b for b in organizer.get(f"{BASE}/bodies").json() if b["key"] == "committee-2")
    url = f"{BASE}/bodies/{committee['id']}"
    rekey = organizer.patch(
        url, json={"key": "committee-b"}, headers={"If-Match": etag(organizer, url)}
    )
    assert rekey.status_code == 409
    assert f"exclusion {created.json()['id']}" in rekey.json()["detail"]


def test_the_public_reads_but_a_delegation_does_not_write(
    client: TestClient, tokens: Tokens
) -> None:
    assert client.get(PINS).status_code == 200
    response = client.post(
        PINS,
        json={"target": "item-4", "date": "2010-04-13", "slot": "morning"},
        headers=tokens.auth("delegation"),
    )
    assert response.status_code == 403
