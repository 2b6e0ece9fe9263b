"""Settings read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The embedded default: a SQLite file in the working directory.
DEFAULT_DATABASE_URL = "sqlite:///congress.db"


def _setting(name: str, default: Any, **field: Any) -> Any:
    """A setting read from `name` or CONGRESS_<NAME>; its description opens with the latter."""
    variable = f"CONGRESS_{name.upper()}"
    field["description"] = f"{variable}: {field['description']}"
    return Field(default, validation_alias=AliasChoices(name, variable), **field)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    public_base_url: str | None = Field(
        default=None,
        description="Base URL of every absolute link (pages, feeds, exports, the CLI's "
        "output), e.g. https://congress.example.org behind a proxy. Unset: what the server "
        "serves (the request's scheme, host and port; for the CLI, the host and port it "
        "serves on). See app/core/urls.py.",
    )
    sql_echo: bool = False
    job_runner: Literal["inprocess", "worker"] = _setting(
        "job_runner",
        "inprocess",
        description="inprocess (solver threads inside each API process, "
        "the embedded default) or worker (the API only queues; `congress worker` solves).",
    )
    job_workers: int = _setting(
        "job_workers",
        1,
        ge=1,
        le=8,
        description="solves run at once per process (CP-SAT is CPU-bound).",
    )
    job_stale_after_s: float = _setting(
        "job_stale_after_s",
        60.0,
        gt=0,
        description="a running job whose heartbeat is older than "
        "this is taken for dead (its worker crashed) and re-queued or failed.",
    )
    session_secret: SecretStr | None = _setting(
        "session_secret",
        None,
        description="the key that signs the organizer console's "
        "cookies (give every API process the same). Unset: a random key is generated once "
        "per installation and kept in the database (app/auth/sessions.py).",
    )
    # Rate limits (app/core/rate_limit.py), counted per API process.
    rate_limit_window_s: float = _setting(
        "rate_limit_window_s",
        60.0,
        gt=0,
        description="the sliding window of both rate limits.",
    )
    failed_token_limit: int = _setting(
        "failed_token_limit",
        20,
        ge=1,
        description="unknown or revoked bearer tokens a client "
        "address may present per window; beyond, its token-bearing requests get 429.",
    )
    registration_limit: int = _setting(
        "registration_limit",
        30,
        ge=1,
        description="inscriptions, replacements and withdrawals "
        "on lists of speakers per delegation token per window (replays not counted).",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
