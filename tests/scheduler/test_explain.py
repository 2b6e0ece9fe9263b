"""Explanations: the smallest set of conflicting rules, in plain words."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import Pin, solve
from scheduler.explain import conflicting_rules
from tests.scheduler.instances import salvador_2010

D = dt.date


def _too_few_days() -> object:
    p = salvador_2010()
    fe = tuple(
        dataclasses.replace(e, date=None, slot=None) if e.kind == "closing" else e
        for e in p.fixed_events
    )
    return dataclasses.replace(p, end_date=D(2010, 4, 16), fixed_events=fe)


def test_too_few_days_names_the_plenary_workload() -> None:
    tt = solve(_too_few_days(), time_limit_s=10)  # type: ignore[arg-type]
    assert tt.status == "INFEASIBLE" and tt.meetings == []
    assert set(tt.conflicting_rules) == {
        "clusters.cluster-3-5",
        "clusters.cluster-6-10",
        "high_level_segment.meetings",
        "grid.plenary",
    }
    text = tt.explanation or ""
    assert "12 meetings of the Plenary" in text and "only 10 slots" in text


def test_the_conflicting_set_is_minimal() -> None:
    p = _too_few_days()
    rules = conflicting_rules(p)  # type: ignore[arg-type]
    assert rules is not None
    # Dropping any one rule makes the rest satisfiable: checked by the
    # shrinking loop; here we check it found no superfluous family.
    assert all(r.family in {"clusters", "high_level_segment", "grid"} for r in rules)


def test_pin_inside_the_segment_window() -> None:
    p = salvador_2010(pins=(Pin("cluster-6-10", D(2010, 4, 17), "afternoon"),))
    tt = solve(p, time_limit_s=10)
    assert tt.status == "INFEASIBLE"
    names = set(tt.conflicting_rules)
    assert "pins.0.cluster-6-10" in names
    assert "high_level_segment.meetings" in names or "high_level_segment.window" in names
    assert "No timetable satisfies these rules together" in (tt.explanation or "")


def test_never_a_bare_infeasible() -> None:
    tt = solve(_too_few_days(), time_limit_s=10)  # type: ignore[arg-type]
    assert tt.explanation is not None and len(tt.explanation) > 80


def test_model_invalid_problem_is_explained() -> None:
    p = salvador_2010(
        units=(
            *salvador_2010().units,
            dataclasses.replace(salvador_2010().units[0], key="x", body="nowhere"),
        )
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "MODEL_INVALID"
    assert "unknown body 'nowhere'" in (tt.explanation or "")


def test_rebuilding_fallback_finds_the_same_conflict() -> None:
    # Large models fall back to testing subsets on rebuilt models; on the
    # small case both ways must agree.
    import time

    from scheduler.explain import _by_rebuilding
    from scheduler.model import build_model

    p = _too_few_days()
    _, mv = build_model(p, explain=True)  # type: ignore[arg-type]
    rules, minimal = _by_rebuilding(p, mv.rules, time.monotonic() + 30)  # type: ignore[arg-type]
    assert minimal and rules is not None
    assert {r.name for r in rules} == {
        "clusters.cluster-3-5",
        "clusters.cluster-6-10",
        "high_level_segment.meetings",
        "grid.plenary",
    }


def test_rule_messages_name_bodies_and_units_and_write_days_as_the_documents_do() -> None:
    p = salvador_2010(pins=(Pin("cluster-6-10", D(2010, 4, 17), "afternoon"),))
    text = solve(p, time_limit_s=10).explanation or ""
    assert "a pin puts the 1st meeting of cluster 6+10 on Saturday, 17 April 2010, afternoon" in (
        text
    )
    assert "cluster-6-10" not in text and "2010-04-17" not in text
    assert "the pin of cluster 6+10" in text or "17 April 2010" in text


def test_the_arithmetic_names_the_days_in_full() -> None:
    text = solve(_too_few_days(), time_limit_s=10).explanation or ""  # type: ignore[arg-type]
    assert "slots from Monday, 12 April 2010 to Friday, 16 April 2010" in text
