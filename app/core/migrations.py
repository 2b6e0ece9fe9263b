"""Running Alembic from code: the CLI's `db upgrade` and the tests use this."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_ini() -> Path:
    """alembic.ini of the checkout (or CONGRESS_ALEMBIC_INI, or the working directory's)."""
    candidates = [
        os.environ.get("CONGRESS_ALEMBIC_INI"),
        str(Path(__file__).resolve().parents[2] / "alembic.ini"),
        str(Path.cwd() / "alembic.ini"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise FileNotFoundError(
        "alembic.ini not found: run from the project's folder or set CONGRESS_ALEMBIC_INI"
    )


def alembic_config(database_url: str) -> Config:
    config = Config(str(alembic_ini()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def check(database_url: str) -> None:
    """Raise if the models and the migrations disagree (alembic check)."""
    command.check(alembic_config(database_url))
