"""What every request body and seed file refuses, in one place.

A NUL cannot be stored by PostgreSQL and other control characters are never part of a
title or a name (they would reach calendars, CSV and DOCX); an integer beyond 32 bits
overflows both databases' id and count columns. Both used to answer 500. Every input
model derives from `InputModel`, so a new schema cannot forget the check, and an Update
schema is derived from its Create with `optional_fields_of`, so the two cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

#: C0 controls except tab, line feed and carriage return (a line break may be written
#: CRLF), DEL and the C1 controls.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The largest id or count either database stores (a signed 32-bit integer).
INT32_MAX = 2**31 - 1
CONTROL_REASON = "text may hold tabs and line breaks but no other control character"


def control_character_in(text: str) -> str | None:
    """'contains the control character U+0000; …' when `text` holds one, else None."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    return f"contains the control character U+{ord(found.group()):04X}; {CONTROL_REASON}"


def _input_problem(value: Any, where: str = "") -> str | None:
    """Why a raw input value (text, number, list, mapping) cannot be stored, if it cannot."""
    if isinstance(value, str):
        problem = control_character_in(value)
        return f"{where}{problem}" if problem else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if -INT32_MAX - 1 <= value <= INT32_MAX:
            return None
        return f"{where}{value} is out of range: numbers are at most {INT32_MAX}"
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            problem = _input_problem(item, f"{where}item {index}: ")
            if problem:
                return problem
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _input_problem(key, f"{where}key {key!r}: ") or _input_problem(
                item, f"{where}{key!s}: "
            )
            if problem:
                return problem
    return None


class InputModel(BaseModel):
    """Base of every request body: unknown fields are errors (a typo, or a field meant for
    another caller such as `delegation`, must not be dropped silently), and no text holds a
    control character and no number leaves 32 bits, at any depth."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        problem = _input_problem(value)
        if problem:
            raise PydanticCustomError("unstorable_input", problem)
        return value


M = TypeVar("M", bound=BaseModel)


def _optional(info: FieldInfo) -> tuple[Any, Any]:
    # Optional[Annotated[T, *constraints]]: the constraints and validators apply to a
    # given value, and null means "not given" as before.
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return annotation | None, Field(
        default=None,
        alias=info.alias,
        description=info.description,
        examples=info.examples,
    )


def optional_fields_of(
    create: type[BaseModel], *, exclude: Collection[str] = ()
) -> Callable[[type[M]], type[M]]:
    """Class decorator: the decorated Update schema gets every field of `create` (but
    `exclude`, such as a key that never changes), optional and with the same constraints.

    Fields declared in the decorated class itself win, so that a route can type one it
    reads (`CongressUpdate.rules`). The class keeps its name, docstring and examples.
    """

    def derive(update: type[M]) -> type[M]:
        fields = {
            name: _optional(info)
            for name, info in create.model_fields.items()
            if name not in exclude and name not in update.model_fields
        }
        derived: type[M] = create_model(  # type: ignore[call-overload]
            update.__name__,
            __base__=update,
            __module__=update.__module__,
            __doc__=update.__doc__,
            **fields,
        )
        derived.__qualname__ = update.__qualname__
        return derived

    return derive
