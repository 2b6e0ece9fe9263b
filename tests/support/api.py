"""An HTTP client on the app, and bearer tokens for each role, for the API tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.models import Congress
from app.core.config import Settings
from app.core.database import transaction
from app.delegations.models import Delegation
from app.main import create_app

SLUG = "twelfth-congress-salvador-2010"
BASE = f"/congresses/{SLUG}"


@dataclass(frozen=True)
class Tokens:
    organizer: str
    #: A second person of the secretariat, with a token of their own.
    second_organizer: str
    #: An organizer token limited to another congress.
    other_organizer: str
    delegation: str

    def auth(self, role: str) -> dict[str, str]:
        token = getattr(self, role)
        return {"Authorization": f"Bearer {token}"}


def make_tokens(session_factory: sessionmaker[Session]) -> Tokens:
    """Tokens for the loaded Salvador congress (load it first)."""
    with transaction(session_factory) as session:
        other = Congress(
            slug="another-congress",
            name="Another congress",
            venue="Vienna International Centre",
            time_zone="Europe/Vienna",
            start_date=dt.date(2030, 1, 7),
            end_date=dt.date(2030, 1, 9),
            languages=["en"],
            translations={},
        )
        session.add(other)
        session.flush()
        jamaica = session.scalars(select(Delegation).where(Delegation.name == "Jamaica")).one()
        return Tokens(
            organizer=issue_token(session, role=Role.ORGANIZER, name="secretariat").token,
            second_organizer=issue_token(session, role=Role.ORGANIZER, name="editor 2").token,
            other_organizer=issue_token(
                session, role=Role.ORGANIZER, name="other", congress=other
            ).token,
            delegation=issue_token(
                session, role=Role.DELEGATION, name="jamaica", delegation=jamaica
            ).token,
        )


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


@pytest.fixture
def tokens(salvador_2010: object, session_factory: sessionmaker[Session]) -> Tokens:
    return make_tokens(session_factory)


@pytest.fixture
def organizer(client: TestClient, tokens: Tokens) -> TestClient:
    """The client with the organizer's token on every request."""
    client.headers["Authorization"] = f"Bearer {tokens.organizer}"
    return client


def etag(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.headers["ETag"]
