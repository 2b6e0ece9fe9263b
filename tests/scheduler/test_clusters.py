"""Agenda units: consecutive meetings of one body, in agenda order."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, Exclusion, Rules, solve, validate
from tests.scheduler.instances import tiny


def _t(m: object) -> tuple[dt.date, str]:
    return (m.date, m.slot)  # type: ignore[attr-defined]


def test_cluster_meetings_are_consecutive_across_the_night() -> None:
    # 2 meetings of item 1 pinned away from day 1 morning by an exclusion:
    # cluster 3+5 (3 meetings) can run day 1 pm -> day 2 am -> day 2 pm.
    p = tiny(
        2,
        units=(AgendaUnit("cluster-3-5", (3, 5), "plenary", 3),),
        exclusions=(Exclusion(body="plenary", dates=(dt.date(2021, 3, 1),), slots=("morning",)),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    ms = [m for m in tt.meetings if m.kind == "agenda"]
    assert [m.key for m in ms] == [f"plenary:cluster-3-5:{n}" for n in (1, 2, 3)]
    assert _t(ms[0]) == (dt.date(2021, 3, 1), "afternoon")


def test_a_gap_breaks_consecutiveness_so_hard_rule_fails() -> None:
    p = tiny(
        2,
        units=(AgendaUnit("cluster-3-5", (3, 5), "plenary", 3),),
        exclusions=(Exclusion(body="plenary", dates=(dt.date(2021, 3, 1),), slots=("afternoon",)),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "clusters.cluster-3-5" in tt.conflicting_rules
    assert "exclusions.0" in tt.conflicting_rules


def test_soft_consecutiveness_allows_a_gap_at_a_cost() -> None:
    p = tiny(
        2,
        units=(AgendaUnit("cluster-3-5", (3, 5), "plenary", 3, consecutive="soft"),),
        exclusions=(Exclusion(body="plenary", dates=(dt.date(2021, 3, 1),), slots=("afternoon",)),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    together = next(r for r in tt.rule_report if r.name == "clusters_together")
    assert not together.hard and together.penalty == p.weights.clusters_together


def test_agenda_order_within_a_body() -> None:
    p = tiny(
        2,
        units=(AgendaUnit("item-7", (7,), "plenary", 1), AgendaUnit("item-2", (2,), "plenary", 1)),
    )
    tt = solve(p, time_limit_s=5)
    ms = [m for m in tt.meetings if m.kind == "agenda"]
    assert [m.agenda_items for m in ms] == [(2,), (7,)]


def test_hard_agenda_order_conflicts_with_an_exclusion() -> None:
    p = tiny(
        1,
        units=(AgendaUnit("item-1", (1,), "plenary", 1), AgendaUnit("item-2", (2,), "plenary", 1)),
        exclusions=(Exclusion(target="item-1", slots=("morning",)),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert any(n.startswith("agenda_order") for n in tt.conflicting_rules)
    soft = dataclasses.replace(p, rules=Rules(agenda_order="soft"))
    tt = solve(soft, time_limit_s=5)
    assert tt.ok and validate(soft, tt) == []
    order = next(r for r in tt.rule_report if r.name == "agenda_order")
    assert order.penalty == soft.weights.agenda_order
