"""Rule families: one module per family, one function per rule of the documents.

A rule is data of the congress (read from the `Problem`), never a constant;
each registered instance carries the document it comes from. Each family module
exposes `build(problem, model, vars)`, which applies its rules in a fixed order.

This module is the registry model.py iterates. The order is part of the model:
families that create variables come first (the others constrain those variables),
and the order of constraints and of registered instances makes a solve, and the
conflicting rules an explanation names, the same from one run to the next.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from scheduler.rules import (
    ancillary,
    bodies,
    calendar,
    capacity,
    clusters,
    fixed_events,
    grid,
    high_level_segment,
    max_duration,
    pins,
    preferences,
    slot_kinds,
    stability,
    workshops,
)
from scheduler.vars import ModelVars

Build = Callable[[Problem, cp_model.CpModel, ModelVars], None]

#: Every hard rule (and the preferences that live with their family's variables).
RULES: tuple[Build, ...] = (
    # Families that create variables.
    clusters.build,
    workshops.build,
    high_level_segment.build,
    ancillary.build,
    # Families that constrain them.
    clusters.build_tracks,
    grid.build,
    fixed_events.build,
    workshops.build_rooms,  # after fixed_events: it reads the fixed events' slots
    capacity.build,
    max_duration.build,
    pins.build,
    # The time grid's rules (registered only when a congress uses them).
    slot_kinds.build,
    calendar.build,
    bodies.build,
)

#: The objective's cross-cutting preferences (left out when only feasibility matters).
PREFERENCES: tuple[Build, ...] = (preferences.build, stability.build)
