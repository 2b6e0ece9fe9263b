"""Errors in a seed file, each naming the file, the field and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from app.core.problems import field_path

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """("agenda_items", 3, "number") -> "agenda_items[3].number"; "(file)" for the whole."""
    return field_path(loc) or "(file)"


@dataclass(frozen=True)
class SeedProblem:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{format_loc(self.loc)}: {self.message}"


class SeedError(Exception):
    """A seed file that cannot be loaded. Nothing has been written."""

    def __init__(self, path: str, problems: Sequence[SeedProblem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [f"{self.path}: {len(self.problems)} problem(s), nothing was loaded"]
        lines += [f"  {self.path}: {problem}" for problem in self.problems]
        return "\n".join(lines)


def problems_from_validation(error: ValidationError) -> list[SeedProblem]:
    problems = []
    for detail in error.errors(include_url=False):
        # Pydantic puts the tag of a union member into the location; drop
        # those so that the path is the field as written in the file.
        loc = tuple(part for part in detail["loc"] if not _is_internal(part))
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        problems.append(SeedProblem(loc, message))
    return problems


def _is_internal(part: str | int) -> bool:
    return isinstance(part, str) and (
        part.startswith("function-") or part in {"list[int]", "int", "str", "date"}
    )
