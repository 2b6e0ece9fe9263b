"""Agenda units, workshops and tracks over HTTP (issue #15): the new fields round-trip,
and a rule impossible on its face is a 422 naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

ITEMS = f"{BASE}/agenda-items"
CLUSTERS = f"{BASE}/clusters"
WORKSHOPS = f"{BASE}/workshops"


def _invalid(response: object) -> list[dict[str, str]]:
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    return response.json()["invalid-params"]  # type: ignore[attr-defined,no-any-return]


def test_a_cluster_takes_bodies_consecutiveness_and_days(organizer: TestClient) -> None:
    cluster = organizer.get(CLUSTERS).json()[1]
    assert cluster["key"] == "7+9"
    assert (cluster["bodies"], cluster["consecutive"], cluster["earliest"]) == ([], None, None)
    url = f"{CLUSTERS}/{cluster['id']}"
    change = {
        "bodies": ["committee-1", "committee-2"],
        "consecutive": "off",
        "earliest": "2010-04-13",
        "latest": "2010-04-16",
    }
    changed = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in change} == change
    assert {k: organizer.get(url).json()[k] for k in change} == change


def test_a_clusters_impossible_rules_are_422_naming_the_field(organizer: TestClient) -> None:
    cluster = organizer.get(CLUSTERS).json()[1]
    url = f"{CLUSTERS}/{cluster['id']}"
    for change, name, reason in (
        ({"bodies": ["committee-9"]}, "body.bodies[0]", "unknown body 'committee-9'"),
        (
            {"earliest": "2010-04-16", "latest": "2010-04-14"},
            "body.latest",
            "2010-04-14 is before the earliest day 2010-04-16",
        ),
        (
            {"earliest": "2010-05-01"},
            "body.earliest",
            "2010-05-01 is outside the congress (2010-04-12 to 2010-04-19)",
        ),
        (
            {"meetings": 3, "earliest": "2010-04-19"},
            "body.meetings",
            "3 meetings do not fit from 2010-04-19 to 2010-04-19: 1 day(s) of 2 meeting "
            "slot(s) hold 2",
        ),
    ):
        response = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
        assert _invalid(response) == [{"name": name, "reason": reason}], change
    bad = organizer.patch(
        url, json={"consecutive": "sometimes"}, headers={"If-Match": etag(organizer, url)}
    )
    assert bad.status_code == 422
    assert bad.json()["invalid-params"][0]["name"] == "body.consecutive"


def test_an_item_on_its_own_takes_the_same_fields(organizer: TestClient) -> None:
    url = f"{ITEMS}/4"
    change = {
        "bodies": ["committee-1", "committee-2"],
        "consecutive": "soft",
        "latest": "2010-04-15",
    }
    changed = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in change} == change
    wrong = organizer.patch(
        url, json={"bodies": ["plenary", "nobody"]}, headers={"If-Match": etag(organizer, url)}
    )
    assert _invalid(wrong) == [{"name": "body.bodies[1]", "reason": "unknown body 'nobody'"}]


def test_a_workshop_takes_span_start_bodies_and_a_room(organizer: TestClient) -> None:
    workshop = organizer.get(WORKSHOPS).json()[0]
    assert (workshop["span"], workshop["start"], workshop["bodies"]) == (None, "any", [])
    url = f"{WORKSHOPS}/{workshop['id']}"
    change = {
        "meetings": 4,
        "span": "consecutive_days",
        "start": "morning",
        "bodies": ["committee-1", "committee-2"],
    }
    changed = organizer.patch(url, json=change, headers={"If-Match": etag(organizer, url)})
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in change} == change
    side = organizer.patch(
        url,
        json={"bodies": [], "room": "Committee Room II", "slots": ["afternoon"], "meetings": 1},
        headers={"If-Match": etag(organizer, url)},
    )
    assert side.status_code == 200, side.text
    assert (side.json()["room"], side.json()["slots"]) == ("Committee Room II", ["afternoon"])


def test_a_workshops_impossible_rules_are_422_naming_the_field(organizer: TestClient) -> None:
    base = {"number": 9, "title": "Workshop on something new"}
    for change, name, reason in (
        (
            {"meetings": 3, "span": "same_day"},
            "body.meetings",
            "a workshop kept to one day cannot have 3 meetings: the day has 2 slot(s) for "
            "it; set span to consecutive_days or fewer meetings",
        ),
        ({"bodies": ["committee-7"]}, "body.bodies[0]", "unknown body 'committee-7'"),
        (
            {"room": "Plenary Hall", "body": "plenary"},
            "body.room",
            "a workshop held in a room is a meeting in that room, of no body; leave body "
            "and bodies out (or the room)",
        ),
        (
            {"slots": ["afternoon"]},
            "body.slots",
            "only a workshop held in a room (a side workshop) names slots",
        ),
        (
            {"room": "Plenary Hall", "slots": ["evening"]},
            "body.slots[0]",
            "unknown meeting slot 'evening'; the slots are: morning, afternoon",
        ),
    ):
        response = organizer.post(WORKSHOPS, json={**base, **change})
        assert _invalid(response) == [{"name": name, "reason": reason}], change


def test_tracks_and_the_default_consecutiveness_are_congress_rules(organizer: TestClient) -> None:
    tag = organizer.get(BASE).headers["ETag"]
    track = {
        "key": "debate",
        "name": "item 4 before workshop 3",
        "units": ["item-4", "workshop-3"],
        "strength": "hard",
        "weight": 100,
    }
    changed = organizer.patch(
        BASE,
        json={"rules": {"units_consecutive": "soft", "tracks": [track]}},
        headers={"If-Match": tag},
    )
    assert changed.status_code == 200, changed.text
    rules = changed.json()["rules"]
    assert (rules["units_consecutive"], rules["tracks"]) == ("soft", [track])
    unknown = organizer.patch(
        BASE,
        json={"rules": {"tracks": [{**track, "units": ["item-4", "cluster-3-4"]}]}},
        headers={"If-Match": changed.headers["ETag"]},
    )
    assert _invalid(unknown) == [
        {
            "name": "body.rules.tracks[0].units[1]",
            "reason": "unknown unit 'cluster-3-4'; name a cluster (cluster-3-5), an item on "
            "its own (item-4) or a workshop (workshop-2)",
        }
    ]


def test_a_unit_named_by_a_track_cannot_be_deleted(organizer: TestClient) -> None:
    tag = organizer.get(BASE).headers["ETag"]
    track = {"key": "debate", "units": ["item-4", "workshop-3"]}
    changed = organizer.patch(BASE, json={"rules": {"tracks": [track]}}, headers={"If-Match": tag})
    assert changed.status_code == 200, changed.text
    workshop = next(w for w in organizer.get(WORKSHOPS).json() if w["number"] == 3)
    url = f"{WORKSHOPS}/{workshop['id']}"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert "track debate" in response.json()["detail"]


def test_an_item_in_a_cluster_leaves_its_scheduling_to_the_cluster(organizer: TestClient) -> None:
    url = f"{ITEMS}/7"
    response = organizer.patch(
        url, json={"earliest": "2010-04-13"}, headers={"If-Match": etag(organizer, url)}
    )
    assert _invalid(response) == [
        {
            "name": "body.earliest",
            "reason": "agenda item 7 is in cluster 7+9, which is scheduled as one unit; give "
            "'earliest' to the cluster",
        }
    ]
