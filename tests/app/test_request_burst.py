"""Many requests at once never exhaust threads and database connections together, and
reads never fail because of other requests.

Routes whose session and auth dependencies take a connection in one worker thread and
then need another thread for the route used to lock up on PostgreSQL beyond the pool's
size; the API now admits a bounded number of requests at once (app/core/concurrency.py).

On SQLite, a read used to write its token's last-use time inside its own transaction and
so held the database's write lock for the whole request; the other reads of the burst
queued behind it and the last ones gave up on the lock (503). The last-use time is now
written just before the commit and given up on a lost lock (app/auth/tokens.py), SQLite
runs in WAL mode, and a write waits for the lock within a bound (app/core/database.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import ApiToken, Role
from app.auth.tokens import issue_token
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from benchmarks.speakers_burst_bench import serve

SLUG = "twelfth-congress-salvador-2010"
#: Requests at once per round: well above the requests the API admits at once (32).
REQUESTS = 150
#: Each round with a new token, so that every round races for its first last-use write.
ROUNDS = 6


def _new_organizer_token(session_factory: sessionmaker[Session]) -> str:
    with transaction(session_factory) as session:
        return issue_token(session, role=Role.ORGANIZER, name="secretariat").token


def test_a_burst_of_authenticated_requests_all_succeed(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> None:
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    failures: list[tuple[int, int, str]] = []
    # One client per round, with a connection for each request of the burst: a client
    # shared by more threads than its pool has connections closed sockets under other
    # threads' reads (httpx.ReadError "Bad file descriptor"), a failure of the test's
    # client, not of the server. No connection is kept alive for reuse either: on a loaded
    # machine a kept connection may sit idle past uvicorn's keep-alive timeout and be
    # closed just as the client sends on it ("Connection reset by peer"), a race that
    # browsers hide by retrying and httpx does not.
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=0)
    with serve(app) as base:
        for round_number in range(ROUNDS):
            headers = {"Authorization": f"Bearer {_new_organizer_token(session_factory)}"}
            with httpx.Client(base_url=base, timeout=60, limits=limits) as client:

                def fetch(
                    index: int, client: httpx.Client = client, headers: dict[str, str] = headers
                ) -> httpx.Response:
                    path = f"/congresses/{SLUG}/{'solves' if index % 2 else 'drafts'}"
                    return client.get(path, headers=headers)

                with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
                    answers = list(pool.map(fetch, range(REQUESTS)))
            failures += [
                (round_number, a.status_code, a.text[:200]) for a in answers if a.status_code != 200
            ]
    assert failures == []
    # The last-use time is still kept, once per token.
    with session_factory() as session:
        used = session.scalars(select(ApiToken.last_used_at)).all()
    assert len(used) == ROUNDS and all(moment is not None for moment in used)


def test_sqlite_reads_pass_a_held_write_lock_and_a_write_waits_for_it(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
    backend: str,
) -> None:
    """Another process holds SQLite's write lock for longer than sqlite3's default
    5 s: a read with a token due for its last-use write answers at once, and a write
    waits for the lock and succeeds instead of answering 503."""
    if backend != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    token = _new_organizer_token(session_factory)
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    headers = {"Authorization": f"Bearer {token}"}
    path = make_url(database_url).database
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        holder.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(6)
        holder.execute("COMMIT")

    with serve(app) as base, httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        room = client.get(f"/congresses/{SLUG}/rooms").json()[0]
        thread = threading.Thread(target=hold_the_write_lock)
        thread.start()
        try:
            assert locked.wait(5)
            started = time.monotonic()
            read = client.get(f"/congresses/{SLUG}/drafts")
            read_took = time.monotonic() - started
            current = client.get(f"/congresses/{SLUG}/rooms/{room['id']}")
            write = client.patch(
                f"/congresses/{SLUG}/rooms/{room['id']}",
                json={"capacity": (room["capacity"] or 100) + 1},
                headers={"If-Match": current.headers["ETag"]},
            )
        finally:
            thread.join()
            holder.close()
    assert read.status_code == 200, read.text
    assert read_took < 2, f"the read waited {read_took:.1f} s for the write lock"
    assert write.status_code == 200, write.text
