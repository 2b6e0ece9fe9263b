"""Scheduler of United Nations congresses: Problem -> CP-SAT -> Timetable.

Pure Python: imports neither the web framework nor the database layer.

    from scheduler import solve, validate
    timetable = solve(problem, time_limit_s=10, seed=0)
    violations = validate(problem, timetable)

`solve` and `allocate_side_events` load OR-Tools (about a second and a hundred
megabytes) on first use, not on `import scheduler`: the API imports this package for
its data types and validation, and its worker processes must start light.
"""

from typing import TYPE_CHECKING, Any

from scheduler.calendar import Calendar
from scheduler.diff import diff_timetables
from scheduler.problem import (
    DEFAULT_SOURCE,
    AgendaItem,
    AgendaUnit,
    AncillaryMeeting,
    Body,
    DaySlots,
    Duration,
    Exclusion,
    FixedEvent,
    HighLevelSegment,
    Pin,
    Problem,
    Room,
    Rules,
    Slot,
    Track,
    Unavailable,
    Weights,
    Workshop,
)
from scheduler.side_events import SideEventProblem
from scheduler.timetable import Diff, Meeting, MeetingMove, RuleResult, Timetable, Violation
from scheduler.validate import validate

if TYPE_CHECKING:
    from scheduler.side_events import allocate as allocate_side_events
    from scheduler.solve import solve

__all__ = [
    "DEFAULT_SOURCE",
    "AgendaItem",
    "AgendaUnit",
    "AncillaryMeeting",
    "Body",
    "Calendar",
    "DaySlots",
    "Diff",
    "Duration",
    "Exclusion",
    "FixedEvent",
    "HighLevelSegment",
    "Meeting",
    "MeetingMove",
    "Pin",
    "Problem",
    "Room",
    "RuleResult",
    "Rules",
    "SideEventProblem",
    "Slot",
    "Timetable",
    "Track",
    "Unavailable",
    "Violation",
    "Weights",
    "Workshop",
    "allocate_side_events",
    "diff_timetables",
    "solve",
    "validate",
]


def __getattr__(name: str) -> Any:
    """The solvers, imported on first use (PEP 562)."""
    if name == "solve":
        from scheduler.solve import solve

        # Importing the submodule scheduler.solve made it this package's attribute
        # `solve`; the function must take that name again, as an eager import did.
        globals()["solve"] = solve
        return solve
    if name == "allocate_side_events":
        from scheduler.side_events import allocate

        return allocate
    raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
