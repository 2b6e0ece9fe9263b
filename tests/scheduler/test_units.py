"""Agenda units with a choice of bodies, days of their own, tracks across bodies and
split meetings (issue #15)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, Exclusion, Rules, Track, solve, validate
from scheduler.model import build_model
from tests.scheduler.instances import tiny

D = dt.date


def _agenda(tt: object) -> list[object]:
    return [m for m in tt.meetings if m.kind == "agenda"]  # type: ignore[attr-defined]


# ---- a set of allowed bodies ------------------------------------------------------


def test_the_solver_chooses_one_body_for_all_the_units_meetings() -> None:
    unit = AgendaUnit("cluster-3-5", (3, 5), "plenary", 3, bodies=("plenary", "committee"))
    p = tiny(
        2,
        bodies=("plenary", "committee"),
        units=(unit,),
        exclusions=(Exclusion(body="plenary"),),  # the Plenary cannot take it
    )
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    ms = _agenda(tt)
    assert {m.body for m in ms} == {"committee"}  # type: ignore[attr-defined]
    assert [m.key for m in ms] == [f"committee:cluster-3-5:{n}" for n in (1, 2, 3)]  # type: ignore[attr-defined]


def test_a_split_unit_with_a_choice_of_bodies_stays_in_one_body() -> None:
    unit = AgendaUnit(
        "item-4", (4,), "plenary", 3, consecutive="off", bodies=("plenary", "committee")
    )
    busy = AgendaUnit("item-6", (6,), "plenary", 2)
    p = tiny(2, bodies=("plenary", "committee"), units=(unit, busy))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    assert len({m.body for m in _agenda(tt) if 4 in m.agenda_items}) == 1  # type: ignore[attr-defined]


def test_one_block_per_run_of_a_hard_consecutive_unit_with_bodies() -> None:
    unit = AgendaUnit("cluster-3-5", (3, 5), "plenary", 3, bodies=("plenary", "committee"))
    _, mv = build_model(tiny(2, bodies=("plenary", "committee"), units=(unit,)))
    blocks = mv.blocks_of("cluster-3-5")
    assert len(blocks) == 1 and blocks[0].bodies == ("plenary", "committee")


def test_no_allowed_body_is_free_explained_in_words() -> None:
    unit = AgendaUnit("cluster-3-5", (3, 5), "plenary", 3, bodies=("plenary", "committee"))
    p = tiny(
        1,
        bodies=("plenary", "committee"),
        units=(unit,),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "clusters.cluster-3-5" in tt.conflicting_rules
    assert "cluster 3+5 needs 3 consecutive meetings of one body (Plenary or Committee)" in (
        tt.explanation or ""
    )


# ---- earliest and latest day -----------------------------------------------------


def test_a_unit_meets_between_its_earliest_and_latest_day() -> None:
    unit = AgendaUnit("item-4", (4,), "plenary", 2, earliest=D(2021, 3, 2), latest=D(2021, 3, 2))
    p = tiny(3, units=(unit,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    assert {m.date for m in _agenda(tt)} == {D(2021, 3, 2)}  # type: ignore[attr-defined]


def test_too_few_days_for_a_unit_is_explained_with_numbers() -> None:
    unit = AgendaUnit("item-4", (4,), "plenary", 3, earliest=D(2021, 3, 2), latest=D(2021, 3, 2))
    p = tiny(3, units=(unit,))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert set(tt.conflicting_rules) == {"clusters.item-4", "clusters.item-4.days"}
    text = tt.explanation or ""
    assert "item 4 needs 3 consecutive meetings of the Plenary" in text
    assert "item 4 is taken up on Tuesday, 2 March 2021: 2 meeting slots of the Plenary" in text
    assert "Item 4 needs 3 meetings; its 1 day holds 2 meeting slots of one body." in text


def test_the_validator_sees_a_meeting_outside_the_units_days() -> None:
    unit = AgendaUnit("item-4", (4,), "plenary", 1)
    p = tiny(2, units=(unit,))
    tt = solve(p, time_limit_s=5)
    m = _agenda(tt)[0]
    late = dataclasses.replace(p, units=(dataclasses.replace(unit, latest=D(2021, 3, 1)),))
    moved = dataclasses.replace(tt, meetings=[dataclasses.replace(m, date=D(2021, 3, 2))])  # type: ignore[type-var]
    assert any("outside its days" in v.message for v in validate(late, moved))


# ---- tracks ------------------------------------------------------------------------


def test_a_hard_track_orders_units_across_bodies() -> None:
    a = AgendaUnit("item-4", (4,), "committee", 1)
    b = AgendaUnit("item-3", (3,), "plenary", 1)
    track = Track("debate", ("item-4", "item-3"))
    p = tiny(2, bodies=("plenary", "committee"), units=(a, b), tracks=(track,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    at = {m.agenda_items[0]: (m.date, m.slot) for m in _agenda(tt)}  # type: ignore[attr-defined]
    order = [(d, 0 if s == "morning" else 1) for d, s in (at[4], at[3])]
    assert order[0] < order[1]


def test_a_hard_track_that_cannot_hold_is_explained() -> None:
    a = AgendaUnit("item-4", (4,), "committee", 2)
    b = AgendaUnit("item-3", (3,), "plenary", 1)
    track = Track("debate", ("item-4", "item-3"), name="the debate track")
    p = tiny(1, bodies=("plenary", "committee"), units=(a, b), tracks=(track,))
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert "tracks.debate.item-4.item-3" in tt.conflicting_rules
    assert "in the debate track, item 4 ends before item 3 begins" in (tt.explanation or "")


def test_a_soft_track_gives_way_at_its_weight() -> None:
    a = AgendaUnit("item-4", (4,), "committee", 2)
    b = AgendaUnit("item-3", (3,), "plenary", 1)
    track = Track("debate", ("item-4", "item-3"), strength="soft", weight=7)
    p = tiny(1, bodies=("plenary", "committee"), units=(a, b), tracks=(track,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    term = next(r for r in tt.rule_report if r.name == "track_order")
    assert term.penalty == 7


def test_the_validator_sees_a_broken_track() -> None:
    a = AgendaUnit("item-4", (4,), "committee", 1)
    b = AgendaUnit("item-3", (3,), "plenary", 1)
    p = tiny(1, bodies=("plenary", "committee"), units=(a, b))
    tt = solve(p, time_limit_s=5)
    at = {m.agenda_items[0]: m.slot for m in _agenda(tt)}  # type: ignore[attr-defined]
    first, second = ("item-4", "item-3") if at[4] == "afternoon" else ("item-3", "item-4")
    tracked = dataclasses.replace(p, tracks=(Track("t", (first, second)),))
    assert any(v.rule == "tracks" for v in validate(tracked, tt))


# ---- split: consecutive "off" -----------------------------------------------------


def test_off_allows_any_separation_and_keeps_the_numbering_in_order() -> None:
    unit = AgendaUnit("item-4", (4,), "plenary", 2, consecutive="off")
    p = tiny(
        3,
        units=(unit,),
        exclusions=(Exclusion(body="plenary", dates=(D(2021, 3, 2),)),),
        pins=(),
    )
    # Day 2 excluded: with "off" the two meetings may be days apart.
    forced = dataclasses.replace(
        p,
        exclusions=(
            *p.exclusions,
            Exclusion(target="item-4", dates=(D(2021, 3, 1),), slots=("morning",)),
            Exclusion(target="item-4", dates=(D(2021, 3, 3),), slots=("afternoon",)),
        ),
    )
    tt = solve(forced, time_limit_s=5)
    assert tt.ok and validate(forced, tt) == []
    ms = sorted(_agenda(tt), key=lambda m: m.date)  # type: ignore[attr-defined]
    assert [m.key for m in ms] == ["plenary:item-4:1", "plenary:item-4:2"]  # type: ignore[attr-defined]
    assert [(m.date, m.slot) for m in ms] == [  # type: ignore[attr-defined]
        (D(2021, 3, 1), "afternoon"),
        (D(2021, 3, 3), "morning"),
    ]
    hard = dataclasses.replace(forced, units=(dataclasses.replace(unit, consecutive="hard"),))
    assert solve(hard, time_limit_s=5).status == "INFEASIBLE"


def test_agenda_order_binds_a_unit_with_a_choice_in_the_body_it_gets() -> None:
    flexible = AgendaUnit("item-2", (2,), "plenary", 1, bodies=("plenary", "committee"))
    fixed = AgendaUnit("item-1", (1,), "plenary", 1)
    p = tiny(
        1,
        bodies=("plenary", "committee"),
        units=(fixed, flexible),
        exclusions=(Exclusion(body="committee"), Exclusion(target="item-1", slots=("morning",))),
    )
    # item 2 can only go to the Plenary, where it must follow item 1 (afternoon): impossible.
    tt = solve(p, time_limit_s=5)
    assert tt.status == "INFEASIBLE"
    assert any(n.startswith("agenda_order.item-1.item-2") for n in tt.conflicting_rules)
    off = dataclasses.replace(p, rules=Rules(agenda_order="off"))
    assert solve(off, time_limit_s=5).ok


def test_a_track_may_name_a_workshop() -> None:
    from scheduler import Workshop

    a = AgendaUnit("item-3", (3,), "plenary", 1)
    w = Workshop(1, "W1", meetings=1, bodies=("committee",))
    p = tiny(
        1,
        bodies=("plenary", "committee"),
        units=(a,),
        workshops=(w,),
        tracks=(Track("t", ("item-3", "workshop-1")),),
    )
    tt = solve(p, time_limit_s=5)
    assert tt.ok and validate(p, tt) == []
    at = {m.key: m.slot for m in tt.meetings if m.kind in ("agenda", "workshop")}
    assert at == {"plenary:item-3:1": "morning", "workshop-1:1": "afternoon"}
    reverse = dataclasses.replace(p, tracks=(Track("t", ("workshop-1", "item-3")),))
    tt = solve(reverse, time_limit_s=5)
    assert tt.ok and validate(reverse, tt) == []
    at = {m.key: m.slot for m in tt.meetings if m.kind in ("agenda", "workshop")}
    assert at == {"workshop-1:1": "morning", "plenary:item-3:1": "afternoon"}


def test_the_validator_follows_a_unit_moved_to_another_allowed_body() -> None:
    unit = AgendaUnit("item-4", (4,), "plenary", 2, bodies=("plenary", "committee"))
    p = tiny(1, bodies=("plenary", "committee"), units=(unit,))
    tt = solve(p, time_limit_s=5)
    assert tt.ok
    ms = _agenda(tt)
    other = "committee" if ms[0].body == "plenary" else "plenary"  # type: ignore[attr-defined]
    moved = [dataclasses.replace(m, body=other) for m in ms]  # type: ignore[type-var]
    rest = [m for m in tt.meetings if m.kind != "agenda" and m.kind != "informal"]
    assert validate(p, dataclasses.replace(tt, meetings=rest + moved)) == []
    split = [moved[0], ms[1]]
    msgs = [v.message for v in validate(p, dataclasses.replace(tt, meetings=rest + split))]
    assert "item 4: meeting 2 of 2 is missing" in msgs
