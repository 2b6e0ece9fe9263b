"""Reading a seed file into a validated `Seed`, or a `SeedError` naming what is wrong."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.seeds.errors import SeedError, SeedProblem, problems_from_validation
from app.seeds.references import check_references
from app.seeds.schema import Seed

SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{0,119}$")
MAX_SEED_BYTES = 5 * 1024 * 1024


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
        data = yaml.safe_load(raw.decode("utf-8"))
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
    try:
        seed = Seed.model_validate(data)
    except ValidationError as error:
        raise SeedError(shown, problems_from_validation(error)) from None
    problems = check_references(seed)
    if problems:
        raise SeedError(shown, problems)
    return SeedFile(slug=slug, seed=seed, content_hash=hashlib.sha256(raw).hexdigest())
