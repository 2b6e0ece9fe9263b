"""`congress solve`: solve a seed file or a stored congress, print the grid or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.congresses.repository import find_congress
from app.core.config import get_settings
from app.core.database import make_engine, make_session_factory, transaction
from app.core.urls import served_base_url
from app.models import Base
from app.seeds.errors import SeedError
from app.seeds.loader import load_seed
from app.seeds.reader import read_seed_file
from app.timetables import changes, release, repository, solving
from app.timetables.models import TimetableVersion


def run_solve(
    ref: str,
    *,
    time_limit_s: float,
    seed: int,
    as_json: bool,
    publish: bool,
    change_log: str | None,
    out: Console,
    err: Console,
) -> int:
    path = Path(ref)
    from_file = path.suffix in (".yaml", ".yml") or path.is_file()
    if from_file and publish:
        err.print(
            f"{ref}: --publish needs the congress in the database; "
            f"load it first with: congress seed load {ref}"
        )
        return 1
    if from_file:
        try:
            seed_file = read_seed_file(path)
        except SeedError as error:
            err.print(error.describe(), markup=False, highlight=False)
            return 1
        # The same arrow as for a stored congress (rows -> Problem), in a private
        # in-memory database, so the configured database is not touched.
        engine = make_engine("sqlite://")
        Base.metadata.create_all(engine)
        ref = seed_file.slug
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            load_seed(session, seed_file)
    else:
        factory = make_session_factory(make_engine(get_settings().database_url))

    with transaction(factory) as session:
        congress = find_congress(session, ref, full=True)
        if congress is None:
            err.print(
                f"No congress {ref!r} in the database. Give a seed file, or load it first "
                "with: congress seed load seeds/<slug>.yaml"
            )
            return 1
        slug = congress.slug
        timetable, draft = _solve_with_progress(
            session, congress, time_limit_s=time_limit_s, seed=seed, show=not as_json, err=err
        )
        published = None
        current = repository.latest_published(session, congress.id)
        if draft is not None and publish:
            if current is not None and changes.matches(draft, current):
                session.delete(draft)
                draft = None
                err.print(
                    f"The published version {current.number} already matches this proposal; "
                    "nothing new to publish."
                )
            else:
                # The API's and the console's path: revalidated, numbered, SEQUENCE.
                published = release.publish_draft(session, congress, draft.id, change_log)
        if from_file and draft is not None:
            draft = None  # the in-memory database is gone with this command

    if as_json:
        out.print_json(json.dumps(timetable.to_dict()))
    else:
        out.print(timetable.render_grid(), markup=False, highlight=False)
        out.print(_summary(timetable), markup=False, highlight=False)
        if timetable.explanation:
            out.print(timetable.explanation, markup=False, highlight=False)
        for violation in timetable.violations:
            out.print(f"violation ({violation.rule}): {violation.message}", markup=False)
    if published is not None:
        err.print(f"Published version {published.number}: {published.change_log}")
        page = f"{served_base_url(get_settings().public_base_url)}/congresses/{slug}"
        err.print(
            f"Organization of work: {page}/organization-of-work", markup=False, soft_wrap=True
        )
    elif draft is not None:
        err.print(f"Kept as a draft (version id {draft.id}); publish it with --publish.")
    return 0 if timetable.ok else 2


def _solve_with_progress(
    session: Session,
    congress: Congress,
    *,
    time_limit_s: float,
    seed: int,
    show: bool,
    err: Console,
) -> tuple[scheduler.Timetable, TimetableVersion | None]:
    if not show:
        return solving.solve_congress(session, congress, time_limit_s=time_limit_s, seed=seed)
    with err.status(f"Solving {congress.name} …") as status:

        def progress(solutions: int, objective: float, bound: float, elapsed: float) -> None:
            status.update(
                f"Solving: {solutions} solution(s), objective {objective:g}, "
                f"best bound {bound:g}, {elapsed:.1f} s"
            )

        return solving.solve_congress(
            session,
            congress,
            time_limit_s=time_limit_s,
            seed=seed,
            on_progress=progress,
        )


def _summary(timetable: scheduler.Timetable) -> str:
    parts = [f"status {timetable.status}", f"wall time {timetable.wall_time_s:.2f} s"]
    if timetable.objective is not None:
        parts.append(f"objective {timetable.objective:g}")
    if timetable.best_bound is not None:
        parts.append(f"best bound {timetable.best_bound:g}")
    if timetable.gap is not None:
        parts.append(f"gap {timetable.gap:.1%}")
    return ", ".join(parts)
