"""Every write route refuses the wrong caller.

No token → 401 (with a Bearer challenge); a delegation's token → 403; an organizer token
limited to another congress → 403; the secretariat's token gets past the door.
The routes are read from the app itself, so a new write route is covered when added.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app
from tests.support import api
from tests.support.api import SLUG, Tokens

client, tokens = api.client, api.tokens

#: OpenAPI tags of the configuration API (the CRUD families and congresses).
CONFIGURATION_TAGS = {
    "congresses",
    "rooms",
    "bodies",
    "agenda",
    "workshops",
    "programme",
    "delegations",
}
WRITES = {"post", "put", "patch", "delete"}


def _write_routes() -> list[tuple[str, str]]:
    document = create_app(Settings(database_url="sqlite://")).openapi()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in WRITES and CONFIGURATION_TAGS & set(operation.get("tags", [])):
                found.append((method.upper(), path))
    return found


def _url(path: str) -> str:
    # Authorization is decided before anything is looked up, so any id will do.
    return re.sub(r"\{(\w+)\}", lambda m: SLUG if m.group(1) == "congress" else "1", path)


ROUTES = _write_routes()


def test_the_matrix_covers_every_family() -> None:
    paths = {path for _, path in ROUTES}
    for family in (
        "rooms",
        "bodies",
        "officers",
        "agenda-items",
        "clusters",
        "workshops",
        "high-level-segment",
        "fixed-events",
        "delegations",
        "pins",
        "exclusions",
    ):
        assert any(family in path for path in paths), family
    assert ("POST", "/congresses") in ROUTES
    assert ("PATCH", "/congresses/{congress}") in ROUTES


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_only_the_secretariat_may_write(
    client: TestClient, tokens: Tokens, method: str, path: str
) -> None:
    url = _url(path)
    body = None if method == "DELETE" else {}

    anonymous = client.request(method, url, json=body)
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")

    unknown = client.request(
        method, url, json=body, headers={"Authorization": "Bearer cgs_not-a-real-token"}
    )
    assert unknown.status_code == 401, unknown.text

    delegation = client.request(method, url, json=body, headers=tokens.auth("delegation"))
    assert delegation.status_code == 403, delegation.text
    assert "organizer" in delegation.json()["detail"]

    other = client.request(method, url, json=body, headers=tokens.auth("other_organizer"))
    assert other.status_code == 403, other.text

    organizer = client.request(method, url, json=body, headers=tokens.auth("organizer"))
    assert organizer.status_code not in (401, 403), organizer.text


#: Write routes a delegation's own token may use (its speakers, its side-event
#: requests, its private feed); every other write route is the secretariat's.
DELEGATION_WRITES = {
    ("POST", "/congresses/{congress}/speakers-lists/{target}/entries"),
    ("PUT", "/congresses/{congress}/speakers-lists/{target}/entries/{entry_id}"),
    ("DELETE", "/congresses/{congress}/speakers-lists/{target}/entries/{entry_id}"),
    ("POST", "/congresses/{congress}/feeds/delegation-feed"),
    ("POST", "/congresses/{congress}/side-events/requests"),
    ("DELETE", "/congresses/{congress}/side-events/requests/{request_id}"),
}
#: The HTML request form takes the organization's token in the form itself and answers
#: with the form and its errors (tests/app/test_side_events.py covers it).
FORM_POSTS = {("POST", "/congresses/{congress}/side-events/request-form")}
INSCRIPTION = {
    "name": "A. Speaker",
    "title": "Minister of Justice",
    "protocol_level": "minister",
    "language": "en",
}


def _all_write_routes() -> list[tuple[str, str]]:
    document = create_app(Settings(database_url="sqlite://")).openapi()
    return [
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in WRITES and (method.upper(), path) not in FORM_POSTS
    ]


ALL_WRITES = _all_write_routes()
SECRETARIAT_ONLY = [route for route in ALL_WRITES if route not in DELEGATION_WRITES]


def test_the_delegation_routes_exist() -> None:
    assert set(ALL_WRITES) >= DELEGATION_WRITES


@pytest.mark.parametrize(("method", "path"), ALL_WRITES, ids=[f"{m} {p}" for m, p in ALL_WRITES])
def test_every_write_route_needs_a_token(client: TestClient, method: str, path: str) -> None:
    body: dict[str, str] | None = None if method == "DELETE" else {}
    headers = {}
    if path.endswith("/entries") or path.endswith("/entries/{entry_id}"):
        # The inscription route checks its (valid) request before the caller, to keep
        # the opening burst's hot path to one thread; give it a valid one.
        body = None if method == "DELETE" else INSCRIPTION
        headers = {"Idempotency-Key": "role-matrix"}
    anonymous = client.request(method, _url(path), json=body, headers=headers)
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("method", "path"), SECRETARIAT_ONLY, ids=[f"{m} {p}" for m, p in SECRETARIAT_ONLY]
)
def test_a_delegation_cannot_use_the_secretariats_routes(
    client: TestClient, tokens: Tokens, method: str, path: str
) -> None:
    body = None if method == "DELETE" else {}
    delegation = client.request(method, _url(path), json=body, headers=tokens.auth("delegation"))
    assert delegation.status_code == 403, delegation.text
