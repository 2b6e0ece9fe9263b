"""Errors in a seed file, each naming the file, the field and the problem."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """("agenda_items", 3, "number") -> "agenda_items[3].number"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"


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


def first_duplicate(values: Iterable[object]) -> list[int]:
    """Positions of the values already seen earlier in the sequence."""
    seen: set[object] = set()
    duplicates = []
    for index, value in enumerate(values):
        if value in seen:
            duplicates.append(index)
        seen.add(value)
    return duplicates
