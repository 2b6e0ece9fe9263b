"""A unit of work that commits before the answer and retries transient conflicts.

For the writes that many clients make at once (the opening burst of a list of speakers):
the work runs and commits here, so that an answer is only sent for what is durably
written, and a conflict with a concurrent writer is retried whole rather than answered
with an error. HTTP-free: the routes call it with their session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")

#: SQLite has a single writer: writers that overlap fail with "database is locked"
#: instead of waiting, so this process lets one write transaction in at a time.
#: PostgreSQL needs none of this: its row locks queue the writers.
_sqlite_writer = threading.Lock()

#: SQLSTATEs worth a new attempt: deadlock detected, serialization failure.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 5


@contextmanager
def _one_writer(session: Session) -> Iterator[None]:
    if session.get_bind().dialect.name == "sqlite":
        with _sqlite_writer:
            yield
    else:
        yield


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        # A concurrent request with the same Idempotency-Key won a unique constraint:
        # the next attempt finds its stored response.
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in RETRY_SQLSTATES or "database is locked" in str(error.orig)


def write(session: Session, work: Callable[[], T]) -> T:
    """Run `work` and commit it, retrying it whole after a transient conflict (deadlock,
    serialization failure, SQLite's lock, a lost race on a unique key) up to ATTEMPTS
    times; any other error, or the last attempt's, is raised after a rollback."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with _one_writer(session):
                result = work()
                session.commit()
            return result
        except DBAPIError as error:
            session.rollback()
            if attempt == ATTEMPTS or not _retryable(error):
                raise
    raise AssertionError("unreachable")
