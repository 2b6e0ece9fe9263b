"""Pins and exclusions set by an organizer."""

from __future__ import annotations

import datetime as dt

from scheduler import Exclusion, Pin, solve, validate
from tests.scheduler.instances import salvador_2010

D = dt.date


def test_pin_the_kth_meeting_of_a_cluster() -> None:
    p = salvador_2010(pins=(Pin("cluster-6-10", D(2010, 4, 14), "afternoon", meeting=2),))
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    m = tt.by_key()["plenary:cluster-6-10:2"]
    assert (m.date, m.slot) == (D(2010, 4, 14), "afternoon")
    first = tt.by_key()["plenary:cluster-6-10:1"]
    assert (first.date, first.slot) == (D(2010, 4, 14), "morning")


def test_pin_a_workshop_to_a_body() -> None:
    p = salvador_2010(pins=(Pin("workshop-2", D(2010, 4, 15), "morning", body="committee-2"),))
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    m = tt.by_key()["workshop-2:1"]
    assert (m.date, m.slot, m.body) == (D(2010, 4, 15), "morning", "committee-2")


def test_exclusion_of_slots_for_a_body() -> None:
    p = salvador_2010(exclusions=(Exclusion(body="committee-1", dates=(D(2010, 4, 14),)),))
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    for slot in ("morning", "afternoon"):
        m = tt.find(D(2010, 4, 14), slot, "committee-1")
        assert m is None or m.kind == "informal"


def test_exclusion_of_slots_for_a_unit() -> None:
    p = salvador_2010(
        exclusions=(Exclusion(target="workshop-3", dates=(D(2010, 4, 14), D(2010, 4, 15))),)
    )
    tt = solve(p, time_limit_s=10)
    assert tt.ok and validate(p, tt) == []
    assert tt.by_key()["workshop-3:1"].date not in (D(2010, 4, 14), D(2010, 4, 15))


def test_two_pins_on_one_slot_conflict() -> None:
    p = salvador_2010(
        pins=(
            Pin("cluster-6-10", D(2010, 4, 15), "morning"),
            Pin("workshop-1", D(2010, 4, 15), "morning", body="plenary"),
        )
    )
    tt = solve(p, time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    assert {"pins.0.cluster-6-10", "pins.1.workshop-1"} <= set(tt.conflicting_rules)
