"""Settings read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The embedded default: a SQLite file in the working directory.
DEFAULT_DATABASE_URL = "sqlite:///congress.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL printed by the CLI and used in links of pages and feeds.",
    )
    sql_echo: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
