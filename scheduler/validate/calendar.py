"""Checks of the calendar (rules/calendar.py): no meeting on a closed day."""

from __future__ import annotations

from scheduler.timetable import Violation
from scheduler.validate.context import Checked
from scheduler.wording import closed_reason, long_date


def meeting_days(c: Checked) -> list[Violation]:
    """No meeting on a weekend day or holiday the congress does not meet on (the
    pre-Congress consultations before the start date are the host's and not checked)."""
    problem = c.problem
    bodies = {b.key: b for b in problem.bodies}
    return [
        Violation(
            "calendar",
            f"{m.key} is on {long_date(m.date)}, a day without meetings "
            f"({closed_reason(problem, m.date)})",
            (m.key,),
        )
        for m in c.meetings
        if m.date in problem.days and not problem.meeting_day(m.date, bodies.get(m.body))
    ]
