"""Re-solving after a change moves as few meetings as possible; diff returned."""

from __future__ import annotations

import datetime as dt

from scheduler import Exclusion, Pin, solve, validate
from tests.scheduler.instances import salvador_2010

D = dt.date


def test_resolve_without_change_moves_nothing() -> None:
    p = salvador_2010()
    first = solve(p, time_limit_s=10)
    again = solve(p, time_limit_s=10, previous=first)
    assert again.diff is not None and again.diff.empty
    stab = next(r for r in again.rule_report if r.name == "stability")
    assert stab.penalty == 0


def test_a_new_exclusion_moves_few_meetings_and_reports_them() -> None:
    p = salvador_2010()
    first = solve(p, time_limit_s=10)
    w1 = first.by_key()["workshop-1:1"]
    # The workshop's room becomes unavailable that day.
    changed = salvador_2010(exclusions=(Exclusion(body=w1.body, dates=(w1.date,)),))
    second = solve(changed, time_limit_s=10, previous=first)
    assert second.ok and validate(changed, second) == []
    assert second.diff is not None
    moved = {m.key for m in second.diff.moved}
    assert "workshop-1:1" in moved or any(k.startswith("workshop") for k in moved)
    # Only what must move moves: far fewer than the 30-odd formal meetings.
    assert len(moved) <= 6
    assert not second.diff.added and not second.diff.removed


def test_diff_lists_added_and_removed_meetings() -> None:
    p = salvador_2010()
    first = solve(p, time_limit_s=10)
    fewer = salvador_2010(workshops=p.workshops[:4])
    second = solve(fewer, time_limit_s=10, previous=first)
    assert second.diff is not None
    assert set(second.diff.removed) == {"workshop-5:1", "workshop-5:2"}


def test_pin_with_previous_keeps_the_rest() -> None:
    p = salvador_2010()
    first = solve(p, time_limit_s=10)
    w = first.by_key()["workshop-4:1"]
    target = D(2010, 4, 17) if w.date != D(2010, 4, 17) else D(2010, 4, 16)
    pinned = salvador_2010(pins=(Pin("workshop-4", target, "morning", body=w.body),))
    second = solve(pinned, time_limit_s=10, previous=first)
    assert second.ok
    assert second.diff is not None and len(second.diff.moved) <= 8
