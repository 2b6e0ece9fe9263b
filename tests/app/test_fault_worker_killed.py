"""SIGKILL of a `congress worker` in the middle of a solve: the job is retried or failed.

The congress is generated (ten committees, seventy agenda items, twenty workshops over
two weeks) and loaded through the real seed loader, so that CP-SAT searches for
seconds: long enough to kill the worker while the job is "running" with a live
heartbeat. No draft may come from the killed attempt, and no job stays "running".
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.models import Congress
from app.core.database import transaction
from app.jobs import service
from app.jobs.models import JobState, SolveJob
from app.jobs.runner import JobRunner
from app.timetables.models import TimetableMeeting, TimetableVersion
from tests.support.seeds import SALVADOR_2010, load

COMMITTEES, ITEMS_PER_COMMITTEE, DAYS, WORKSHOPS = 10, 7, 14, 20
#: Long enough to be killed in the middle, short enough for a second worker to finish.
TIME_LIMIT_S = 8.0


def generated_seed(folder: Path) -> Path:
    """The 2010 seed grown into a congress CP-SAT cannot finish in a second."""
    seed: dict[str, Any] = copy.deepcopy(yaml.safe_load(SALVADOR_2010.read_text()))
    start = dt.date(2010, 4, 12)
    end = start + dt.timedelta(days=DAYS - 1)
    seed["congress"].update(name="Generated long congress", start_date=start, end_date=end)
    committees = [f"committee-{i}" for i in range(1, COMMITTEES + 1)]
    seed["rooms"] = [{"name": "Plenary Hall", "capacity": 2500, "interpretation": True}] + [
        {"name": f"Room {key}", "capacity": 800, "interpretation": True} for key in committees
    ]
    seed["bodies"] = [seed["bodies"][0]] + [
        {
            "key": key,
            "name": key.replace("-", " ").title(),
            "kind": "committee",
            "room": f"Room {key}",
            "expected_attendance": 600,
            "meets_after_opening": True,
            "meets_before_closing": True,
        }
        for key in committees
    ]
    items: list[dict[str, Any]] = [
        {"number": 1, "title": "Opening.", "body": "plenary"},
        {"number": 2, "title": "Organizational matters.", "body": "plenary"},
    ]
    for key in committees:
        for _ in range(ITEMS_PER_COMMITTEE):
            number = len(items) + 1
            items.append({"number": number, "title": f"Item {number}.", "body": key, "meetings": 3})
    last = len(items) + 1
    items.append({"number": last, "title": "Adoption of the report.", "body": "plenary"})
    seed["agenda_items"] = items
    seed["clusters"] = []
    seed["workshops"] = [
        {
            "number": w,
            "title": f"Workshop {w}.",
            "short_title": f"Workshop {w}",
            "meetings": 2,
            "agenda_item": 3 + w % (last - 3),
        }
        for w in range(1, WORKSHOPS + 1)
    ]
    seed["high_level_segment"]["speakers_list_opens"] = start - dt.timedelta(days=30)
    seed["fixed_events"] = [
        {
            "kind": "opening",
            "title": "Opening",
            "body": "plenary",
            "agenda_items": [1, 2],
            "date": start,
            "slot": "morning",
        },
        {
            "kind": "closing",
            "title": "Closing",
            "body": "plenary",
            "agenda_items": [last],
            "date": end,
            "slot": "afternoon",
        },
    ]
    seed["rules"]["max_parallel_meetings"] = COMMITTEES
    path = folder / "generated-long-congress.yaml"
    path.write_text(yaml.safe_dump(seed, allow_unicode=True, sort_keys=False))
    return path


def start_worker(database_url: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--threads", "1", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )


def job_row(session_factory: sessionmaker[Session], job_id: int) -> SolveJob:
    with session_factory() as session:
        job = session.get(SolveJob, job_id)
        assert job is not None
        return job


def versions(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    with session_factory() as session:
        return (
            session.scalar(select(func.count()).select_from(TimetableVersion)) or 0,
            session.scalar(select(func.count()).select_from(TimetableMeeting)) or 0,
        )


def kill_mid_solve(session_factory: sessionmaker[Session], database_url: str, job_id: int) -> None:
    """Start a worker, wait until it has been solving for a while, SIGKILL it."""
    worker = start_worker(database_url)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert time.monotonic() < deadline, "the worker never got into the solve"
            assert worker.poll() is None, worker.communicate()
            job = job_row(session_factory, job_id)
            if (
                job.state is JobState.RUNNING
                and job.started_at is not None
                and job.heartbeat_at is not None
                # Beating for two seconds: past claiming and loading, inside CP-SAT.
                and (job.heartbeat_at - job.started_at).total_seconds() >= 2
            ):
                break
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    job = job_row(session_factory, job_id)
    assert job.state is JobState.RUNNING and job.draft_id is None
    assert job.finished_at is None  # it died mid-solve, before its final write


def recover(session_factory: sessionmaker[Session]) -> list[int]:
    """What every worker does at start and every stale_after/2: with a 1 s stale-after."""
    time.sleep(1.5)  # the dead worker's last heartbeat is now older than 1 s
    return JobRunner(session_factory, stale_after_s=1.0).recover()


def queue_long_solve(session_factory: sessionmaker[Session], tmp_path: Path) -> int:
    congress_id = load(session_factory, generated_seed(tmp_path)).congress_id
    with transaction(session_factory) as session:
        congress = session.get(Congress, congress_id)
        assert congress is not None
        return service.enqueue(session, congress, time_limit_s=TIME_LIMIT_S, seed=1).id


def test_a_killed_worker_s_job_is_queued_again_and_a_second_worker_finishes_it(
    session_factory: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    job_id = queue_long_solve(session_factory, tmp_path)
    before = versions(session_factory)

    kill_mid_solve(session_factory, database_url, job_id)
    assert versions(session_factory) == before  # nothing half-written

    assert recover(session_factory) == [job_id]
    job = job_row(session_factory, job_id)
    assert job.state is JobState.QUEUED and job.attempts == 1 and job.worker is None
    assert job.error is not None and "stopped answering" in job.error

    second = start_worker(database_url, "--burst")
    out, err = second.communicate(timeout=180)
    assert second.returncode == 0, err
    assert "Solved 1 queued job(s)" in out
    job = job_row(session_factory, job_id)
    assert job.state is JobState.SUCCEEDED, job.error
    assert job.attempts == 2 and job.draft_id is not None
    # Exactly one draft: the second worker's.
    assert versions(session_factory)[0] == before[0] + 1


def test_a_job_whose_workers_die_twice_is_failed_not_left_running(
    session_factory: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    job_id = queue_long_solve(session_factory, tmp_path)
    before = versions(session_factory)

    kill_mid_solve(session_factory, database_url, job_id)
    assert recover(session_factory) == [job_id]
    kill_mid_solve(session_factory, database_url, job_id)
    assert recover(session_factory) == [job_id]

    job = job_row(session_factory, job_id)
    assert job.state is JobState.FAILED and job.attempts == 2
    assert job.finished_at is not None and job.draft_id is None
    assert job.error is not None and "given up" in job.error
    assert versions(session_factory) == before
    # Nothing is left for a later worker, and recovering again changes nothing.
    assert JobRunner(session_factory, stale_after_s=1.0).recover() == []
