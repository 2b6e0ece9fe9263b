"""Fixtures shared by the whole suite.

The suite runs against one database backend per run: SQLite by default, PostgreSQL
with TEST_DATABASE=postgresql (see scripts/test, which runs both). Every run migrates
a fresh database with Alembic, the same path production takes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.core import migrations
from app.core.database import make_engine, make_session_factory
from app.models import Base
from app.seeds.loader import LoadResult
from tests.support.databases import requested_backend, temporary_database
from tests.support.seeds import SALVADOR_2010, load


@pytest.fixture(scope="session")
def backend() -> str:
    return requested_backend()


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(backend, tmp_path_factory.mktemp("db")) as url:
        migrations.upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts from an empty (migrated) database."""
    yield
    if "engine" not in request.fixturenames:
        return
    engine: Engine = request.getfixturevalue("engine")
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture
def salvador_2010(session_factory: sessionmaker[Session]) -> LoadResult:
    return load(session_factory, SALVADOR_2010)
