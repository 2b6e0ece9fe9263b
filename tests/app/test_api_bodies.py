"""Bodies and their officers over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

BODIES = f"{BASE}/bodies"


def _body(client: TestClient, key: str) -> dict[str, object]:
    return next(b for b in client.get(BODIES).json() if b["key"] == key)


def test_bodies_filter_by_kind(client: TestClient, tokens: object) -> None:
    committees = client.get(BODIES, params={"kind": "committee"}).json()
    assert [b["key"] for b in committees] == ["committee-1", "committee-2"]
    assert client.get(BODIES, params={"kind": "choir"}).status_code == 422


def test_a_body_is_added_and_its_room_must_exist(organizer: TestClient) -> None:
    unknown_room = organizer.post(
        BODIES,
        json={
            "key": "wg-1",
            "name": "Working Group",
            "kind": "working_group",
            "room": "Broom cupboard",
        },
    )
    assert unknown_room.status_code == 422
    problem = unknown_room.json()
    assert problem["invalid-params"] == [
        {"name": "body.room", "reason": "unknown room 'Broom cupboard'; add it under rooms first"}
    ]
    created = organizer.post(
        BODIES, json={"key": "wg-1", "name": "Working Group", "kind": "working_group"}
    )
    assert created.status_code == 201, created.text
    duplicate = organizer.post(
        BODIES, json={"key": "wg-1", "name": "Another", "kind": "working_group"}
    )
    assert duplicate.status_code == 409
    assert "wg-1" in duplicate.json()["detail"]


def test_a_body_with_agenda_items_cannot_be_deleted(organizer: TestClient) -> None:
    plenary = _body(organizer, "plenary")
    url = f"{BODIES}/{plenary['id']}"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "agenda item 1" in detail and "the high-level segment" in detail
    assert "the opening event" in detail


def test_officers_of_a_committee(organizer: TestClient) -> None:
    committee = _body(organizer, "committee-1")
    officers_url = f"{BODIES}/{committee['id']}/officers"
    officers = organizer.get(officers_url).json()
    assert [o["office"] for o in officers] == ["Chairman", "Vice-Chairman", "Rapporteur"]
    chairman = officers[0]
    url = f"{officers_url}/{chairman['id']}"

    elected = organizer.patch(
        url,
        json={"delegation": "Jamaica", "person_name": "A. Delegate"},
        headers={"If-Match": etag(organizer, url)},
    )
    assert elected.status_code == 200, elected.text
    assert elected.json()["delegation"] == "Jamaica"
    assert elected.json()["body"] == "committee-1"

    unknown = organizer.patch(
        url, json={"delegation": "Atlantis"}, headers={"If-Match": elected.headers["ETag"]}
    )
    assert unknown.status_code == 422
    assert unknown.json()["invalid-params"][0]["name"] == "body.delegation"

    second_vice = organizer.post(officers_url, json={"office": "Vice-Chairman", "seat": 2})
    assert second_vice.status_code == 201
    same_seat = organizer.post(officers_url, json={"office": "Vice-Chairman", "seat": 2})
    assert same_seat.status_code == 409

    # A delegation holding an office stays until the office changes hands.
    jamaica = next(d for d in organizer.get(f"{BASE}/delegations").json() if d["name"] == "Jamaica")
    delegation_url = f"{BASE}/delegations/{jamaica['id']}"
    refused = organizer.delete(
        delegation_url, headers={"If-Match": etag(organizer, delegation_url)}
    )
    assert refused.status_code == 409
    assert "the office of Chairman" in refused.json()["detail"]

    removed = organizer.delete(url, headers={"If-Match": elected.headers["ETag"]})
    assert removed.status_code == 204
    assert organizer.get(url).status_code == 404


def test_an_officer_of_another_body_is_not_found_here(organizer: TestClient) -> None:
    one, two = _body(organizer, "committee-1"), _body(organizer, "committee-2")
    officer = organizer.get(f"{BODIES}/{one['id']}/officers").json()[0]
    assert organizer.get(f"{BODIES}/{two['id']}/officers/{officer['id']}").status_code == 404


def test_deleting_an_unused_body_takes_its_officers(organizer: TestClient) -> None:
    created = organizer.post(
        BODIES, json={"key": "committee-3", "name": "Committee III", "kind": "committee"}
    )
    url = created.headers["Location"]
    assert organizer.post(f"{url}/officers", json={"office": "Chairman"}).status_code == 201
    deleted = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert deleted.status_code == 204
    assert organizer.get(f"{url}/officers").status_code == 404
