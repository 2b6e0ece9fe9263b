"""Bearer tokens: shown once, stored only as a hash, revocable."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import ApiToken, Role
from app.auth.tokens import find_token, hash_token, issue_token
from app.core.database import transaction, utc_now
from tests.app.test_cli import congress
from tests.support.databases import temporary_database
from tests.support.seeds import SALVADOR_2010


def test_only_the_hash_is_stored(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        issued = issue_token(session, role=Role.ORGANIZER, name="secretariat")
    with session_factory() as session:
        stored = session.scalars(select(ApiToken)).one()
        assert stored.token_hash == hash_token(issued.token)
        assert issued.token not in (stored.token_hash, stored.prefix, stored.name)
        assert issued.token.startswith(stored.prefix)


def test_a_token_is_found_until_it_is_revoked(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        issued = issue_token(session, role=Role.ORGANIZER, name="secretariat")
    with transaction(session_factory) as session:
        found = find_token(session, issued.token)
        assert found is not None and found.last_used_at is not None
        assert find_token(session, issued.token[:-1] + "x") is None
        assert find_token(session, "not-a-token") is None
        found.revoked_at = utc_now()
    with session_factory() as session:
        assert find_token(session, issued.token) is None


def test_cli_creates_tokens_for_organizers_and_delegations(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        assert congress("db", "upgrade", database_url=url).returncode == 0
        assert congress("seed", "load", str(SALVADOR_2010), database_url=url).returncode == 0
        organizer = congress("token", "create", "--role", "organizer", database_url=url)
        assert organizer.returncode == 0, organizer.stderr
        assert organizer.stdout.strip().startswith("cgs_")
        delegation = congress(
            "token",
            "create",
            "--role",
            "delegation",
            "--congress",
            "twelfth-congress-salvador-2010",
            "--delegation",
            "Jamaica",
            database_url=url,
        )
        assert delegation.returncode == 0, delegation.stderr
        unknown = congress(
            "token",
            "create",
            "--role",
            "delegation",
            "--congress",
            "twelfth-congress-salvador-2010",
            "--delegation",
            "Atlantis",
            database_url=url,
        )
        assert unknown.returncode == 1
        assert "--delegation: no delegation 'Atlantis'" in unknown.stderr
