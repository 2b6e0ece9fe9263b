"""The configuration's invariants, as both the API and the seed loader locate them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.congresses import rules
from app.core.problems import ProblemError


def test_a_cluster_item_in_another_cluster_is_a_conflict_the_others_are_fields() -> None:
    found = rules.cluster(
        [3, 3, 4, 9],
        meetings_of={3: None, 4: 2},
        body_of={3: "plenary", 4: "plenary"},
        cluster_of={4: "4+6"},
    )
    assert [(v.loc, v.status) for v in found] == [
        (("items", 1), 422),  # listed twice
        (("items", 2), 409),  # already in cluster 4+6
        (("items", 2), 422),  # its own meetings
        (("items", 3), 422),  # unknown
    ]


def test_the_api_raises_the_first_violation_under_its_body_path() -> None:
    violations = rules.meeting_slots([])
    assert violations == []
    with pytest.raises(ProblemError) as raised:
        rules.raise_first(
            rules.congress_dates(dt.date(2010, 4, 19), dt.date(2010, 4, 12)), under=()
        )
    assert raised.value.status == 422
    assert raised.value.invalid_params[0].name == "body.end_date"


def test_the_seed_locates_violations_under_its_section() -> None:
    found = rules.located(rules.body("Attic", {"Plenary Hall"}), "bodies", 2)
    assert found == [
        rules.Violation(("bodies", 2, "room"), "unknown room 'Attic'; add it under rooms first")
    ]


def test_a_lookup_finds_each_key_once() -> None:
    calls: list[str] = []

    def find(key: str) -> int | None:
        calls.append(key)
        return len(key) if key != "none" else None

    known = rules.Lookup[str, int](find)
    assert "abc" in known and "none" not in known
    assert known.found("abc") == 3
    assert calls == ["abc", "none"]
