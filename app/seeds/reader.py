"""Reading a seed file into a validated `Seed`, or a `SeedError` naming what is wrong."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.core.inputs import control_character_in
from app.seeds.errors import Loc, SeedError, SeedProblem, problems_from_validation
from app.seeds.references import check_references
from app.seeds.schema import Seed

SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{0,119}$")
MAX_SEED_BYTES = 5 * 1024 * 1024
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _SeedYamlLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice in one mapping (the last one would win
    silently) and leaves dates as text, so that the schema reports an impossible date at
    its own field instead of the YAML library raising on it."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class-level table)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = first_lines.setdefault(key, key_node.start_mark.line)
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if first != key_node.start_mark.line:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first written at line {first + 1})",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def _control_characters(data: object, loc: Loc = ()) -> list[SeedProblem]:
    """Every text of the file (keys included) that holds a control character."""
    if isinstance(data, str):
        problem = control_character_in(data)
        return [] if problem is None else [SeedProblem(loc, problem)]
    problems: list[SeedProblem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            problems += _control_characters(key, loc)
            problems += _control_characters(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            problems += _control_characters(value, (*loc, index))
    return problems


@dataclass(frozen=True)
class SeedFile:
    slug: str
    seed: Seed
    #: SHA-256 of the file's bytes: reloading an unchanged file is a no-op.
    content_hash: str


def slug_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def read_seed_file(path: str | Path) -> SeedFile:
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SeedError(
            shown, [SeedProblem((), f"cannot read the file: {error.strerror}")]
        ) from None
    slug = slug_of(path)
    if not SLUG.match(slug):
        raise SeedError(
            shown,
            [
                SeedProblem(
                    (),
                    f"the file name gives the congress's slug {slug!r}; use lower-case letters, "
                    "digits and hyphens (e.g. twelfth-congress-salvador-2010.yaml)",
                )
            ],
        )
    return parse_seed(raw, slug=slug, shown=shown)


def parse_seed(raw: bytes, *, slug: str, shown: str) -> SeedFile:
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(shown, [SeedProblem((), "the file is larger than 5 MiB")])
    try:
        # (_SeedYamlLoader is a SafeLoader: no arbitrary objects.)
        data = yaml.load(raw.decode("utf-8"), Loader=_SeedYamlLoader)
    except UnicodeDecodeError as error:
        raise SeedError(shown, [SeedProblem((), f"not UTF-8 text (byte {error.start})")]) from None
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(error, "problem", None) or str(error)
        raise SeedError(shown, [SeedProblem((), f"malformed YAML{where}: {problem}")]) from None
    if not isinstance(data, dict):
        raise SeedError(
            shown,
            [SeedProblem((), "expected a mapping with 'congress', 'bodies', 'agenda_items', …")],
        )
    problems = _control_characters(data)
    if problems:
        raise SeedError(shown, problems)
    try:
        seed = Seed.model_validate(data)
    except ValidationError as error:
        raise SeedError(shown, problems_from_validation(error)) from None
    problems = check_references(seed)
    if problems:
        raise SeedError(shown, problems)
    return SeedFile(slug=slug, seed=seed, content_hash=hashlib.sha256(raw).hexdigest())
