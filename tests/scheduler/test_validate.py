"""The validator checks any timetable, including hand-edited ones."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import Timetable, solve, validate
from tests.scheduler.instances import salvador_2010

D = dt.date


def _solved() -> tuple[object, Timetable]:
    p = salvador_2010()
    return p, solve(p, time_limit_s=10)


def test_the_solver_output_is_valid() -> None:
    p, tt = _solved()
    assert validate(p, tt) == []  # type: ignore[arg-type]
    assert tt.violations == []


def test_a_deleted_meeting_is_reported() -> None:
    p, tt = _solved()
    edited = dataclasses.replace(
        tt, meetings=[m for m in tt.meetings if m.key != "plenary:cluster-6-10:2"]
    )
    rules = {v.rule for v in validate(p, edited)}  # type: ignore[arg-type]
    assert "clusters" in rules


def test_a_meeting_moved_into_the_segment_is_reported() -> None:
    p, tt = _solved()
    hls = [m for m in tt.meetings if m.kind == "high-level"]
    moved = [
        dataclasses.replace(m, date=hls[0].date, slot=hls[0].slot)
        if m.key == "plenary:cluster-6-10:4"
        else m
        for m in tt.meetings
    ]
    vs = validate(p, dataclasses.replace(tt, meetings=moved))  # type: ignore[arg-type]
    rules = {v.rule for v in vs}
    assert {"grid", "clusters"} <= rules
    assert all(v.message for v in vs)


def test_a_committee_meeting_during_the_closing_is_reported() -> None:
    p, tt = _solved()
    m = next(m for m in tt.meetings if m.body == "committee-1" and m.kind == "agenda")
    edited = [
        dataclasses.replace(x, date=D(2010, 4, 19), slot="afternoon") if x is m else x
        for x in tt.meetings
    ]
    vs = validate(p, dataclasses.replace(tt, meetings=edited))  # type: ignore[arg-type]
    assert any(v.rule == "fixed_events" and "closing" in v.message for v in vs)


def test_too_many_parallel_meetings_are_reported() -> None:
    p, tt = _solved()
    extra = dataclasses.replace(
        next(m for m in tt.meetings if m.kind == "agenda" and m.body == "committee-1"),
        key="extra",
        body="committee-3",
        body_name="Committee III",
        room="Elsewhere",
    )
    vs = validate(p, dataclasses.replace(tt, meetings=[*tt.meetings, extra]))  # type: ignore[arg-type]
    assert any(v.rule == "capacity" for v in vs)


def test_one_empty_slot_is_said_in_the_singular() -> None:
    p, tt = _solved()
    informal = [m for m in tt.meetings if m.kind == "informal" and m.body == "committee-2"]
    assert informal
    edited = [m for m in tt.meetings if m is not informal[0]]
    vs = validate(p, dataclasses.replace(tt, meetings=edited))  # type: ignore[arg-type]
    messages = [v.message for v in vs if v.rule == "informal_consultations"]
    assert messages == ["the Committee II has 1 empty slot without informal consultations"]
