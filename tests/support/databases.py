"""Throw-away databases for tests: a SQLite file, or a fresh PostgreSQL database."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def requested_backend() -> str:
    """sqlite (default) or postgresql, from TEST_DATABASE (or TEST_DATABASE_URL)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url:
        return make_url(url).get_backend_name()
    return os.environ.get("TEST_DATABASE", "sqlite")


def postgres_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url and make_url(url).get_backend_name() == "postgresql":
        return url
    return DEFAULT_POSTGRES_URL


@contextmanager
def temporary_database(backend: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database that is removed afterwards."""
    if backend == "sqlite":
        path = folder / f"congress-{secrets.token_hex(4)}.db"
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        return
    admin_url = make_url(postgres_admin_url())
    name = f"congress_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
