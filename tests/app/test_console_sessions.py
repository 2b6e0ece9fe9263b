"""The console's sign-in keeps no token in the browser, and secrets stay out of caches
and logs.

The cookie carries a signed random session id (the database only its hash); sign-in and
sign-out carry CSRF values; signing out ends the session on the server; answers that
carry a secret are sent with Cache-Control: no-store; private feed URLs are masked in
uvicorn's access log.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import ApiToken, ConsoleSession, InstallSecret
from app.core.config import Settings
from app.core.database import transaction, utc_now
from app.main import create_app
from tests.support.api import BASE, Tokens, make_tokens

CONSOLE = f"{BASE}/console"


def _app(engine: Engine, database_url: str, **settings: str) -> TestClient:
    values = {"database_url": database_url, "job_runner": "worker", **settings}
    return TestClient(
        create_app(Settings.model_validate(values), engine=engine), follow_redirects=False
    )


@pytest.fixture
def tokens(salvador_2010: object, session_factory: sessionmaker[Session]) -> Tokens:
    return make_tokens(session_factory)


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with _app(engine, database_url) as client:
        yield client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "the form carries a CSRF value"
    return found.group(1)


def _sign_in(client: TestClient, token: str) -> httpx.Response:
    form = client.get(f"{CONSOLE}/login")
    assert form.headers["cache-control"] == "no-store"
    response: httpx.Response = client.post(
        f"{CONSOLE}/login", data={"token": token, "csrf": _csrf(form.text)}
    )
    return response


def test_the_cookie_holds_a_signed_session_id_not_the_token(
    client: TestClient, tokens: Tokens, session_factory: sessionmaker[Session]
) -> None:
    signed_in = _sign_in(client, tokens.organizer)
    assert signed_in.status_code == 303
    assert signed_in.headers["cache-control"] == "no-store"
    cookie = client.cookies["congress_console"]
    assert tokens.organizer not in cookie and "cgs_" not in cookie
    session_id, _, signature = cookie.rpartition(".")
    assert len(signature) == 64
    with transaction(session_factory) as session:
        stored = session.scalars(select(ConsoleSession)).one()
        # Only the id's hash is stored; neither the id nor the token.
        assert stored.id_hash != session_id and session_id not in stored.id_hash
    dashboard = client.get(CONSOLE)
    assert dashboard.status_code == 200
    assert dashboard.headers["cache-control"] == "no-store"
    # An altered signature, or an id of one's own, is no session.
    client.cookies.set("congress_console", f"{session_id}.{'0' * 64}")
    assert client.get(CONSOLE).status_code == 303


def test_the_cookie_is_secure_over_https(engine: Engine, database_url: str, tokens: Tokens) -> None:
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = _sign_in(client, tokens.organizer)
        assert response.status_code == 303
        cookie = response.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_sign_in_needs_the_forms_csrf_value(
    client: TestClient, tokens: Tokens, session_factory: sessionmaker[Session]
) -> None:
    client.get(f"{CONSOLE}/login")
    # Posted from another site: no CSRF value, or one of another browser.
    assert client.post(f"{CONSOLE}/login", data={"token": tokens.organizer}).status_code == 403
    forged = client.post(f"{CONSOLE}/login", data={"token": tokens.organizer, "csrf": "0" * 64})
    assert forged.status_code == 403
    with transaction(session_factory) as session:
        assert session.scalars(select(ConsoleSession)).first() is None


def test_sign_out_needs_csrf_and_ends_the_session_on_the_server(
    client: TestClient, tokens: Tokens, session_factory: sessionmaker[Session]
) -> None:
    assert _sign_in(client, tokens.organizer).status_code == 303
    cookie = client.cookies["congress_console"]
    csrf = _csrf(client.get(CONSOLE).text)
    assert client.post(f"{CONSOLE}/logout").status_code == 403
    assert client.get(CONSOLE).status_code == 200  # still signed in
    assert client.post(f"{CONSOLE}/logout", data={"csrf": csrf}).status_code == 303
    with transaction(session_factory) as session:
        assert session.scalars(select(ConsoleSession)).first() is None
    # A copy of the old cookie opens nothing any more.
    client.cookies.set("congress_console", cookie)
    assert client.get(CONSOLE).status_code == 303


def test_revoking_the_token_or_expiry_ends_the_session(
    client: TestClient, tokens: Tokens, session_factory: sessionmaker[Session]
) -> None:
    assert _sign_in(client, tokens.organizer).status_code == 303
    with transaction(session_factory) as session:
        session.execute(update(ConsoleSession).values(expires_at=utc_now()))
    assert client.get(CONSOLE).status_code == 303
    assert _sign_in(client, tokens.organizer).status_code == 303
    assert client.get(CONSOLE).status_code == 200
    with transaction(session_factory) as session:  # the expired one was cleared
        assert len(session.scalars(select(ConsoleSession)).all()) == 1
    with transaction(session_factory) as session:
        session.execute(update(ApiToken).values(revoked_at=utc_now()))
    assert client.get(CONSOLE).status_code == 303


def test_the_signing_key_is_per_install_and_shared_by_its_processes(
    engine: Engine, database_url: str, tokens: Tokens, session_factory: sessionmaker[Session]
) -> None:
    with _app(engine, database_url) as first, _app(engine, database_url) as second:
        assert _sign_in(first, tokens.organizer).status_code == 303
        # Another API process of the same installation accepts the cookie.
        second.cookies.set("congress_console", first.cookies["congress_console"])
        assert second.get(CONSOLE).status_code == 200
    with transaction(session_factory) as session:
        generated = session.get_one(InstallSecret, "console-session-key").value
        assert len(generated) >= 64
    # Set explicitly, the setting signs instead: the generated key's cookies are refused.
    with _app(engine, database_url, session_secret="s" * 40) as configured:
        assert _sign_in(configured, tokens.organizer).status_code == 303
        assert configured.get(CONSOLE).status_code == 200
        with _app(engine, database_url) as other:
            other.cookies.set("congress_console", configured.cookies["congress_console"])
            assert other.get(CONSOLE).status_code == 303


def test_a_private_feed_url_is_sent_no_store(client: TestClient, tokens: Tokens) -> None:
    issued = client.post(f"{BASE}/feeds/delegation-feed", headers=tokens.auth("delegation"))
    assert issued.status_code == 201, issued.text
    assert issued.headers["cache-control"] == "no-store"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_private_feed_tokens_are_masked_in_the_access_log(
    engine: Engine, database_url: str, tokens: Tokens, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    port = _free_port()
    # log_config=None: uvicorn's records reach the root logger, where caplog listens.
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_config=None, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        # A shared, loaded machine: the first request may wait for a connection.
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        with http, caplog.at_level(logging.INFO, logger="uvicorn.access"):
            issued = http.post(f"{BASE}/feeds/delegation-feed", headers=tokens.auth("delegation"))
            assert issued.status_code == 201, issued.text
            url = issued.json()["url"]
            secret = url.rsplit("/", 1)[1].removesuffix(".ics")
            http.get(f"{BASE}/feeds/delegations/{secret}.ics")
            http.get(f"{BASE}/feeds/delegations/{secret}.ics?lang=fr")
            time.sleep(0.2)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    access = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("/feeds/delegations/cgf_***" in line for line in access), access
    assert not any(secret in line or secret[4:] in line for line in access), access
