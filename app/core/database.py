"""Engine, sessions and the declarative base shared by every domain's models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Engine, Integer, MetaData, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, so that Alembic migrations are identical on
# SQLite and PostgreSQL and `alembic check` can compare them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def has_surrogate_key(table: Table) -> bool:
    """Whether the table's key is one integer column of its own (no foreign key): the
    ids the database hands out, which are the ones SQLite may hand out twice."""
    keys = list(table.primary_key.columns)
    return (
        len(keys) == 1
        and isinstance(keys[0].type, Integer)
        and not keys[0].foreign_keys
        and keys[0].autoincrement in ("auto", True)
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        # Ids are public (feed URLs, UIDs, the speakers' log): one given out must never
        # be given again. Without AUTOINCREMENT SQLite takes max(id) + 1, so deleting
        # the last row (a withdrawn speaker) hands its id to the next row; PostgreSQL's
        # sequences never go back. Set here, once for every table with such a key, and
        # not per model: create_all and Alembic's autogenerate (which writes it into
        # create_table) both read it from the table. Migration 0015 converted the tables
        # created before.
        table = cls.__dict__.get("__table__")
        if isinstance(table, Table) and has_surrogate_key(table):
            table.dialect_kwargs["sqlite_autoincrement"] = True


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back aware, in UTC, on every database.

    PostgreSQL's timestamptz gives aware times back (in the session's zone), SQLite
    stores the wall-clock digits of whatever it is given and gives them back naive. So
    every moment is converted to UTC on the way in, and read back with its zone: code
    compares and formats what it reads without asking which database it came from.
    A naive time on the way in is taken as UTC, as it was stored before this type
    (congress export files written from SQLite hold such times).
    """

    # The column type of the migrations: DateTime(timezone=True) on both databases.
    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Timestamped:
    """Creation and last-change times, kept in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


#: Requests the API admits at once: below the 40 threads of AnyIO's default pool and
#: below the PostgreSQL connection pool.
REQUESTS_IN_FLIGHT = 32

#: Seconds to wait for a PostgreSQL connection before giving up (libpq connect_timeout).
CONNECT_TIMEOUT_S = 5


#: Seconds a SQLite write waits for the database's write lock (SQLite's busy handler
#: retries it until then) before it fails with "database is locked" (503, Retry-After,
#: app/core/outage.py). sqlite3's default of 5 s gave up under an ordinary burst.
SQLITE_BUSY_TIMEOUT_S = 15.0

#: Connections kept and added on demand: room for every request admitted at once (see
#: app/core/concurrency.py) plus the solver threads, so that no admitted request waits
#: for a connection. The same for both databases.
POOL_SIZE = 10
POOL_OVERFLOW = REQUESTS_IN_FLIGHT + 8 - POOL_SIZE


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead log: readers never wait for the writer nor the writer for readers, so
    # a read is never refused because another request writes (the setting is kept in
    # the file; an in-memory database answers "memory" and stays as it is). NORMAL is
    # durable in WAL mode except for the last commits on a power loss.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_sqlite_lock_error(error: BaseException) -> bool:
    """A SQLite write that did not get the lock within its bound ("database is locked")."""
    if not isinstance(error, OperationalError):
        return False
    message = str(error.orig).lower()
    return "database is locked" in message or "database table is locked" in message


def _is_memory_database(url: str) -> bool:
    return make_url(url).database in (None, "", ":memory:")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        # `timeout` is SQLite's busy timeout: a write that finds the lock taken is
        # retried by SQLite until then, rather than failing at once. pysqlite opens a
        # transaction only at the first write, so a request's earlier reads never hold
        # a snapshot that would have to be upgraded (which no waiting could fix).
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
        if _is_memory_database(url):
            engine = create_engine(url, echo=echo, connect_args=connect_args)
        else:
            engine = create_engine(
                url,
                echo=echo,
                connect_args=connect_args,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                pool_timeout=30,
            )
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=30,
        # While the server is unreachable a request fails in seconds (503, see
        # app/core/outage.py) instead of hanging on the operating system's TCP timeout.
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
