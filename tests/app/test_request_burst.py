"""Many requests at once never exhaust threads and database connections together.

Routes whose session and auth dependencies take a connection in one worker thread and
then need another thread for the route used to lock up on PostgreSQL beyond the pool's
size; the API now admits a bounded number of requests at once (app/core/concurrency.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from benchmarks.speakers_burst_bench import serve

SLUG = "twelfth-congress-salvador-2010"
REQUESTS = 150


def test_a_burst_of_authenticated_requests_all_succeed(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> None:
    with transaction(session_factory) as session:
        token = issue_token(session, role=Role.ORGANIZER, name="secretariat").token
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    headers = {"Authorization": f"Bearer {token}"}
    with serve(app) as base, httpx.Client(base_url=base, headers=headers, timeout=60) as client:

        def fetch(index: int) -> int:
            path = f"/congresses/{SLUG}/solves" if index % 2 else f"/congresses/{SLUG}/drafts"
            return client.get(path).status_code

        with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
            statuses = list(pool.map(fetch, range(REQUESTS)))
    assert statuses == [200] * REQUESTS
