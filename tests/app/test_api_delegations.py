"""Delegations over HTTP: filters, uniqueness, and what keeps one from being deleted."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE, Tokens, etag

client, tokens, organizer = api.client, api.tokens, api.organizer

DELEGATIONS = f"{BASE}/delegations"


def test_delegations_are_public_and_filter(client: TestClient, tokens: Tokens) -> None:
    everyone = client.get(DELEGATIONS)
    assert everyone.status_code == 200
    assert int(everyone.headers["X-Total-Count"]) == len(everyone.json())
    latin = client.get(
        DELEGATIONS, params={"regional_group": "Latin American and Caribbean States"}
    ).json()
    assert latin and all(d["regional_group"].startswith("Latin American") for d in latin)
    states = client.get(DELEGATIONS, params={"kind": "member_state"}).json()
    assert all(d["kind"] == "member_state" for d in states)
    # A delegation's token reads what is public, too.
    as_delegation = client.get(DELEGATIONS, headers=tokens.auth("delegation"))
    assert as_delegation.status_code == 200


def test_add_change_and_remove_a_delegation(organizer: TestClient) -> None:
    created = organizer.post(
        DELEGATIONS,
        json={
            "name": "Iceland",
            "kind": "member_state",
            "regional_group": "Western European and other States",
        },
    )
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    duplicate = organizer.post(DELEGATIONS, json={"name": "Iceland", "kind": "member_state"})
    assert duplicate.status_code == 409
    changed = organizer.patch(
        url, json={"credentials_committee": True}, headers={"If-Match": created.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.json()["credentials_committee"] is True
    congress = organizer.get(BASE).json()
    assert "Iceland" in congress["credentials_committee"]
    wrong_kind = organizer.patch(
        url, json={"kind": "republic"}, headers={"If-Match": changed.headers["ETag"]}
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["invalid-params"][0]["name"] == "body.kind"
    removed = organizer.delete(url, headers={"If-Match": changed.headers["ETag"]})
    assert removed.status_code == 204


def test_a_delegation_with_a_token_stays(organizer: TestClient) -> None:
    jamaica = next(d for d in organizer.get(DELEGATIONS).json() if d["name"] == "Jamaica")
    url = f"{DELEGATIONS}/{jamaica['id']}"
    response = organizer.delete(url, headers={"If-Match": etag(organizer, url)})
    assert response.status_code == 409
    assert "API token" in response.json()["detail"]
