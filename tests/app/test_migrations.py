"""Alembic migrations match the models and run both ways on the test's database backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect

from app.core import migrations
from app.models import Base
from tests.support.databases import temporary_database


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_models_and_migrations_are_in_sync(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url)
        migrations.check(url)  # raises when `alembic check` finds a difference


def test_upgrade_downgrade_upgrade_round_trip(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        migrations.upgrade(url)
        assert _tables(url) == set(Base.metadata.tables)
        migrations.downgrade(url, "base")
        assert _tables(url) == set()
        migrations.upgrade(url)
        assert _tables(url) == set(Base.metadata.tables)
        migrations.check(url)
