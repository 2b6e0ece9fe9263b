"""The 2010 seed, read and loaded as `congress seed load` does, and the Problem the app
builds from it: the same Problem as the scheduler tests' transcription
(tests/scheduler/instances.salvador_2010), and the source of README's annex figure."""

from __future__ import annotations

from sqlalchemy.orm import Session

import scheduler
from app.congresses.repository import find_congress
from app.seeds.loader import LoadResult
from app.timetables.problem import build_problem
from tests.scheduler.annex_2010 import compare
from tests.scheduler.instances import salvador_2010 as transcribed_2010


def _problem(session: Session, loaded: LoadResult) -> scheduler.Problem:
    congress = find_congress(session, loaded.slug, full=True)
    assert congress is not None
    return build_problem(session, congress)


def test_the_seed_gives_the_transcribed_problem(
    salvador_2010: LoadResult, session: Session
) -> None:
    # The scheduler tests vary the transcription (no database there); this keeps
    # what they vary the congress the app schedules.
    assert _problem(session, salvador_2010) == transcribed_2010()


def test_match_with_the_annex(salvador_2010: LoadResult, session: Session) -> None:
    """Compare the 2010 proposal with the annex of A/CONF.213/1, cell by cell."""
    tt = scheduler.solve(_problem(session, salvador_2010), time_limit_s=10, seed=0)
    share, diffs = compare(tt)
    print(f"\nAnnex match: {share:.1%} of cells")
    for d in diffs:
        print("  " + d)
    # Everything but the choice among equally good workshop placements.
    assert share >= 0.7
