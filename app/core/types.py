"""Column types shared by the domain models."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Enum

#: Translations of a text into the official languages: {"fr": "...", "es": "..."}.
#: English lives in the main column and is the fallback.
TranslationsJSON = JSON


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its value in a VARCHAR with a CHECK constraint.

    Portable between SQLite and PostgreSQL and cheap to extend in a migration.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
