"""Check any timetable (solver output or hand-edited) against the rules.

Independent of the CP-SAT model: it reads only the Problem and the meetings,
so it also catches mistakes of the model itself. One module per rule family,
named as in scheduler/rules/, so that a rule and its check sit side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.problem import Problem
from scheduler.timetable import Timetable, Violation
from scheduler.validate import (
    ancillary,
    bodies,
    calendar,
    capacity,
    clusters,
    fixed_events,
    grid,
    high_level_segment,
    informal_consultations,
    max_duration,
    pins,
    slot_kinds,
    workshops,
)
from scheduler.validate.context import Checked

Check = Callable[[Checked], list[Violation]]

#: In the order their violations are reported.
CHECKS: tuple[Check, ...] = (
    grid.meetings_once,
    grid.one_meeting_per_slot,
    clusters.agenda_units,
    clusters.agenda_order,
    clusters.unit_days,
    clusters.tracks,
    workshops.workshop_meetings,
    fixed_events.fixed_events,
    fixed_events.committees,
    fixed_events.event_cells,
    high_level_segment.segment,
    capacity.interpretation_teams,
    grid.one_meeting_per_room,
    capacity.room_seats_body,
    ancillary.ancillary_meetings,
    max_duration.max_duration,
    pins.pins,
    pins.exclusions,
    informal_consultations.informal_consultations,
    slot_kinds.slot_kinds,
    calendar.meeting_days,
    bodies.first_meeting,
    bodies.unavailable,
)


def validate(problem: Problem, timetable: Timetable) -> list[Violation]:
    """Every rule the timetable breaks, in plain words."""
    checked = Checked.of(problem, timetable)
    return [v for check in CHECKS for v in check(checked)]


__all__ = ["validate"]
