"""Rate limits: bad tokens per client address, and list writes per delegation token.

Both answer 429 problem+json with Retry-After; the limits are settings. A replay of an
answered Idempotency-Key is never counted, so the opening burst is never limited.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from app.speakers import lists
from app.speakers.schemas import SpeakersListCreate
from benchmarks.speakers_burst_bench import member_states, speaker_body
from tests.support.api import BASE, SLUG, Tokens, make_tokens

ENTRIES = f"{BASE}/speakers-lists/item-4/entries"
BAD = {"Authorization": "Bearer cgs_guessed-token-that-does-not-exist"}


def _app(engine: Engine, database_url: str, **limits: float) -> TestClient:
    settings = Settings.model_validate(
        {"database_url": database_url, "job_runner": "worker", **limits}
    )
    return TestClient(create_app(settings, engine=engine))


@pytest.fixture
def tokens(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> Tokens:
    return make_tokens(session_factory)


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with _app(engine, database_url) as client:
        yield client


def _assert_429(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["status"] == 429


def _open_item_4(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        now = dt.datetime.now(dt.UTC)
        lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="item-4",
                opens_at=now - dt.timedelta(minutes=1),
                closes_at=now + dt.timedelta(hours=1),
                time_limit_minutes=5,
            ),
            None,
        )


# ---------------------------------------------------------------- failed token use


def test_more_than_20_bad_tokens_a_minute_from_one_address_get_429(
    client: TestClient, tokens: Tokens
) -> None:
    for _ in range(20):
        assert client.post(f"{BASE}/rooms", json={}, headers=BAD).status_code == 401
    _assert_429(client.post(f"{BASE}/rooms", json={}, headers=BAD))
    # A live token from that address is never refused: the limit is on guesses only.
    assert client.get(f"{BASE}/solves", headers=tokens.auth("organizer")).status_code == 200
    # Without a token nothing is refused: public reads go on.
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}/organization-of-work").status_code in (200, 404)
    # Another address is not concerned: its first bad token is a plain 401.
    with TestClient(client.app, client=("192.0.2.7", 50001)) as other:
        assert other.get(f"{BASE}/solves", headers=BAD).status_code == 401


def test_behind_a_shared_nat_one_guessing_client_blocks_no_one_else(
    engine: Engine,
    database_url: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
) -> None:
    # A venue's delegates share one public address. One client there sends 40+ bad
    # tokens; the organizers and the delegations behind the same address go on working,
    # the opening burst included, while further bad tokens from there get 429.
    _open_item_4(session_factory)
    tokens = make_tokens(session_factory)
    delegations = member_states(session_factory, salvador_2010.congress_id, 10)
    with _app(engine, database_url) as client:
        for _ in range(45):
            assert client.get(f"{BASE}/solves", headers=BAD).status_code in (401, 429)
        _assert_429(client.get(f"{BASE}/solves", headers=BAD))
        _assert_429(
            client.post(ENTRIES, json=speaker_body(1), headers={**BAD, "Idempotency-Key": "x"})
        )
        assert client.get(f"{BASE}/solves", headers=tokens.auth("organizer")).status_code == 200
        for number, token in enumerate(delegations, start=1):
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "opening"}
            response = client.post(ENTRIES, json=speaker_body(number), headers=headers)
            assert response.status_code == 201, (number, response.text)
        _assert_429(client.get(f"{BASE}/solves", headers=BAD))


def test_every_way_of_presenting_a_token_counts(
    engine: Engine, database_url: str, tokens: Tokens
) -> None:
    with _app(engine, database_url, failed_token_limit=4) as client:
        # A bearer header (on a dependency, and on the inscription route, which checks its
        # token in a thread of its own), the console's sign-in form, the console's cookie.
        assert client.post(f"{BASE}/rooms", json={}, headers=BAD).status_code == 401
        inscription = client.post(
            ENTRIES, json=speaker_body(1), headers={**BAD, "Idempotency-Key": "k"}
        )
        assert inscription.status_code == 401
        form = client.get(f"{BASE}/console/login").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', form)
        assert csrf is not None
        login = client.post(
            f"{BASE}/console/login", data={"token": "cgs_wrong", "csrf": csrf.group(1)}
        )
        assert login.status_code == 401
        client.cookies.set("congress_console", "cgs_stale")
        client.get(f"{BASE}/console", follow_redirects=False)
        client.cookies.clear()
        _assert_429(client.post(f"{BASE}/rooms", json={}, headers=BAD))
        # No token at all is no guess: still 401, not counted, not refused.
        assert client.post(f"{BASE}/rooms", json={}).status_code == 401


def test_the_window_slides(engine: Engine, database_url: str, tokens: Tokens) -> None:
    # A window long enough for three requests on a busy machine, short enough to wait.
    with _app(engine, database_url, failed_token_limit=2, rate_limit_window_s=2.0) as client:
        for _ in range(2):
            assert client.get(f"{BASE}/solves", headers=BAD).status_code == 401
        _assert_429(client.get(f"{BASE}/solves", headers=BAD))
        time.sleep(2.2)  # the failures leave the window (no timing is measured)
        assert client.get(f"{BASE}/solves", headers=BAD).status_code == 401


# ---------------------------------------------------------------- registrations


def test_a_delegation_token_is_limited_to_n_changes_a_window_replays_excepted(
    engine: Engine,
    database_url: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
) -> None:
    _open_item_4(session_factory)
    first, second = member_states(session_factory, salvador_2010.congress_id, 2)
    organizer = make_tokens(session_factory).auth("organizer")
    with _app(engine, database_url, registration_limit=3) as client:

        def post(token: str, key: str) -> httpx.Response:
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
            response: httpx.Response = client.post(ENTRIES, json=speaker_body(1), headers=headers)
            return response

        created = post(first, "k1")
        assert created.status_code == 201, created.text
        entry = created.json()
        # Two more attempts count, though refused (one statement per delegation).
        assert post(first, "k2").status_code == 409
        assert post(first, "k3").status_code == 409
        _assert_429(post(first, "k4"))
        put = client.put(
            f"{ENTRIES}/{entry['id']}",
            json=speaker_body(2),
            headers={"Authorization": f"Bearer {first}"},
        )
        _assert_429(put)
        # A retry of the answered request is answered, over the limit too.
        replay = post(first, "k1")
        assert replay.status_code == 201
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert replay.json() == entry
        # Per token: another delegation, and the secretariat, are not limited.
        assert post(second, "k1").status_code == 201
        for _ in range(4):
            swap = client.put(f"{ENTRIES}/{entry['id']}", json=speaker_body(3), headers=organizer)
            assert swap.status_code == 200, swap.text


def test_the_opening_burst_is_never_limited(
    engine: Engine,
    database_url: str,
    backend: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
) -> None:
    # Even with the strictest limit, one inscription per delegation plus its retries
    # with the same Idempotency-Key pass: the limit is per token and replays are free.
    _open_item_4(session_factory)
    count = 193 if backend == "postgresql" else 60
    delegation_tokens = member_states(session_factory, salvador_2010.congress_id, count)
    with _app(engine, database_url, registration_limit=1) as client:
        for attempt in range(2):
            for number, token in enumerate(delegation_tokens, start=1):
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "opening"}
                response = client.post(ENTRIES, json=speaker_body(number), headers=headers)
                assert response.status_code == 201, (attempt, number, response.text)
