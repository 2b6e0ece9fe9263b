"""Compare the 2010 proposal with the annex of A/CONF.213/1, cell by cell."""

from __future__ import annotations

from scheduler import solve
from tests.scheduler.annex_2010 import compare
from tests.scheduler.instances import salvador_2010


def test_match_with_the_annex(capsys: object) -> None:
    tt = solve(salvador_2010(), time_limit_s=10, seed=0)
    share, diffs = compare(tt)
    print(f"\nAnnex match: {share:.1%} of cells")
    for d in diffs:
        print("  " + d)
    # Everything but the choice among equally good workshop placements.
    assert share >= 0.7
