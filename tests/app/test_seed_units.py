"""Agenda units and workshops in seed files (issue #15): allowed bodies, consecutiveness,
days, tracks, workshop spans and side workshops, loaded into rows and the Problem, and
the combinations refused at load with the field that is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.congresses.repository import find_congress
from app.seeds.errors import SeedError
from app.seeds.loader import LoadOutcome
from app.timetables.problem import build_problem
from tests.support.seeds import SALVADOR_2010, load, salvador_2010_with

CLUSTERS = """  - items: [7, 9]
    meetings: 2
"""
WORKSHOP_5 = """    agenda_item: 5
    documents: [A/CONF.213/16]
"""
RULES = "  agenda_order_within_body: true\n"
ROOMS = """  - name: Committee Room II
    capacity: 800
    interpretation: true
"""


def _problem(session_factory: sessionmaker[Session], slug: str) -> scheduler.Problem:
    with session_factory() as session:
        congress = find_congress(session, slug, full=True)
        assert congress is not None
        return build_problem(session, congress)


GOOD = (
    (
        CLUSTERS,
        """  - items: [7, 9]
    meetings: 2
    bodies: [committee-1, committee-2]
    consecutive: soft
    earliest: 2010-04-13
    latest: 2010-04-16
""",
    ),
    (
        WORKSHOP_5,
        """    agenda_item: 5
    documents: [A/CONF.213/16]
    room: Side Room
    slots: [afternoon]
    span: consecutive_days
""",
    ),
    (
        ROOMS,
        ROOMS
        + """  - name: Side Room
    capacity: 120
""",
    ),
    (
        RULES,
        RULES
        + """  units_consecutive: hard
  tracks:
    - key: debate-then-workshop
      name: the debate on item 4 before workshop 3
      units: [item-4, workshop-3]
      strength: soft
      weight: 30
""",
    ),
)


def test_the_new_fields_reach_the_problem_and_a_reload_changes_nothing(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = salvador_2010_with(tmp_path, *GOOD)
    first = load(session_factory, path)
    assert load(session_factory, path).outcome is LoadOutcome.UNCHANGED
    p = _problem(session_factory, first.slug)
    unit = next(u for u in p.units if u.key == "cluster-7-9")
    assert unit.allowed_bodies == ("committee-1", "committee-2")
    assert (unit.consecutive, unit.earliest, unit.latest) == (
        "soft",
        dt.date(2010, 4, 13),
        dt.date(2010, 4, 16),
    )
    w5 = next(w for w in p.workshops if w.number == 5)
    assert (w5.room, w5.slots, w5.span, w5.start) == (
        "Side Room",
        ("afternoon",),
        "consecutive_days",
        "any",
    )
    assert p.tracks == (
        scheduler.Track(
            "debate-then-workshop",
            ("item-4", "workshop-3"),
            strength="soft",
            weight=30,
            name="the debate on item 4 before workshop 3",
        ),
    )
    tt = scheduler.solve(p, time_limit_s=10, seed=0)
    assert tt.ok and scheduler.validate(p, tt) == []
    side = [m for m in tt.meetings if m.key.startswith("workshop-5:")]
    assert {(m.room, m.body, m.slot) for m in side} == {("Side Room", "", "afternoon")}
    assert {m.body for m in tt.meetings if m.key.endswith(":cluster-7-9:1")} <= {
        "committee-1",
        "committee-2",
    }


def test_units_default_to_the_congress_consecutiveness(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    # Unquoted, as a secretariat officer writes it (YAML 1.1 reads it as false).
    path = salvador_2010_with(tmp_path, (RULES, RULES + "  units_consecutive: off\n"))
    p = _problem(session_factory, load(session_factory, path).slug)
    assert {u.consecutive for u in p.units} == {"off"}


def test_the_2010_seed_keeps_its_units_as_they_were(
    session_factory: sessionmaker[Session],
) -> None:
    p = _problem(session_factory, load(session_factory, SALVADOR_2010).slug)
    assert {u.consecutive for u in p.units} == {"hard"}
    assert all(u.bodies == () and u.earliest is None for u in p.units)
    assert all(w.span is None and w.room is None for w in p.workshops)
    assert p.tracks == ()


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            "  - number: 7\n",
            "  - number: 7\n    latest: 2010-04-15\n",
            "agenda_items[6].latest",
            "agenda item 7 is in cluster 7+9, which is scheduled as one unit; give 'latest' to "
            "the cluster",
        ),
        (
            CLUSTERS,
            CLUSTERS + "    bodies: [committee-1, committee-9]\n",
            "clusters[1].bodies[1]",
            "unknown body 'committee-9'",
        ),
        (
            RULES,
            RULES + "  tracks:\n    - key: t\n      units: [item-4, cluster-3-4]\n",
            "rules.tracks[0].units[1]",
            "unknown unit 'cluster-3-4'",
        ),
        (
            CLUSTERS,
            CLUSTERS + "    earliest: 2010-04-16\n    latest: 2010-04-14\n",
            "clusters[1].latest",
            "2010-04-14 is before the earliest day 2010-04-16",
        ),
        (
            CLUSTERS,
            CLUSTERS + "    earliest: 2010-04-22\n",
            "clusters[1].earliest",
            "2010-04-22 is outside the congress (2010-04-12 to 2010-04-19)",
        ),
        (
            "  - items: [6, 10]\n    meetings: 4\n",
            "  - items: [6, 10]\n    meetings: 4\n    earliest: 2010-04-19\n",
            "clusters[2].meetings",
            "4 meetings do not fit from 2010-04-19 to 2010-04-19: 1 day(s) of 2 meeting slot(s) "
            "hold 2",
        ),
        (
            WORKSHOP_5,
            WORKSHOP_5 + "    room: Plenary Hall\n    body: plenary\n",
            "workshops[4].room",
            "a workshop held in a room is a meeting in that room, of no body",
        ),
        (
            WORKSHOP_5,
            WORKSHOP_5 + "    slots: [evening]\n",
            "workshops[4].slots",
            "only a workshop held in a room (a side workshop) names slots",
        ),
    ],
    ids=[
        "item-in-cluster-with-days",
        "unknown-allowed-body",
        "track-unknown-unit",
        "earliest-after-latest",
        "earliest-outside-dates",
        "days-too-few",
        "room-and-body",
        "slots-without-room",
    ],
)
def test_impossible_rules_are_refused_at_load(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    old: str,
    new: str,
    field: str,
    reason: str,
) -> None:
    bad = salvador_2010_with(tmp_path, (old, new))
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert f"{bad}: " in message
    assert f"{field}: {reason}" in message


def test_a_same_day_workshop_longer_than_a_day_is_refused(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    five = (
        "    short_title: Strategies and Best Practices against Overcrowding in Correctional "
        "Facilities\n    meetings: 2\n"
    )
    bad = salvador_2010_with(
        tmp_path, (five, five.replace("meetings: 2", "meetings: 3\n    span: same_day"))
    )
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    assert (
        "workshops[4].meetings: a workshop kept to one day cannot have 3 meetings: the day has "
        "2 slot(s) for it" in raised.value.describe()
    )
    ok = salvador_2010_with(
        tmp_path,
        (five, five.replace("meetings: 2", "meetings: 3\n    span: consecutive_days")),
    )
    p = _problem(session_factory, load(session_factory, ok).slug)
    assert next(w for w in p.workshops if w.number == 5).span == "consecutive_days"
