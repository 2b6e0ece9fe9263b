"""Workshops over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

WORKSHOPS = f"{BASE}/workshops"


def test_a_workshop_round_trips_through_put(organizer: TestClient) -> None:
    workshop = organizer.get(WORKSHOPS).json()[0]
    url = f"{WORKSHOPS}/{workshop['id']}"
    tag = etag(organizer, url)
    body = {k: v for k, v in workshop.items() if k != "id"}
    same = organizer.put(url, json=body, headers={"If-Match": tag})
    assert same.status_code == 200, same.text
    assert same.headers["ETag"] == tag  # nothing changed, same validator


def test_references_must_exist_and_numbers_are_unique(organizer: TestClient) -> None:
    base = {"number": 9, "title": "Workshop on something new"}
    for field, value, reason in (
        ("body", "committee-9", "unknown body 'committee-9'"),
        ("room", "Attic", "unknown room 'Attic'"),
        ("agenda_item", 42, "unknown agenda item 42"),
    ):
        response = organizer.post(WORKSHOPS, json={**base, field: value})
        assert response.status_code == 422
        assert response.json()["invalid-params"] == [{"name": f"body.{field}", "reason": reason}]
    created = organizer.post(
        WORKSHOPS, json={**base, "body": "committee-2", "agenda_item": 8, "documents": ["A/X/1"]}
    )
    assert created.status_code == 201, created.text
    assert created.json()["documents"] == ["A/X/1"]
    duplicate = organizer.post(WORKSHOPS, json=base)
    assert duplicate.status_code == 409
    assert "already a workshop 9" in duplicate.json()["detail"]
    by_body = organizer.get(WORKSHOPS, params={"body": "committee-2"}).json()
    assert [w["number"] for w in by_body] == [9]


def test_a_pinned_workshop_keeps_its_number(organizer: TestClient) -> None:
    workshop = organizer.get(WORKSHOPS).json()[0]
    pin = organizer.post(
        f"{BASE}/pins",
        json={
            "target": f"workshop-{workshop['number']}",
            "meeting": 2,
            "date": "2010-04-14",
            "slot": "afternoon",
            "body": "committee-2",
        },
    )
    assert pin.status_code == 201, pin.text
    url = f"{WORKSHOPS}/{workshop['id']}"
    renumber = organizer.patch(url, json={"number": 99}, headers={"If-Match": etag(organizer, url)})
    assert renumber.status_code == 409
    delete = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert delete.status_code == 409
    assert f"pin {pin.json()['id']}" in delete.json()["detail"]
