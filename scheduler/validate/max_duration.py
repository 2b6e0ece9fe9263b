"""Checks of the maximum duration (rules/max_duration.py)."""

from __future__ import annotations

from scheduler.timetable import Violation
from scheduler.validate.context import Checked


def max_duration(c: Checked) -> list[Violation]:
    """No meeting after the last day the congress may last to."""
    if c.problem.rules.duration is None:
        return []
    last = c.problem.last_allowed_day()
    return [
        Violation("max_duration", f"{m.key} is after {last}", (m.key,))
        for m in c.meetings
        if m.date > last
    ]
