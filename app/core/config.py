"""Settings read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The embedded default: a SQLite file in the working directory.
DEFAULT_DATABASE_URL = "sqlite:///congress.db"


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
    job_runner: Literal["inprocess", "worker"] = Field(
        default="inprocess",
        description="CONGRESS_JOB_RUNNER: inprocess (solver threads inside each API process, "
        "the embedded default) or worker (the API only queues; `congress worker` solves).",
        validation_alias=AliasChoices("job_runner", "CONGRESS_JOB_RUNNER"),
    )
    job_workers: int = Field(
        default=1,
        ge=1,
        le=8,
        description="CONGRESS_JOB_WORKERS: solves run at once per process (CP-SAT is CPU-bound).",
        validation_alias=AliasChoices("job_workers", "CONGRESS_JOB_WORKERS"),
    )
    job_stale_after_s: float = Field(
        default=60.0,
        gt=0,
        description="CONGRESS_JOB_STALE_AFTER_S: a running job whose heartbeat is older than "
        "this is taken for dead (its worker crashed) and re-queued or failed.",
        validation_alias=AliasChoices("job_stale_after_s", "CONGRESS_JOB_STALE_AFTER_S"),
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="CONGRESS_SESSION_SECRET: the key that signs the organizer console's "
        "cookies (give every API process the same). Unset: a random key is generated once "
        "per installation and kept in the database (app/auth/sessions.py).",
        validation_alias=AliasChoices("session_secret", "CONGRESS_SESSION_SECRET"),
    )
    # Rate limits (app/core/rate_limit.py), counted per API process.
    rate_limit_window_s: float = Field(
        default=60.0,
        gt=0,
        description="CONGRESS_RATE_LIMIT_WINDOW_S: the sliding window of both rate limits.",
        validation_alias=AliasChoices("rate_limit_window_s", "CONGRESS_RATE_LIMIT_WINDOW_S"),
    )
    failed_token_limit: int = Field(
        default=20,
        ge=1,
        description="CONGRESS_FAILED_TOKEN_LIMIT: unknown or revoked bearer tokens a client "
        "address may present per window; beyond, its token-bearing requests get 429.",
        validation_alias=AliasChoices("failed_token_limit", "CONGRESS_FAILED_TOKEN_LIMIT"),
    )
    registration_limit: int = Field(
        default=30,
        ge=1,
        description="CONGRESS_REGISTRATION_LIMIT: inscriptions, replacements and withdrawals "
        "on lists of speakers per delegation token per window (replays not counted).",
        validation_alias=AliasChoices("registration_limit", "CONGRESS_REGISTRATION_LIMIT"),
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
