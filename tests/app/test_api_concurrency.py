"""Two editors change the same resource at once: one wins, the other gets 412, and
nothing is lost. Runs on both databases (PostgreSQL locks the congress row; SQLite has
one writer at a time)."""

from __future__ import annotations

import asyncio

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app
from tests.support import api
from tests.support.api import BASE, Tokens

client, tokens = api.client, api.tokens


async def _two_editors(
    app: object, url: str, tag: str, edits: list[tuple[str, dict[str, object]]]
) -> list[httpx.Response]:
    """Both PATCH at once, each with their own token and the same If-Match."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return list(
            await asyncio.gather(
                *(
                    http.patch(
                        url,
                        json=body,
                        headers={"Authorization": f"Bearer {token}", "If-Match": tag},
                    )
                    for token, body in edits
                )
            )
        )


def test_concurrent_editors_with_the_same_etag_one_wins(
    engine: Engine, database_url: str, client: TestClient, tokens: Tokens
) -> None:
    app = create_app(Settings(database_url=database_url), engine=engine)
    room = client.get(f"{BASE}/rooms").json()[0]
    url = f"{BASE}/rooms/{room['id']}"
    first = client.get(url)
    tag = first.headers["ETag"]

    for attempt in range(5):  # a few rounds, each with a fresh ETag
        edits: list[tuple[str, dict[str, object]]] = [
            (tokens.organizer, {"capacity": 1000 + attempt}),
            (tokens.second_organizer, {"capacity": 2000 + attempt}),
        ]
        responses = asyncio.run(_two_editors(app, url, tag, edits))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 412], [r.text for r in responses]
        winner = next(r for r in responses if r.status_code == 200)
        loser = next(r for r in responses if r.status_code == 412)
        assert loser.headers["content-type"] == "application/problem+json"
        # The loser is told the current ETag: the winner's.
        assert loser.headers["ETag"] == winner.headers["ETag"]
        now = client.get(url)
        assert now.json()["capacity"] == winner.json()["capacity"]
        assert now.headers["ETag"] == winner.headers["ETag"]
        tag = now.headers["ETag"]


def test_a_change_elsewhere_in_the_congress_does_not_block_an_edit(
    client: TestClient, tokens: Tokens
) -> None:
    # ETags are per resource: changing one room leaves another room's ETag valid.
    client.headers["Authorization"] = f"Bearer {tokens.organizer}"
    rooms = client.get(f"{BASE}/rooms").json()
    a, b = (f"{BASE}/rooms/{r['id']}" for r in rooms[:2])
    tag_b = client.get(b).headers["ETag"]
    tag_a = client.get(a).headers["ETag"]
    assert client.patch(a, json={"capacity": 11}, headers={"If-Match": tag_a}).status_code == 200
    assert client.patch(b, json={"capacity": 12}, headers={"If-Match": tag_b}).status_code == 200
