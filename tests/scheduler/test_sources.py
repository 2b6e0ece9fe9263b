"""Sources are data: every rule cites what the congress says of it, or a neutral default;
the scheduler itself cites no particular congress."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import scheduler
from scheduler import DEFAULT_SOURCE, solve
from tests.scheduler.instances import vienna_2007

D = dt.date
SCHEDULER = Path(scheduler.__file__).parent


def _closing_outside(**changes: object) -> scheduler.Problem:
    p = vienna_2007()
    fe = tuple(
        dataclasses.replace(e, date=D(2007, 10, 9), **changes) if e.kind == "closing" else e
        for e in p.fixed_events
    )
    return dataclasses.replace(p, fixed_events=fe)


def test_a_problem_without_sources_explains_with_the_neutral_default() -> None:
    tt = solve(_closing_outside(), time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert f"({DEFAULT_SOURCE})" in (tt.explanation or "")
    assert DEFAULT_SOURCE == "rule of this congress"


def test_the_congress_cites_a_family_a_rule_or_one_instance() -> None:
    family = dataclasses.replace(
        _closing_outside(), sources={"fixed_events": "CTOC/COP/WG.2/2007/2"}
    )
    assert "(CTOC/COP/WG.2/2007/2)" in (solve(family, time_limit_s=5).explanation or "")
    # The longest prefix of the rule's name wins over the family.
    named = dataclasses.replace(
        family, sources={**family.sources, "fixed_events.closing": "the Bureau's decision"}
    )
    assert "(the Bureau's decision)" in (solve(named, time_limit_s=5).explanation or "")
    # The event's own source wins over both.
    own = dataclasses.replace(_closing_outside(source="cover page"), sources=named.sources)
    assert "(cover page)" in (solve(own, time_limit_s=5).explanation or "")


def test_the_rule_report_cites_the_congress() -> None:
    p = dataclasses.replace(vienna_2007(), sources={"grid": "the annex"})
    report = {r.name: r.source for r in solve(p, time_limit_s=5).rule_report}
    assert report["grid"] == "the annex"
    assert report["fixed_events"] == DEFAULT_SOURCE or report["fixed_events"]


def _output_strings(path: Path) -> list[str]:
    """String constants of a module that are not docstrings (module, class, function,
    or the attribute docstrings after a field): the texts the code can output."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for statement in body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    documented.add(id(statement.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documented
    ]


def test_the_scheduler_cites_no_particular_congress() -> None:
    found = [
        (path.name, text)
        for path in sorted(SCHEDULER.rglob("*.py"))
        for text in _output_strings(path)
        if "A/CONF" in text or "GA res" in text
    ]
    assert found == []
