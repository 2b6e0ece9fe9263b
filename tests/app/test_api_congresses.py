"""Adding, changing and deleting congresses over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.database import transaction
from app.timetables.solving import solve_congress
from tests.support import api
from tests.support.api import BASE, SLUG, Tokens, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

KYOTO = {
    "slug": "fourteenth-congress-kyoto-2021",
    "name": "Fourteenth United Nations Congress on Crime Prevention and Criminal Justice",
    "venue": "Kyoto International Conference Center",
    "city": "Kyoto",
    "country": "Japan",
    "time_zone": "Asia/Tokyo",
    "start_date": "2021-03-07",
    "end_date": "2021-03-12",
    "rules": {"max_parallel_meetings": 3, "max_duration_days": 8, "workshops_same_day": False},
}


def test_add_a_congress_then_build_it_up(organizer: TestClient) -> None:
    created = organizer.post("/congresses", json=KYOTO)
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"/congresses/{KYOTO['slug']}"
    congress = created.json()
    assert [s["key"] for s in congress["meeting_slots"]] == ["morning", "afternoon"]
    assert congress["rules"]["workshops_same_day"] is False
    url = created.headers["Location"]
    assert organizer.get(url).headers["ETag"] == created.headers["ETag"]
    assert (
        organizer.post(f"{url}/rooms", json={"name": "Main Hall", "capacity": 3000}).status_code
        == 201
    )
    # The congress's ETag covers what it holds: a new room changes it.
    assert organizer.get(url).headers["ETag"] != created.headers["ETag"]
    listing = organizer.get("/congresses", params={"limit": 1})
    assert len(listing.json()) == 1
    assert listing.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in listing.headers["Link"]


def test_bad_congresses_are_named_field_by_field(organizer: TestClient) -> None:
    for change, field in (
        ({"time_zone": "America"}, "body.time_zone"),
        ({"time_zone": "Mars/Olympus_Mons"}, "body.time_zone"),
        ({"slug": "2021"}, "body.slug"),
        ({"slug": "Kyoto 2021"}, "body.slug"),
        ({"languages": ["de"]}, "body.languages"),
        ({"end_date": "2021-03-01"}, "body.end_date"),
        ({"start_date": "0001-01-01"}, "body.start_date"),
        (
            {
                "meeting_slots": [
                    {"key": "a", "name": "A", "start": "10:00", "end": "13:00"},
                    {"key": "b", "name": "B", "start": "12:00", "end": "15:00"},
                ]
            },
            "body.meeting_slots[1].start",
        ),
    ):
        response = organizer.post("/congresses", json=KYOTO | change)
        assert response.status_code == 422, (change, response.text)
        assert response.json()["invalid-params"][0]["name"] == field, (change, response.json())
    assert organizer.post("/congresses", json=KYOTO | {"slug": SLUG}).status_code == 409


def test_change_rules_one_by_one(organizer: TestClient) -> None:
    tag = organizer.get(BASE).headers["ETag"]
    changed = organizer.patch(
        BASE, json={"rules": {"max_parallel_meetings": 2}}, headers={"If-Match": tag}
    )
    assert changed.status_code == 200, changed.text
    rules = changed.json()["rules"]
    assert rules["max_parallel_meetings"] == 2
    assert rules["workshops_same_day"] is True  # untouched
    assert organizer.get(BASE).headers["ETag"] == changed.headers["ETag"]
    stale = organizer.patch(BASE, json={"city": "Bahia"}, headers={"If-Match": tag})
    assert stale.status_code == 412


def test_dates_and_slots_cannot_strand_the_programme(organizer: TestClient) -> None:
    tag = organizer.get(BASE).headers["ETag"]
    shorter = organizer.patch(BASE, json={"end_date": "2010-04-15"}, headers={"If-Match": tag})
    assert shorter.status_code == 409
    detail = shorter.json()["detail"]
    assert "the closing event is on 2010-04-19" in detail
    no_afternoon = organizer.patch(
        BASE,
        json={
            "meeting_slots": [
                {"key": "morning", "name": "Morning", "start": "10:00", "end": "13:00"}
            ]
        },
        headers={"If-Match": tag},
    )
    assert no_afternoon.status_code == 409
    assert "meeting slot 'afternoon'" in no_afternoon.json()["detail"]


def test_the_congress_is_cached_with_if_none_match(client: TestClient, tokens: Tokens) -> None:
    first = client.get(BASE)
    assert client.get(BASE, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    french = client.get(BASE, params={"lang": "fr"})
    assert french.headers["ETag"] != first.headers["ETag"]  # another representation


def test_who_may_add_and_delete_congresses(client: TestClient, tokens: Tokens) -> None:
    limited = client.post("/congresses", json=KYOTO, headers=tokens.auth("other_organizer"))
    assert limited.status_code == 403
    tag = client.get(BASE).headers["ETag"]
    other = client.delete(BASE, headers=tokens.auth("other_organizer") | {"If-Match": tag})
    assert other.status_code == 403
    missing_tag = client.delete(BASE, headers=tokens.auth("organizer"))
    assert missing_tag.status_code == 428
    deleted = client.delete(BASE, headers=tokens.auth("organizer") | {"If-Match": tag})
    assert deleted.status_code == 204
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}/rooms").status_code == 404


def test_a_huge_or_odd_id_is_simply_not_found(client: TestClient) -> None:
    assert client.get("/congresses/99999999999999999999999").status_code == 404
    assert client.get("/congresses/²").status_code == 404


def test_the_agenda_has_an_etag_too(client: TestClient, tokens: Tokens) -> None:
    agenda = client.get(f"{BASE}/agenda")
    assert len(agenda.json()) == 11
    cached = client.get(f"{BASE}/agenda", headers={"If-None-Match": agenda.headers["ETag"]})
    assert cached.status_code == 304


def test_a_congress_weighs_the_schedulers_preferences_itself(
    organizer: TestClient, session_factory: sessionmaker[Session]
) -> None:
    defaults = organizer.get(BASE).json()["rules"]["preference_weights"]
    assert defaults["workshops_spread"] > 0 and defaults["stability"] > 0
    changed = organizer.patch(
        BASE,
        json={"rules": {"preference_weights": {"workshops_spread": 0, "compact_bodies": 7}}},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert changed.status_code == 200, changed.text
    weights = changed.json()["rules"]["preference_weights"]
    assert weights == defaults | {"workshops_spread": 0, "compact_bodies": 7}
    assert changed.json()["rules"]["max_parallel_meetings"] == 3  # untouched

    # The next solve weighs them so: a preference at 0 is off, the other reweighed.
    with transaction(session_factory) as session:
        found = find_congress(session, SLUG, full=True)
        assert found is not None
        _, draft = solve_congress(session, found, time_limit_s=5)
        assert draft is not None
        report = {rule["name"]: rule for rule in draft.rule_report}
    assert "workshops_spread" not in report
    assert report["compact_bodies"]["weight"] == 7


def test_an_unknown_preference_is_named_with_the_known_ones(organizer: TestClient) -> None:
    response = organizer.patch(
        BASE,
        json={"rules": {"preference_weights": {"workshop_spread": 3}}},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert response.status_code == 422
    problem = response.json()["invalid-params"][0]
    assert problem["name"] == "body.rules.preference_weights"
    assert "unknown preference 'workshop_spread'" in problem["reason"]
    assert "workshops_spread" in problem["reason"]
    negative = organizer.patch(
        BASE,
        json={"rules": {"preference_weights": {"stability": -1}}},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert negative.status_code == 422
    assert negative.json()["invalid-params"][0]["name"] == "body.rules.preference_weights.stability"
