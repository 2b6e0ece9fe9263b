"""Scheduler of United Nations congresses: Problem -> CP-SAT -> Timetable.

Pure Python: imports neither the web framework nor the database layer.

    from scheduler import solve, validate
    timetable = solve(problem, time_limit_s=10, seed=0)
    violations = validate(problem, timetable)
"""

from scheduler.diff import diff_timetables
from scheduler.problem import (
    AgendaItem,
    AgendaUnit,
    AncillaryMeeting,
    Body,
    Exclusion,
    FixedEvent,
    HighLevelSegment,
    Pin,
    Problem,
    Room,
    Rules,
    Slot,
    Weights,
    Workshop,
)
from scheduler.side_events import SideEventProblem
from scheduler.side_events import allocate as allocate_side_events
from scheduler.solve import solve
from scheduler.timetable import Diff, Meeting, MeetingMove, RuleResult, Timetable, Violation
from scheduler.validate import validate

__all__ = [
    "AgendaItem",
    "AgendaUnit",
    "AncillaryMeeting",
    "Body",
    "Diff",
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
    "Violation",
    "Weights",
    "Workshop",
    "allocate_side_events",
    "diff_timetables",
    "solve",
    "validate",
]
