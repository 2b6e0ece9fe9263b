"""Drafts: organizers edit them (each edit re-checked) and publish them as numbered versions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from app.timetables import solving
from tests.app.test_solve_jobs import bearer, tokens

SLUG = "twelfth-congress-salvador-2010"
DRAFTS = f"/congresses/{SLUG}/drafts"

#: Cluster 7+9 and workshop 4 change days in Committee I (16 <-> 17 April 2010): a
#: move that keeps every rule once complete, and breaks the grid halfway.
SWAP = [
    ("committee-1:cluster-7-9:1", "2010-04-17"),
    ("committee-1:cluster-7-9:2", "2010-04-17"),
    ("workshop-4:1", "2010-04-16"),
    ("workshop-4:2", "2010-04-16"),
]


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, job_runner="worker")
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.fixture
def roles(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> dict[str, str]:
    return tokens(session_factory, salvador_2010.congress_id)


def new_draft(session_factory: sessionmaker[Session]) -> int:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=5)
        assert draft is not None, timetable.explanation
        return draft.id


def etag(client: TestClient, draft: int, token: str) -> str:
    """The draft's ETag as the organizer reads it now (If-Match of the next write)."""
    return str(client.get(f"{DRAFTS}/{draft}", headers=bearer(token)).headers["ETag"])


def current(client: TestClient, draft: int, token: str) -> dict[str, str]:
    """Bearer and If-Match for a write on the draft as it is now."""
    return {**bearer(token), "If-Match": etag(client, draft, token)}


def move(client: TestClient, draft: int, key: str, token: str, **changes: Any) -> Any:
    return client.patch(
        f"{DRAFTS}/{draft}/meetings/{key}", json=changes, headers=current(client, draft, token)
    )


def publish(client: TestClient, draft: int, token: str, **body: str) -> Any:
    return client.post(
        f"{DRAFTS}/{draft}/publish", json=body or None, headers=current(client, draft, token)
    )


def test_drafts_are_shown_to_the_congress_organizers_only(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    draft = new_draft(session_factory)
    for url in (DRAFTS, f"{DRAFTS}/{draft}"):
        assert client.get(url).status_code == 401
        assert client.get(url, headers=bearer(roles["delegation"])).status_code == 403
        assert client.get(url, headers=bearer(roles["other-organizer"])).status_code == 403
    listed = client.get(DRAFTS, headers=bearer(roles["organizer"])).json()
    assert [d["id"] for d in listed] == [draft]
    shown = client.get(f"{DRAFTS}/{draft}", headers=bearer(roles["organizer"])).json()
    assert shown["violations"] == [] and shown["diff"] is None
    assert shown["based_on_version"] is None


def test_every_edit_is_checked_and_a_draft_breaking_rules_is_not_published(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    draft = new_draft(session_factory)
    organizer = roles["organizer"]
    key, day = SWAP[0]
    halfway = move(client, draft, key, organizer, date=day, slot="morning")
    assert halfway.status_code == 200
    moved = next(m for m in halfway.json()["meetings"] if m["key"] == key)
    assert moved["start"] == "2010-04-17T10:00:00-03:00"
    violations = halfway.json()["violations"]
    assert {
        "rule": "grid",
        "message": "the Committee I has 2 meetings on Saturday, 17 April 2010, morning",
    } in [{"rule": v["rule"], "message": v["message"]} for v in violations]

    refused = publish(client, draft, organizer)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert any(p["name"].endswith(".grid") for p in refused.json()["invalid-params"])
    assert client.get(f"/congresses/{SLUG}/timetable").status_code == 404

    for key, day in SWAP[1:]:
        assert move(client, draft, key, organizer, date=day).status_code == 200
    done = client.get(f"{DRAFTS}/{draft}", headers=bearer(organizer)).json()
    assert done["violations"] == []

    published = publish(client, draft, organizer, change_log="Cluster 7+9 after workshop 4.")
    assert published.status_code == 201, published.json()
    assert published.headers["Location"] == f"/congresses/{SLUG}/timetable/versions/1"
    public = client.get(f"/congresses/{SLUG}/timetable").json()
    assert public["number"] == 1 and public["change_log"] == "Cluster 7+9 after workshop 4."
    cluster = next(m for m in public["meetings"] if m["key"] == "committee-1:cluster-7-9:1")
    assert cluster["date"] == "2010-04-17"
    # Published: no longer a draft, and immutable (a move is refused naming the version).
    assert client.get(f"{DRAFTS}/{draft}", headers=bearer(organizer)).status_code == 404
    gone = client.patch(
        f"{DRAFTS}/{draft}/meetings/{key}",
        json={"slot": "morning"},
        headers={**bearer(organizer), "If-Match": "*"},
    )
    assert gone.status_code == 409
    assert "already published as version 1" in gone.json()["detail"]


def test_a_new_version_carries_its_diff_against_the_published_one(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    organizer = bearer(roles["organizer"])
    first = new_draft(session_factory)
    assert publish(client, first, roles["organizer"]).status_code == 201
    second = new_draft(session_factory)
    same = client.get(f"{DRAFTS}/{second}", headers=organizer).json()
    assert same["based_on_version"] == 1
    assert same["diff"] == {
        "against_version": 1,
        "moved": [],
        "added": [],
        "cancelled": [],
        "retitled": [],
        "room_changed": [],
    }
    nothing_new = publish(client, second, roles["organizer"])
    assert nothing_new.status_code == 409
    assert "nothing new to publish" in nothing_new.json()["detail"]

    for key, day in SWAP:
        move(client, second, key, roles["organizer"], date=day)
    diff = client.get(f"{DRAFTS}/{second}", headers=organizer).json()["diff"]
    assert {m["key"] for m in diff["moved"]} == {key for key, _ in SWAP}
    version = publish(client, second, roles["organizer"]).json()
    assert version["number"] == 2
    assert version["change_log"] == "4 meeting(s) moved, 0 added, 0 cancelled."
    moved = {m["key"]: m["sequence"] for m in version["meetings"]}
    assert moved["workshop-4:1"] == 1 and moved["plenary:opening"] == 0

    between = client.get(f"/congresses/{SLUG}/timetable/diff?from=1&to=2").json()
    assert {m["key"] for m in between["moved"]} == {key for key, _ in SWAP}
    cluster = next(m for m in between["moved"] if m["key"] == "committee-1:cluster-7-9:1")
    assert cluster["before"] == ["2010-04-16", "morning", "committee-1"]
    assert cluster["after"] == ["2010-04-17", "morning", "committee-1"]
    versions = client.get(f"/congresses/{SLUG}/timetable/versions").json()
    assert [v["number"] for v in versions] == [1, 2]


def test_bad_edits_name_the_field(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    draft = new_draft(session_factory)
    organizer = roles["organizer"]
    response = move(
        client, draft, "workshop-4:1", organizer, slot="evening", body="committee-9", room="Attic"
    )
    assert response.status_code == 422
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid-params"]}
    assert reasons.keys() == {"slot", "body", "room"}
    assert reasons["slot"] == "unknown slot 'evening'; the congress has morning, afternoon"
    not_a_field = move(client, draft, "workshop-4:1", organizer, day="2010-04-16")
    assert not_a_field.status_code == 422
    assert not_a_field.json()["invalid-params"][0]["name"] == "body.day"
    bad_date = move(client, draft, "workshop-4:1", organizer, date="16 April")
    assert bad_date.json()["invalid-params"][0]["name"] == "body.date"
    unknown = move(client, draft, "workshop-9:1", organizer, slot="morning")
    assert unknown.status_code == 404
    carried = move(client, draft, "plenary:cluster-3-5:1", organizer, slot="morning")
    assert "held in meeting plenary:opening" in carried.json()["detail"]
    # Nothing of a refused edit was kept.
    shown = client.get(f"{DRAFTS}/{draft}", headers=bearer(organizer)).json()
    assert shown["violations"] == []


def test_publishing_a_draft_already_published_answers_409_naming_its_version(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    """Two organizers read the draft; the first publishes it; the second's publish (its
    If-Match now stale, or "*") is refused as a conflict saying which version the draft
    became, not 404 as if the draft had never existed (issue #13 item 5)."""
    draft = new_draft(session_factory)
    organizer = roles["organizer"]
    seen = etag(client, draft, organizer)
    first = client.post(
        f"{DRAFTS}/{draft}/publish",
        json={"change_log": "First."},
        headers={**bearer(organizer), "If-Match": seen},
    )
    assert first.status_code == 201
    for if_match in (seen, "*"):
        again = client.post(
            f"{DRAFTS}/{draft}/publish",
            json={"change_log": "Second."},
            headers={**bearer(organizer), "If-Match": if_match},
        )
        assert again.status_code == 409, if_match
        assert again.headers["content-type"] == "application/problem+json"
        problem = again.json()
        assert problem["status"] == 409
        assert f"Draft {draft} was already published as version 1" in problem["detail"]
        assert f"/congresses/{SLUG}/timetable/versions/1" in problem["detail"]
    # One version, with the first organizer's change log.
    versions = client.get(f"/congresses/{SLUG}/timetable/versions").json()
    assert [v["number"] for v in versions] == [1]
    assert client.get(f"/congresses/{SLUG}/timetable").json()["change_log"] == "First."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/{draft}/meetings/workshop-4:1", {"room": "Plenary Hall"}),
        ("post", "/{draft}/publish", {"change_log": "First."}),
        ("delete", "/{draft}", None),
    ],
)
def test_only_the_congress_organizers_edit_publish_and_discard_drafts(
    roles: dict[str, str],
    session_factory: sessionmaker[Session],
    client: TestClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    draft = new_draft(session_factory)
    url = DRAFTS + path.format(draft=draft)
    assert client.request(method, url, json=body).status_code == 401
    for wrong in ("delegation", "other-organizer"):
        response = client.request(method, url, json=body, headers=bearer(roles[wrong]))
        assert response.status_code == 403, wrong
    allowed = client.request(
        method, url, json=body, headers=current(client, draft, roles["organizer"])
    )
    assert allowed.status_code in (200, 201, 204)
    if method == "delete":
        assert client.get(url, headers=bearer(roles["organizer"])).status_code == 404


def test_a_draft_has_an_etag_and_every_write_on_it_needs_if_match(
    roles: dict[str, str], session_factory: sessionmaker[Session], client: TestClient
) -> None:
    draft = new_draft(session_factory)
    organizer = roles["organizer"]
    url = f"{DRAFTS}/{draft}"
    read = client.get(url, headers=bearer(organizer))
    tag = read.headers["ETag"]
    unchanged = client.get(url, headers={**bearer(organizer), "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == tag
    key, day = SWAP[0]
    writes = [
        ("patch", f"{url}/meetings/{key}", {"date": day}),
        ("post", f"{url}/publish", {"change_log": "First."}),
        ("delete", url, None),
    ]
    for method, target, body in writes:
        missing = client.request(method, target, json=body, headers=bearer(organizer))
        assert missing.status_code == 428, target
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.headers["ETag"] == tag

    # A move answers with the new tag; the tag read before it is stale now.
    moved = client.patch(
        f"{url}/meetings/{key}", json={"date": day}, headers={**bearer(organizer), "If-Match": tag}
    )
    assert moved.status_code == 200
    new_tag = moved.headers["ETag"]
    assert new_tag != tag
    assert client.get(url, headers=bearer(organizer)).headers["ETag"] == new_tag
    for method, target, body in writes:
        stale = client.request(
            method, target, json=body, headers={**bearer(organizer), "If-Match": tag}
        )
        assert stale.status_code == 412, target
        assert "changed by someone else" in stale.json()["detail"]
    # Nothing of the refused writes happened: still a draft, moved once.
    shown = client.get(url, headers={**bearer(organizer), "If-None-Match": new_tag})
    assert shown.status_code == 304
    gone = client.delete(url, headers={**bearer(organizer), "If-Match": new_tag})
    assert gone.status_code == 204
    assert client.get(url, headers=bearer(organizer)).status_code == 404
