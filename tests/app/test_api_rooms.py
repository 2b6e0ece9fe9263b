"""Rooms over HTTP: CRUD, ETags and preconditions, pagination, conflicts."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

ROOMS = f"{BASE}/rooms"


def test_rooms_are_listed_publicly_with_paging_headers(client: TestClient, tokens: object) -> None:
    response = client.get(ROOMS, params={"limit": 1})
    assert response.status_code == 200
    assert len(response.json()) == 1
    total = int(response.headers["X-Total-Count"])
    assert total >= 2
    assert 'rel="next"' in response.headers["Link"]
    assert "offset=1" in response.headers["Link"]
    last = client.get(ROOMS, params={"limit": 1, "offset": total - 1})
    assert 'rel="next"' not in last.headers["Link"]


def test_create_read_change_and_delete_a_room(organizer: TestClient) -> None:
    created = organizer.post(ROOMS, json={"name": "Room C", "capacity": 120})
    assert created.status_code == 201, created.text
    room = created.json()
    assert room["interpretation"] is False
    url = created.headers["Location"]
    assert url == f"{ROOMS}/{room['id']}"
    tag = created.headers["ETag"]

    assert organizer.get(url, headers={"If-None-Match": tag}).status_code == 304

    changed = organizer.patch(url, json={"capacity": 150}, headers={"If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["capacity"] == 150 and changed.json()["name"] == "Room C"
    assert changed.headers["ETag"] != tag

    replaced = organizer.put(
        url,
        json={"name": "Room D", "capacity": 90, "interpretation": True},
        headers={"If-Match": changed.headers["ETag"]},
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["name"] == "Room D"

    deleted = organizer.delete(url, headers={"If-Match": replaced.headers["ETag"]})
    assert deleted.status_code == 204
    assert organizer.get(url).status_code == 404


def test_a_change_needs_the_current_etag(organizer: TestClient) -> None:
    url = f"{ROOMS}/{organizer.get(ROOMS).json()[0]['id']}"
    missing = organizer.patch(url, json={"capacity": 10})
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    assert "If-Match" in missing.json()["detail"]
    stale = organizer.patch(url, json={"capacity": 10}, headers={"If-Match": '"stale"'})
    assert stale.status_code == 412
    assert "changed by someone else" in stale.json()["detail"]


def test_a_room_in_use_cannot_be_deleted(organizer: TestClient) -> None:
    rooms = organizer.get(ROOMS).json()
    bodies = organizer.get(f"{BASE}/bodies").json()
    used = next(r for r in rooms if any(b["room"] == r["name"] for b in bodies))
    url = f"{ROOMS}/{used['id']}"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert "body 'plenary'" in response.json()["detail"]


def test_duplicate_name_and_bad_fields_are_named(organizer: TestClient) -> None:
    existing = organizer.get(ROOMS).json()[0]
    duplicate = organizer.post(ROOMS, json={"name": existing["name"], "capacity": 10})
    assert duplicate.status_code == 409
    assert "already a room named" in duplicate.json()["detail"]
    bad = organizer.post(ROOMS, json={"name": "", "capacity": 0, "colour": "red"})
    assert bad.status_code == 422
    names = {p["name"] for p in bad.json()["invalid-params"]}
    assert {"body.name", "body.capacity", "body.colour"} <= names
    url = f"{ROOMS}/{existing['id']}"
    cleared = organizer.patch(url, json={"name": None}, headers={"If-Match": etag(organizer, url)})
    assert cleared.status_code == 422
    assert cleared.json()["invalid-params"][0]["name"] == "body.name"
