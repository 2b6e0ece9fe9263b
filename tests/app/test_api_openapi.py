"""The OpenAPI document is complete, errors are problem+json, bodies are bounded."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.guards import MAX_BODY_BYTES
from app.main import create_app
from tests.support import api
from tests.support.api import BASE

client, tokens, organizer = api.client, api.tokens, api.organizer

CONFIGURATION_TAGS = {
    "congresses",
    "rooms",
    "bodies",
    "agenda",
    "workshops",
    "programme",
    "delegations",
}


def _operations() -> list[tuple[str, str, dict[str, object]]]:
    document = create_app(Settings(database_url="sqlite://")).openapi()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if CONFIGURATION_TAGS & set(operation.get("tags", []))
    ]


def test_every_operation_has_a_summary_a_model_and_its_errors() -> None:
    operations = _operations()
    assert len(operations) > 60
    missing: list[str] = []
    for method, path, operation in operations:
        label = f"{method} {path}"
        responses: dict[str, dict[str, object]] = operation["responses"]  # type: ignore[assignment]
        if not operation.get("summary"):
            missing.append(f"{label}: summary")
        success = [code for code in responses if code.startswith("2")]
        if not success:
            missing.append(f"{label}: 2xx response")
        for code in success:
            if code != "204" and "application/json" not in responses[code].get("content", {}):  # type: ignore[operator]
                missing.append(f"{label}: {code} response model")
        expected = {"422", "404"} if "{" in path else {"422"}
        if method != "GET":
            expected |= {"401", "403", "413"}
        if method in ("PUT", "PATCH", "DELETE"):
            expected |= {"412", "428"}
        for code in sorted(expected - set(responses)):
            missing.append(f"{label}: {code} error response")
        for code in set(responses) & {"401", "403", "404", "409", "412", "413", "422", "428"}:
            content = responses[code].get("content", {})
            if "application/problem+json" not in content:  # type: ignore[operator]
                missing.append(f"{label}: {code} as problem+json")
    assert not missing, "\n".join(missing)


def test_request_bodies_have_examples_and_strings_are_bounded() -> None:
    document = create_app(Settings(database_url="sqlite://")).openapi()
    schemas = document["components"]["schemas"]
    for method, path, operation in _operations():
        body = operation.get("requestBody")
        if not body:
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"]  # type: ignore[index]
        schema = schemas[ref.rsplit("/", 1)[1]]
        assert schema.get("examples"), f"{method} {path}: no example"
        for name, field in schema["properties"].items():
            text = json.dumps(field)
            if '"type": "string"' in text and "enum" not in text and "format" not in text:
                assert "maxLength" in text or "pattern" in text or "$ref" in text, (
                    f"{method} {path}: {name} is an unbounded string"
                )


def test_an_oversized_body_is_refused_with_413(organizer: TestClient) -> None:
    big = {"name": "x" * (MAX_BODY_BYTES + 1), "capacity": 1}
    response = organizer.post(f"{BASE}/rooms", json=big)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "larger than" in response.json()["detail"]


def test_an_oversized_chunked_body_without_content_length_is_refused_with_413(
    organizer: TestClient,
) -> None:
    def chunks() -> Iterator[bytes]:
        # A streamed body (Transfer-Encoding: chunked): no Content-Length to check first.
        yield b'{"name": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 1):
            yield b"x" * 65536
        yield b'", "capacity": 1}'

    response = organizer.post(
        f"{BASE}/rooms", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "larger than" in response.json()["detail"]


def test_a_small_chunked_body_is_read_as_usual(organizer: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "Chunked room",'
        yield b' "capacity": 12}'

    response = organizer.post(
        f"{BASE}/rooms", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Chunked room"


def test_a_too_long_string_names_the_field(organizer: TestClient) -> None:
    response = organizer.post(f"{BASE}/rooms", json={"name": "x" * 201, "capacity": 1})
    assert response.status_code == 422
    assert response.json()["invalid-params"][0]["name"] == "body.name"
