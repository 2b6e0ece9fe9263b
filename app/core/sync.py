"""Making stored rows match a desired state in place, keeping their ids.

Used by every writer of the configuration (the API's services and the seed loader), so
that an unchanged value is never written (no UPDATE, no new updated_at) and a row kept
by its natural key keeps its id and what refers to it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

M = TypeVar("M")
K = TypeVar("K", bound=Hashable)


def assign_changed(row: object, values: dict[str, Any]) -> None:
    """Set the attributes whose value differs, so that an unchanged row stays clean (no
    UPDATE, no new updated_at)."""
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)


def sync(
    session: Session,
    collection: list[M],
    desired: Iterable[tuple[K, dict[str, Any]]],
    key: Callable[[M], K],
    factory: Callable[[], M],
) -> dict[K, M]:
    """Make `collection` hold exactly the desired rows, matched by key.

    Rows no longer desired are removed and flushed first, so that a re-added natural
    key never meets its old row in a unique constraint.
    """
    wanted = list(desired)
    wanted_keys = {k for k, _ in wanted}
    stale = [obj for obj in collection if key(obj) not in wanted_keys]
    for obj in stale:
        collection.remove(obj)
    if stale:
        session.flush()
    existing = {key(obj): obj for obj in collection}
    result: dict[K, M] = {}
    for k, values in wanted:
        found = existing.get(k)
        if found is None:
            obj = factory()
            collection.append(obj)
        else:
            obj = found
        assign_changed(obj, values)
        result[k] = obj
    return result
