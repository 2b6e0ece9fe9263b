"""Solving as a job: 202 and the job's URL, live state, cancel, dead workers, `congress worker`."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.models import Congress
from app.core.config import Settings
from app.core.database import transaction, utc_now
from app.delegations.models import Delegation
from app.jobs import service
from app.jobs.models import JobState, SolveJob
from app.jobs.runner import JobRunner
from app.main import create_app
from app.programme.models import Exclusion
from app.seeds.loader import LoadResult
from app.timetables.models import TimetableVersion
from tests.app.test_cli import congress as congress_cli
from tests.support.databases import temporary_database
from tests.support.seeds import SALVADOR_2010, VIENNA_2007, load

SLUG = "twelfth-congress-salvador-2010"
SOLVES = f"/congresses/{SLUG}/solves"


def make_client(database_url: str, engine: Engine, runner: str) -> TestClient:
    settings = Settings(database_url=database_url, job_runner=runner)
    return TestClient(create_app(settings, engine=engine))


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    """The embedded default: solver threads inside the API process."""
    with make_client(database_url, engine, "inprocess") as client:
        yield client


@pytest.fixture
def queue_only(engine: Engine, database_url: str) -> Iterator[TestClient]:
    """An API process that only queues (CONGRESS_JOB_RUNNER=worker)."""
    with make_client(database_url, engine, "worker") as client:
        yield client


def tokens(session_factory: sessionmaker[Session], congress_id: int) -> dict[str, str]:
    """Bearer headers per role: organizer, delegation, organizer of another congress."""
    other = load(session_factory, VIENNA_2007)
    with transaction(session_factory) as session:
        congress = session.get(Congress, congress_id)
        delegation = session.scalars(
            select(Delegation).where(Delegation.congress_id == congress_id)
        ).first()
        assert congress is not None and delegation is not None
        organizer = issue_token(session, role=Role.ORGANIZER, name="secretariat")
        own = issue_token(session, role=Role.DELEGATION, name="d", delegation=delegation)
        elsewhere = issue_token(
            session,
            role=Role.ORGANIZER,
            name="other secretariat",
            congress=session.get(Congress, other.congress_id),
        )
    return {
        "organizer": organizer.token,
        "delegation": own.token,
        "other-organizer": elsewhere.token,
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def wait_until_finished(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    """Poll the job as a client does; bounded, so a stuck job fails the test."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(url, headers=headers).json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} did not finish: {job}")


def test_a_solve_answers_202_and_the_job_leaves_a_draft(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    response = client.post(SOLVES, json={"time_limit_s": 5, "seed": 3}, headers=headers)
    assert response.status_code == 202
    created = response.json()
    assert response.headers["Location"] == created["url"] == f"{SOLVES}/{created['id']}"
    assert created["state"] in ("queued", "running", "succeeded")
    assert (created["time_limit_s"], created["seed"]) == (5, 3)

    job = wait_until_finished(client, created["url"], headers)
    assert job["state"] == "succeeded", job
    assert job["solver_status"] == "OPTIMAL"
    assert job["progress"]["solutions"] >= 1
    assert job["progress"]["objective"] is not None
    assert job["attempts"] == 1 and job["finished_at"] is not None
    draft = client.get(job["draft"], headers=headers)
    assert draft.status_code == 200
    assert draft.json()["violations"] == [] and len(draft.json()["meetings"]) > 30
    # A draft is not the published timetable.
    assert client.get(f"/congresses/{SLUG}/timetable").status_code == 404
    assert [j["id"] for j in client.get(SOLVES, headers=headers).json()] == [job["id"]]


def test_an_infeasible_solve_fails_with_the_schedulers_explanation(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    with transaction(session_factory) as session:
        session.add(
            Exclusion(
                congress_id=salvador_2010.congress_id,
                body_key="plenary",
                dates=["2010-04-13", "2010-04-14", "2010-04-15", "2010-04-16"],
                slot_keys=[],
                reason="Plenary Hall closed for repairs",
            )
        )
    created = client.post(SOLVES, json={"time_limit_s": 3}, headers=headers).json()
    job = wait_until_finished(client, created["url"], headers)
    assert job["state"] == "failed"
    assert job["solver_status"] == "INFEASIBLE"
    assert "the Plenary may not meet on Tuesday, 13 April 2010; Wednesday" in job["explanation"]
    assert "exclusions.0" in job["conflicting_rules"]
    assert job["draft"] is None


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", ""), ("get", ""), ("get", "/{job}"), ("post", "/{job}/cancel"), ("delete", "/{job}")],
)
def test_only_the_congress_organizers_solve_and_follow_jobs(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    queue_only: TestClient,
    method: str,
    path: str,
) -> None:
    roles = tokens(session_factory, salvador_2010.congress_id)
    with transaction(session_factory) as session:
        congress = session.get(Congress, salvador_2010.congress_id)
        assert congress is not None
        job_id = service.enqueue(session, congress, time_limit_s=2, seed=0).id
    url = SOLVES + path.format(job=job_id)
    anonymous = queue_only.request(method, url)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert queue_only.request(method, url, headers=bearer(roles["delegation"])).status_code == 403
    other = queue_only.request(method, url, headers=bearer(roles["other-organizer"]))
    assert other.status_code == 403
    assert "not for Twelfth" in other.json()["detail"]
    allowed = queue_only.request(method, url, headers=bearer(roles["organizer"]))
    assert allowed.status_code in (200, 202), allowed.json()


def test_bad_parameters_are_named(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], queue_only: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    response = queue_only.post(SOLVES, json={"time_limit_s": 0, "seeds": 1}, headers=headers)
    assert response.status_code == 422
    names = {p["name"] for p in response.json()["invalid-params"]}
    assert names == {"body.time_limit_s", "body.seeds"}
    assert queue_only.get(f"{SOLVES}/999", headers=headers).status_code == 404


def test_a_queued_job_is_cancelled_at_once(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], queue_only: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    created = queue_only.post(SOLVES, headers=headers).json()
    assert created["state"] == "queued"  # no runner in this process
    cancelled = queue_only.delete(created["url"], headers=headers)
    assert cancelled.status_code == 202
    assert cancelled.json()["state"] == "cancelled"
    again = queue_only.post(f"{created['url']}/cancel", headers=headers)
    assert again.status_code == 409
    assert "already finished (cancelled)" in again.json()["detail"]
    # A worker coming later finds nothing to do.
    assert JobRunner(session_factory).run_until_idle() == 0


def test_a_job_has_an_etag_and_polling_an_unchanged_job_is_a_304(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], queue_only: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    created = queue_only.post(SOLVES, headers=headers).json()
    first = queue_only.get(created["url"], headers=headers)
    etag = first.headers["ETag"]
    unchanged = queue_only.get(created["url"], headers={**headers, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == etag
    assert unchanged.content == b""
    assert queue_only.post(f"{created['url']}/cancel", headers=headers).status_code == 202
    # The job changed (cancelled): the old tag no longer matches.
    changed = queue_only.get(created["url"], headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["state"] == "cancelled"
    assert changed.headers["ETag"] != etag


def test_a_running_job_stops_when_its_worker_sees_the_cancel_request(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], queue_only: TestClient
) -> None:
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    created = queue_only.post(SOLVES, json={"time_limit_s": 5}, headers=headers).json()
    runner = JobRunner(session_factory, tick_s=0.05, name="machine-b:42")
    worker = "machine-b:42:0"
    # A worker on another machine has taken the job…
    with transaction(session_factory) as session:
        claimed = service.claim(session, worker)
        assert claimed is not None and claimed.id == created["id"]
    # …when the secretariat cancels it: the job stays running until the worker sees it.
    response = queue_only.post(f"{created['url']}/cancel", headers=headers)
    assert response.status_code == 202
    assert (response.json()["state"], response.json()["cancel_requested"]) == ("running", True)
    with transaction(session_factory) as session:
        seen = service.heartbeat(
            session,
            created["id"],
            worker,
            solutions=0,
            objective=None,
            best_bound=None,
            elapsed_s=0,
        )
    assert seen is True
    runner.run_claimed(created["id"], worker)
    job = queue_only.get(created["url"], headers=headers).json()
    assert job["state"] == "cancelled" and job["draft"] is None
    with session_factory() as session:
        assert session.scalars(select(TimetableVersion)).all() == []


def test_jobs_of_dead_workers_are_queued_again_once_then_failed(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> None:
    long_ago = utc_now() - dt.timedelta(minutes=10)
    with transaction(session_factory) as session:
        congress = session.get(Congress, salvador_2010.congress_id)
        assert congress is not None
        ids = []
        for attempts in (1, 2):
            job = service.enqueue(session, congress, time_limit_s=5, seed=0)
            job.state, job.attempts, job.worker = JobState.RUNNING, attempts, "dead-host:7:0"
            job.started_at = job.heartbeat_at = long_ago
            ids.append(job.id)
        fresh = service.enqueue(session, congress, time_limit_s=5, seed=0)
        fresh.state, fresh.attempts, fresh.worker = JobState.RUNNING, 1, "live-host:8:0"
        fresh.started_at = fresh.heartbeat_at = utc_now()
    # An API process starting up recovers them, then its runner solves the re-queued one.
    headers = bearer(tokens(session_factory, salvador_2010.congress_id)["organizer"])
    with make_client(database_url, engine, "inprocess") as client:
        retried = wait_until_finished(client, f"{SOLVES}/{ids[0]}", headers)
        given_up = client.get(f"{SOLVES}/{ids[1]}", headers=headers).json()
        alive = client.get(f"{SOLVES}/{fresh.id}", headers=headers).json()
    assert retried["state"] == "succeeded" and retried["attempts"] == 2
    assert "dead-host:7:0 stopped answering; the job was queued again" in retried["error"]
    assert given_up["state"] == "failed"
    assert "stopped answering (attempt 2 of 2)" in given_up["error"]
    # A job whose worker still beats is left alone.
    assert alive["state"] == "running" and alive["worker"] == "live-host:8:0"


def test_two_workers_never_take_the_same_job(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], backend: str
) -> None:
    with transaction(session_factory) as session:
        congress = session.get(Congress, salvador_2010.congress_id)
        assert congress is not None
        for _ in range(3):
            service.enqueue(session, congress, time_limit_s=2, seed=0)
    if backend == "postgresql":
        # Both claims in flight at once: SKIP LOCKED hands each worker a different row.
        with session_factory() as first, session_factory() as second:
            a = service.claim(first, "a")
            b = service.claim(second, "b")
            assert a is not None and b is not None and a.id != b.id
            first.commit()
            second.commit()
    else:
        # SQLite has one writer at a time: the claims follow each other.
        with transaction(session_factory) as session:
            a = service.claim(session, "a")
        with transaction(session_factory) as session:
            b = service.claim(session, "b")
        assert a is not None and b is not None and a.id != b.id
    with session_factory() as session:
        states = sorted(j.state.value for j in session.scalars(select(SolveJob)))
    assert states == ["queued", "running", "running"]


def test_congress_worker_solves_what_the_api_queued(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        assert congress_cli("db", "upgrade", database_url=url).returncode == 0
        assert congress_cli("seed", "load", str(SALVADOR_2010), database_url=url).returncode == 0
        token = congress_cli("token", "create", database_url=url).stdout.strip()
        from app.core.database import make_engine

        engine = make_engine(url)
        try:
            with make_client(url, engine, "worker") as api:
                created = api.post(SOLVES, json={"time_limit_s": 5}, headers=bearer(token))
                assert created.status_code == 202
                worker = congress_cli("worker", "--burst", database_url=url)
                assert worker.returncode == 0, worker.stderr
                assert "Solved 1 queued job(s)" in worker.stdout
                job = api.get(created.json()["url"], headers=bearer(token)).json()
        finally:
            engine.dispose()
        assert job["state"] == "succeeded", job
        assert job["draft_id"] is not None
