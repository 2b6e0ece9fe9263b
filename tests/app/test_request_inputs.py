"""What the API does with input it cannot store: a control character in a text, a number
beyond 32 bits, an unknown field, a bad URL. Each used to answer 500 (PostgreSQL refuses a
NUL, both databases overflow at 2^31) or to be dropped silently; each is now refused with
problem+json naming the field and the reason, and nothing is written.

The checks live in one place (app/core/inputs.py, the URL guard in app/core/guards.py), so
the class tests here walk every route and every request schema, and the request tests hit
the routes where the defects were seen.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from annotated_types import Le, Lt
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import Settings
from app.core.inputs import INT32_MAX
from app.core.problems import PROBLEM_JSON
from app.main import create_app
from tests.support import api
from tests.support.api import BASE, SLUG, Tokens

client, tokens = api.client, api.tokens

PATH_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
CONTROL_CHARACTERS = ["\u0000", "\u001b", "\u0085"]

#: (route, method, path, body with the text under test marked "{c}", field, caller)
TEXT_FIELDS: list[tuple[str, str, str, dict[str, Any], str, str]] = [
    ("room", "post", "/rooms", {"name": "Room{c}", "capacity": 10}, "name", "organizer"),
    ("congress", "patch", "", {"venue": "Centro{c}"}, "venue", "organizer"),
    (
        "delegation",
        "post",
        "/delegations",
        {"name": "Atlantis{c}", "kind": "member_state", "regional_group": "African States"},
        "name",
        "organizer",
    ),
    (
        "body",
        "post",
        "/bodies",
        {"key": "wg", "name": "WG{c}", "kind": "committee"},
        "name",
        "organizer",
    ),
    ("exclusion", "post", "/exclusions", {"reason": "works{c}"}, "reason", "organizer"),
    (
        "agenda item",
        "post",
        "/agenda-items",
        {"number": 30, "title": "Item{c}", "body": "plenary", "meetings": 1},
        "title",
        "organizer",
    ),
    (
        "translation",
        "post",
        "/agenda-items",
        {"number": 30, "title": "Item", "body": "plenary", "translations": {"fr": "Point{c}"}},
        "translations",
        "organizer",
    ),
    (
        "workshop",
        "post",
        "/workshops",
        {"number": 30, "title": "W{c}", "meetings": 2},
        "title",
        "organizer",
    ),
    (
        "side event",
        "post",
        "/side-events/requests",
        {"title": "Prisons{c}", "expected_attendance": 40, "length": "lunchtime"},
        "title",
        "delegation",
    ),
    (
        "list of speakers",
        "post",
        "/speakers-lists",
        {
            "target": "item-4",
            "title": "List{c}",
            "opens_at": "2010-04-01T10:00:00Z",
            "closes_at": "2010-04-02T10:00:00Z",
            "time_limit_minutes": 5,
        },
        "title",
        "organizer",
    ),
]


def _fill(value: Any, character: str) -> Any:
    if isinstance(value, str):
        return value.replace("{c}", character)
    if isinstance(value, dict):
        return {key: _fill(item, character) for key, item in value.items()}
    return value


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    return body


def _reasons(problem: dict[str, Any]) -> dict[str, str]:
    return {param["name"]: param["reason"] for param in problem.get("invalid-params", [])}


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=["NUL", "ESC", "NEL"])
@pytest.mark.parametrize(
    ("method", "path", "body", "field", "caller"),
    [case[1:] for case in TEXT_FIELDS],
    ids=[case[0] for case in TEXT_FIELDS],
)
def test_a_control_character_in_a_text_is_refused_naming_the_field(
    client: TestClient,
    tokens: Tokens,
    character: str,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
    caller: str,
) -> None:
    before = client.get(BASE).json()
    response = client.request(
        method,
        BASE + path,
        json=_fill(body, character),
        headers={**tokens.auth(caller), "If-Match": "*"},
    )
    reasons = _reasons(_problem(response, 422))
    assert f"body.{field}" in reasons, reasons
    assert f"U+{ord(character):04X}" in reasons[f"body.{field}"]
    assert "no other control character" in reasons[f"body.{field}"]
    assert client.get(BASE).json() == before


def test_tabs_and_line_breaks_are_text(client: TestClient, tokens: Tokens) -> None:
    created = client.post(
        f"{BASE}/rooms",
        json={"name": "Room\tE", "capacity": 10, "notes": "First line\r\nsecond line\nthird"},
        headers=tokens.auth("organizer"),
    )
    assert created.status_code == 201, created.text
    assert created.json()["notes"] == "First line\r\nsecond line\nthird"


@pytest.mark.parametrize(
    "url",
    [
        "/congresses/%00",
        f"{BASE}/rooms/%00",
        f"{BASE}/rooms?limit=%00",
        "/congresses/%1B/organization-of-work",
        f"{BASE}/feeds/rooms/plenary%00.ics",
    ],
)
def test_a_control_character_in_a_url_is_refused(client: TestClient, url: str) -> None:
    problem = _problem(client.get(url), 400)
    assert "control character" in problem["detail"]


def _url_parameters(dependant: Dependant) -> list[Any]:
    found = [*dependant.path_params, *dependant.query_params]
    for dependency in dependant.dependencies:
        found += _url_parameters(dependency)
    return found


def _int_parameters(route: APIRoute) -> list[Any]:
    return [
        param
        for param in _url_parameters(route.dependant)
        if param.field_info.annotation in (int, int | None)
    ]


def _upper_bound(param: Any) -> int | None:
    for constraint in param.field_info.metadata:
        if isinstance(constraint, Le):
            return int(constraint.le)
        if isinstance(constraint, Lt):
            return int(constraint.lt) - 1
    return None


def _routes(client: TestClient) -> list[tuple[str, set[str], APIRoute]]:
    """(full path, methods, route) of every route, the pages' and the API's."""
    found = []
    for context in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        if isinstance(route, APIRoute) and context.path:
            found.append((context.path, set(context.methods or ()), route))
    return found


def test_every_integer_in_a_url_is_bounded_to_what_the_database_stores(
    client: TestClient,
) -> None:
    routes = _routes(client)
    unbounded = [
        f"{sorted(methods)} {path}: {param.alias}"
        for path, methods, route in routes
        for param in _int_parameters(route)
        if (_upper_bound(param) or INT32_MAX + 1) > INT32_MAX
    ]
    assert unbounded == []
    assert sum(1 for _, _, route in routes if _int_parameters(route)) > 20


@pytest.mark.parametrize("number", [2**31, 2**63, -(2**63)])
def test_integers_out_of_range_in_a_url_never_answer_500(
    client: TestClient, tokens: Tokens, number: int
) -> None:
    seen = 0
    for template, methods, route in _routes(client):
        params = _int_parameters(route)
        if not params:
            continue
        path = template
        for param in params:
            path = path.replace("{" + param.alias + "}", str(number))
        path = PATH_PARAMETER.sub(lambda m: SLUG if m[1] == "congress" else "x", path)
        query = {p.alias: number for p in params if "{" + p.alias + "}" not in template}
        for method in methods - {"HEAD"}:
            response = client.request(
                method,
                path,
                params=query,
                headers={**tokens.auth("organizer"), "If-Match": "*"},
            )
            seen += 1
            assert response.status_code < 500, f"{method} {path} {query}: {response.text}"
            assert response.status_code in (400, 404, 422), f"{method} {path}: {response.text}"
    # The public feed of a speaker, a published version and the diff are among them.
    assert seen > 20


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/side-events/requests",
            {"title": "T", "expected_attendance": 5, "length": "lunchtime", "agenda_item": 2**63},
            "agenda_item",
        ),
        (
            "/side-events/requests",
            {"title": "T", "expected_attendance": 5, "length": "lunchtime", "delegation_id": 2**40},
            "delegation_id",
        ),
        ("/speakers-lists/high-level-segment/swap", {"first": 2**31, "second": 1}, "first"),
        (
            "/exclusions",
            {
                "dates": ["2010-04-13"],
                "slots": ["morning"],
                "reason": "x",
                "body": "plenary",
                "meeting": 2**40,
            },
            "meeting",
        ),
    ],
    ids=["agenda item", "delegation id", "swap", "unknown and huge"],
)
def test_integers_out_of_range_in_a_body_are_refused_naming_the_field(
    client: TestClient, tokens: Tokens, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(BASE + path, json=body, headers=tokens.auth("organizer"))
    reasons = _reasons(_problem(response, 422))
    assert f"body.{field}" in reasons, reasons


def test_a_delegation_cannot_inscribe_for_another_by_adding_a_field(
    client: TestClient, tokens: Tokens
) -> None:
    lists = client.get(f"{BASE}/speakers-lists/high-level-segment")
    before = lists.json()["entries"] if lists.status_code == 200 else []
    response = client.post(
        f"{BASE}/speakers-lists/high-level-segment/entries",
        json={
            "name": "A. Minister",
            "title": "Minister of Justice",
            "protocol_level": "minister",
            "language": "en",
            "delegation": "China",
            "delegation_id": 1,
        },
        headers={**tokens.auth("delegation"), "Idempotency-Key": "for-another"},
    )
    reasons = _reasons(_problem(response, 422))
    assert {"body.delegation", "body.delegation_id"} <= set(reasons)
    assert all("Extra inputs are not permitted" in reasons[name] for name in reasons)
    after = client.get(f"{BASE}/speakers-lists/high-level-segment")
    assert (after.json()["entries"] if after.status_code == 200 else []) == before


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _objects(document: dict[str, Any], schema: Any, seen: set[str]) -> list[tuple[str, Any]]:
    """Every object schema reachable from `schema`, with its title."""
    found: list[tuple[str, Any]] = []
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name in seen:
                return []
            seen.add(name)
            return _objects(document, document["components"]["schemas"][name], seen)
        if schema.get("type") == "object" and "properties" in schema:
            found.append((schema.get("title", "?"), schema))
        for value in schema.values():
            found += _objects(document, value, seen)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(document, value, seen)
    return found


def test_every_request_body_refuses_unknown_fields(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    bodies = 0
    open_objects = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            # (HTML forms: the side-event form validates what it reads with the same
            # SideEventCreate as the API, and a browser sends only the form's fields.)
            for media_type, entry in content.items():
                if media_type != "application/json":
                    continue
                bodies += 1
                for title, schema in _objects(document, entry["schema"], set()):
                    if schema.get("additionalProperties") is not False:
                        open_objects.append(f"{method.upper()} {path} ({media_type}): {title}")
    assert bodies > 30
    assert open_objects == []


#: Create fields an Update leaves out on purpose: they identify the resource.
KEYS = {"AgendaItem": {"number"}, "SpeakersList": {"target"}}


def test_every_update_schema_has_the_fields_of_its_create(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    pairs = [name.removesuffix("Update") for name in schemas if name.endswith("Update")]
    compared = 0
    for family in pairs:
        if f"{family}Create" not in schemas:
            continue
        compared += 1
        create = set(schemas[f"{family}Create"]["properties"])
        update = set(schemas[f"{family}Update"]["properties"])
        assert update == create - KEYS.get(family, set()), family
    assert compared >= 11


# (collection, the change, a body creating one when the seed has none)
PATCHES: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("rooms", {"webcast": True, "accessible": False}, None),
    ("bodies", {"expected_attendance": 321}, None),
    ("agenda-items", {"title": "Changed title of the item."}, None),
    ("clusters", {"meetings": 5}, None),
    ("workshops", {"short_title": "Changed"}, None),
    ("delegations", {"name": "Atlantis"}, None),
    ("fixed-events", {"title": "Changed title"}, None),
    (
        "pins",
        {"reason": "changed"},
        {"target": "cluster-3-5", "date": "2010-04-13", "slot": "morning", "reason": "first"},
    ),
    (
        "exclusions",
        {"reason": "changed"},
        {"body": "committee-2", "dates": ["2010-04-14"], "reason": "first"},
    ),
]


@pytest.mark.parametrize(
    ("collection", "change", "create"), PATCHES, ids=[case[0] for case in PATCHES]
)
def test_patch_changes_only_the_given_fields_of_every_resource(
    client: TestClient,
    tokens: Tokens,
    collection: str,
    change: dict[str, Any],
    create: dict[str, Any] | None,
) -> None:
    organizer = tokens.auth("organizer")
    url = f"{BASE}/{collection}"
    if create is not None:
        assert client.post(url, json=create, headers=organizer).status_code == 201
    rows = client.get(url).json()
    assert rows, f"no {collection} to change"
    # (agenda items are addressed by their number, everything else by id)
    key = "number" if collection == "agenda-items" else "id"
    item = f"{url}/{rows[-1][key]}"
    read = client.get(item)
    assert read.status_code == 200, read.text
    before = read.json()
    changed = client.patch(
        item, json=change, headers={**organizer, "If-Match": read.headers["ETag"]}
    )
    assert changed.status_code == 200, changed.text
    after = client.get(item).json()
    assert {key: after[key] for key in change} == change
    kept = {key: value for key, value in before.items() if key not in change}
    assert {key: value for key, value in after.items() if key not in change} == kept


def test_an_unexpected_error_answers_problem_json(engine: Engine, database_url: str) -> None:
    app = create_app(Settings(database_url=database_url), engine=engine)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        problem = _problem(test_client.get("/boom"), 500)
    assert problem["title"] == "Internal Server Error"
    assert "a bug" not in problem["detail"]
