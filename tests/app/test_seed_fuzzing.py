"""Hypothesis over the seed reader and loader: bad seed files are refused by field, never crash.

Each example is the real 2010 seed, parsed, mutated one to three times (a key dropped,
a value of the wrong type, a number out of range, an unknown reference, a duplicated
entry, odd unicode, a huge string) and written back as YAML. `parse_seed` must either
accept it or raise `SeedError` whose every problem names the field; any other exception
is a bug. Loading a refused file through the real reader and loader writes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.database import transaction
from app.models import Base
from app.seeds.errors import SeedError
from app.seeds.loader import load_seed
from app.seeds.reader import SeedFile, parse_seed
from tests.support.seeds import SALVADOR_2010

BASE: dict[str, Any] = yaml.safe_load(SALVADOR_2010.read_text())

Path = tuple[str | int, ...]


def paths(node: Any, prefix: Path = ()) -> list[Path]:
    """Every key and list position of the document, the root's sections first."""
    found: list[Path] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*prefix, index))
            found += paths(value, (*prefix, index))
    return found


PATHS = paths(BASE)

# Text without surrogates (a YAML file is UTF-8), but with every other oddity:
# controls, right-to-left marks, combining characters, emoji, NUL.
odd_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
wrong_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0, -1, 10**9, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
    st.just("x" * 100_000),  # huge, below the 5 MiB file limit
    st.sampled_from(["no-such-body", "Nowhere Hall", "committee-9", "25:00", "2010-02-30"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.lists(st.integers(min_value=-5, max_value=50), max_size=4),
    st.dictionaries(odd_text, st.integers(), max_size=2),
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, Path, Any]:
    kind = draw(st.sampled_from(["drop", "replace", "duplicate", "reference"]))
    path = draw(st.sampled_from(PATHS))
    return kind, path, draw(wrong_values)


def apply(document: dict[str, Any], kind: str, path: Path, value: Any) -> None:
    parent: Any = document
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed or replaced this branch
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str) and last in parent:
        if kind == "drop":
            del parent[last]
        elif kind == "duplicate" and isinstance(parent[last], list) and parent[last]:
            parent[last].append(copy.deepcopy(parent[last][0]))
        elif kind == "reference" and isinstance(parent[last], str):
            parent[last] = "unknown-" + parent[last][:20]
        else:
            parent[last] = value
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if kind == "drop":
            del parent[last]
        elif kind == "duplicate":
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent[last] = value


def mutated(mutations: list[tuple[str, Path, Any]]) -> bytes:
    document = copy.deepcopy(BASE)
    for kind, path, value in mutations:
        apply(document, kind, path, value)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def parse(raw: bytes) -> SeedFile | SeedError:
    """The reader's answer; any exception other than SeedError fails the test."""
    try:
        return parse_seed(raw, slug="fuzzed-congress", shown="fuzzed-congress.yaml")
    except SeedError as error:
        return error


def check_refusal(error: SeedError, shown: str = "fuzzed-congress.yaml") -> None:
    assert error.problems, error
    for problem in error.problems:
        # Every problem names a field of the file and a reason.
        assert problem.loc, f"no field named: {problem}"
        assert problem.message.strip(), f"no reason given: {problem}"
    assert shown in str(error)


# Regression examples: kinds of damage found while writing this test.
@example([("duplicate", ("agenda_items", 2, "documents", 0), None)])  # was IntegrityError
@example([("replace", ("agenda_items", 3, "meetings"), 2**63)])
@example([("replace", ("congress", "start_date"), None)])
@example([("duplicate", ("agenda_items",), None)])
@example([("replace", ("meeting_slots", 0, "start"), float("nan"))])
@example([("reference", ("bodies", 1, "room"), None)])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_a_mutated_seed_is_accepted_or_refused_by_field(
    mutations: list[tuple[str, Path, Any]],
) -> None:
    answer = parse(mutated(mutations))
    if isinstance(answer, SeedError):
        check_refusal(answer)


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


_slugs = itertools.count()


@example(mutations=[("duplicate", ("agenda_items", 2, "documents", 0), None)])
@example(mutations=[("duplicate", ("officers", "committee_offices", 0), None)])  # was too
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation(), min_size=1, max_size=3))
def test_loading_a_refused_seed_writes_nothing(
    mutations: list[tuple[str, Path, Any]],
    engine: Engine,
    session_factory: sessionmaker[Session],
) -> None:
    raw = mutated(mutations)
    before = row_counts(engine)
    slug = f"fuzzed-congress-{next(_slugs)}"
    try:
        # What `congress seed load` does: read, then load in one transaction.
        seed_file = parse_seed(raw, slug=slug, shown=f"{slug}.yaml")
        with transaction(session_factory) as session:
            load_seed(session, seed_file)
    except SeedError as error:
        check_refusal(error, f"{slug}.yaml")
        assert row_counts(engine) == before
    else:
        assert row_counts(engine)["congresses"] == before["congresses"] + 1
