"""Agenda items (by number, with documents and sub-items) and clusters over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

ITEMS = f"{BASE}/agenda-items"
CLUSTERS = f"{BASE}/clusters"


def test_items_by_number_and_filtered_by_body(client: TestClient, tokens: object) -> None:
    item = client.get(f"{ITEMS}/3").json()
    assert item["cluster"] == "3+5" and item["meetings"] is None
    committee = client.get(ITEMS, params={"body": "committee-2"}).json()
    assert [i["number"] for i in committee] == [8]
    missing = client.get(f"{ITEMS}/99")
    assert missing.status_code == 404
    assert "no agenda item 99" in missing.json()["detail"]


def test_an_item_with_documents_and_sub_items(organizer: TestClient) -> None:
    created = organizer.post(
        ITEMS,
        json={
            "number": 12,
            "title": "Other matters.",
            "body": "plenary",
            "meetings": 1,
            "documents": ["A/CONF.213/L.9", "A/CONF.213/L.9", "A/CONF.213/3"],
            "sub_items": [{"label": "(a)", "title": "First"}, {"label": "(b)", "title": "Second"}],
        },
    )
    assert created.status_code == 201, created.text
    assert created.headers["Location"].endswith("/agenda-items/12")
    item = created.json()
    # Documents are shared by symbol and listed once.
    assert item["documents"] == ["A/CONF.213/3", "A/CONF.213/L.9"]
    changed = organizer.patch(
        f"{ITEMS}/12",
        json={"sub_items": [{"label": "(b)", "title": "Second, renamed"}]},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["sub_items"] == [{"label": "(b)", "title": "Second, renamed"}]
    renumbered = organizer.put(
        f"{ITEMS}/12",
        json={**changed.json(), "number": 13} | {"id": None, "cluster": None},
        headers={"If-Match": changed.headers["ETag"]},
    )
    assert renumbered.status_code == 422  # id and cluster are not input; number is the key
    body = {k: v for k, v in changed.json().items() if k not in ("id", "cluster")}
    renumbered = organizer.put(
        f"{ITEMS}/12", json={**body, "number": 13}, headers={"If-Match": changed.headers["ETag"]}
    )
    assert renumbered.status_code == 422
    assert renumbered.json()["invalid-params"][0]["name"] == "body.number"


def test_duplicate_sub_item_labels_and_unknown_body(organizer: TestClient) -> None:
    response = organizer.post(
        ITEMS,
        json={
            "number": 12,
            "title": "X",
            "sub_items": [{"label": "(a)", "title": "A"}, {"label": "(a)", "title": "B"}],
        },
    )
    assert response.status_code == 422
    assert response.json()["invalid-params"][0]["name"] == "body.sub_items[1].label"
    response = organizer.post(ITEMS, json={"number": 12, "title": "X", "body": "nobody"})
    assert response.json()["invalid-params"] == [
        {"name": "body.body", "reason": "unknown body 'nobody'"}
    ]


def test_an_item_in_a_cluster_keeps_its_body_and_has_no_meetings(organizer: TestClient) -> None:
    url = f"{ITEMS}/3"
    own_meetings = organizer.patch(
        url, json={"meetings": 2}, headers={"If-Match": etag(organizer, url)}
    )
    assert own_meetings.status_code == 422
    assert "cluster 3+5" in own_meetings.json()["detail"]
    other_body = organizer.patch(
        url, json={"body": "committee-2"}, headers={"If-Match": etag(organizer, url)}
    )
    assert other_body.status_code == 422
    assert other_body.json()["invalid-params"][0]["name"] == "body.body"


def test_a_referenced_item_cannot_be_deleted(organizer: TestClient) -> None:
    url = f"{ITEMS}/3"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert "cluster 3+5" in response.json()["detail"]
    url = f"{ITEMS}/1"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert "the opening event" in response.json()["detail"]


def test_clusters_follow_the_seed_rules(organizer: TestClient) -> None:
    clusters = organizer.get(CLUSTERS).json()
    assert (clusters[0]["key"], clusters[0]["body"]) == ("3+5", "plenary")

    unknown = organizer.post(CLUSTERS, json={"items": [77, 4], "meetings": 2})
    assert unknown.status_code == 422
    assert unknown.json()["invalid-params"] == [
        {"name": "body.items[0]", "reason": "unknown agenda item 77"}
    ]
    taken = organizer.post(CLUSTERS, json={"items": [3, 4], "meetings": 2})
    assert taken.status_code == 409
    assert "already in cluster 3+5" in taken.json()["detail"]
    twice = organizer.post(CLUSTERS, json={"items": [4, 4], "meetings": 2})
    assert twice.json()["invalid-params"][0]["name"] == "body.items[1]"

    # Items 4 (committee-1, 3 meetings) and 8 (committee-2): two bodies, own meetings.
    own_meetings = organizer.post(CLUSTERS, json={"items": [4, 8], "meetings": 2})
    assert own_meetings.status_code == 422
    assert "own 'meetings'" in own_meetings.json()["detail"]
    for number in (4, 8):
        url = f"{ITEMS}/{number}"
        organizer.patch(url, json={"meetings": None}, headers={"If-Match": etag(organizer, url)})
    two_bodies = organizer.post(CLUSTERS, json={"items": [4, 8], "meetings": 2})
    assert two_bodies.status_code == 422
    assert "same body" in two_bodies.json()["detail"]

    url = f"{ITEMS}/8"
    organizer.patch(url, json={"body": "committee-1"}, headers={"If-Match": etag(organizer, url)})
    created = organizer.post(CLUSTERS, json={"items": [4, 8], "meetings": 5})
    assert created.status_code == 201, created.text
    assert created.json()["key"] == "4+8" and created.json()["body"] == "committee-1"
    assert organizer.get(f"{ITEMS}/8").json()["cluster"] == "4+8"

    changed = organizer.patch(
        created.headers["Location"],
        json={"items": [8, 4]},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["key"] == "8+4"
    deleted = organizer.delete(
        created.headers["Location"], headers={"If-Match": changed.headers["ETag"]}
    )
    assert deleted.status_code == 204
    assert organizer.get(f"{ITEMS}/8").json()["cluster"] is None


def test_a_pinned_cluster_cannot_be_deleted(organizer: TestClient) -> None:
    pin = organizer.post(
        f"{BASE}/pins",
        json={"target": "cluster-3-5", "date": "2010-04-13", "slot": "morning"},
    )
    assert pin.status_code == 201, pin.text
    cluster = organizer.get(CLUSTERS).json()[0]
    url = f"{CLUSTERS}/{cluster['id']}"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert f"pin {pin.json()['id']}" in response.json()["detail"]
