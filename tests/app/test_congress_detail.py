"""The congress detail shows each part in its family's own read shape."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.support import api
from tests.support.api import BASE

client, tokens = api.client, api.tokens


def _by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_each_part_of_the_detail_is_what_its_own_route_answers(
    client: TestClient, tokens: object
) -> None:
    detail = client.get(BASE).json()
    for part, route in (
        ("rooms", "rooms"),
        ("agenda_items", "agenda-items"),
        ("clusters", "clusters"),
        ("workshops", "workshops"),
        ("delegations", "delegations"),
    ):
        listed = client.get(f"{BASE}/{route}", params={"limit": 200}).json()
        assert _by_id(detail[part]) == _by_id(listed), part
    listed_bodies = _by_id(client.get(f"{BASE}/bodies", params={"limit": 200}).json())
    for body in detail["bodies"]:
        assert {k: v for k, v in body.items() if k != "officers"} == listed_bodies[body["id"]]
