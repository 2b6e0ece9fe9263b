"""An answer is sent only once what the request wrote is committed: a client told 201
can read the resource back at once, from any connection, and is never told of a write
that then failed to commit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.main import create_app
from tests.support import api
from tests.support.api import BASE, Tokens

tokens = api.tokens


class _Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
            async def send_and_record(message: Message) -> None:
                if message["type"] == "http.response.start":
                    self.events.append(f"answer {message['status']}")
                await send(message)

            await app(scope, receive, send_and_record)

        return recorded


@pytest.fixture
def recorder(engine: Engine, database_url: str) -> Iterator[tuple[TestClient, _Recorder]]:
    recorder = _Recorder()
    app = create_app(Settings(database_url=database_url), engine=engine)
    factory = app.state.session_factory

    def committed(session: Session) -> None:
        recorder.events.append("commit")

    event.listen(factory, "after_commit", committed)
    try:
        with TestClient(recorder.middleware(app)) as client:  # type: ignore[arg-type]
            yield client, recorder
    finally:
        event.remove(factory, "after_commit", committed)


def test_a_created_room_is_committed_before_the_201_is_sent(
    recorder: tuple[TestClient, _Recorder], tokens: Tokens
) -> None:
    client, seen = recorder
    seen.events.clear()
    created = client.post(
        f"{BASE}/rooms", json={"name": "Room F", "capacity": 30}, headers=tokens.auth("organizer")
    )
    assert created.status_code == 201, created.text
    first_answer = next(i for i, text in enumerate(seen.events) if text.startswith("answer"))
    assert "commit" in seen.events[:first_answer], seen.events


def test_a_read_is_answered_after_its_transaction_ends(
    recorder: tuple[TestClient, _Recorder], tokens: Any
) -> None:
    client, seen = recorder
    seen.events.clear()
    assert client.get(f"{BASE}/rooms").status_code == 200
    assert seen.events[-1] == "answer 200"
