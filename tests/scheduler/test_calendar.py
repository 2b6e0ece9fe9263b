"""The venue's calendar: working days, weekends and holidays, and duration rules counted
in calendar or working days."""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler import AgendaUnit, Calendar, Duration, FixedEvent, Rules, solve, validate
from scheduler.timetable import Meeting, Timetable
from tests.scheduler.instances import tiny

D = dt.date
FRIDAY = D(2021, 3, 5)
SATURDAY, SUNDAY, MONDAY = D(2021, 3, 6), D(2021, 3, 7), D(2021, 3, 8)
NO_WEEKENDS = Rules(meetings_on_weekends=False)


def friday_to_monday(units: tuple[AgendaUnit, ...] = (), **changes: object) -> object:
    p = tiny(1, units=units)
    return dataclasses.replace(p, start_date=FRIDAY, end_date=MONDAY, **changes)


def test_working_days_and_spans() -> None:
    vienna = Calendar()
    doha = Calendar(frozenset({5, 6}))
    assert vienna.is_working_day(FRIDAY) and not vienna.is_working_day(SATURDAY)
    assert doha.is_working_day(SUNDAY) and not doha.is_working_day(FRIDAY)
    # The documentation plan's rule: CTOC/COP/WG.2/2007/2, "ten working days" before 3 October.
    assert vienna.working_days_before(D(2007, 10, 3), 10) == D(2007, 9, 19)
    assert vienna.last_day_of(FRIDAY, 2, "working") == MONDAY
    assert vienna.last_day_of(FRIDAY, 2, "calendar") == SATURDAY
    assert vienna.count(FRIDAY, MONDAY, "working") == 2
    with_holiday = Calendar(holidays=frozenset({MONDAY}))
    assert with_holiday.last_day_of(FRIDAY, 2, "working") == D(2021, 3, 9)


def test_the_documentation_plan_uses_the_same_calendar() -> None:
    from app.documentation.service import due_date

    assert due_date(D(2015, 4, 12), 10, frozenset({5, 6}), frozenset()) == Calendar(
        frozenset({5, 6})
    ).working_days_before(D(2015, 4, 12), 10)


def test_meetings_skip_a_closed_weekend_and_stay_consecutive() -> None:
    p = friday_to_monday((AgendaUnit("item-1", (1,), "plenary", 4),), rules=NO_WEEKENDS)
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    days = [m.date for m in tt.meetings]
    assert days == [FRIDAY, FRIDAY, MONDAY, MONDAY]  # no informal consultations at the weekend


def test_meetings_are_held_on_weekends_by_default() -> None:
    p = friday_to_monday((AgendaUnit("item-1", (1,), "plenary", 8),))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []


def test_too_many_meetings_for_the_working_days_are_explained() -> None:
    p = friday_to_monday((AgendaUnit("item-1", (1,), "plenary", 5),), rules=NO_WEEKENDS)
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert tt.explanation is not None
    assert "which has only 4 slots" in tt.explanation
    assert "no meetings on Saturday, 6 March 2021 (weekend)" in tt.explanation


def test_an_opening_on_a_closed_day_names_the_calendar() -> None:
    opening = FixedEvent("opening", "Opening of the Congress", "plenary", SATURDAY, "morning")
    p = friday_to_monday(fixed_events=(opening,), rules=NO_WEEKENDS)
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert {"fixed_events.opening", "calendar.opening"} <= set(tt.conflicting_rules)
    assert tt.explanation and "no meetings are held on Saturday, 6 March 2021 (weekend)" in (
        tt.explanation
    )


def test_official_holidays_close_their_day_when_the_congress_says_so() -> None:
    cal = Calendar(holidays=frozenset({MONDAY}))
    p = friday_to_monday(
        (AgendaUnit("item-1", (1,), "plenary", 6),),
        calendar=cal,
        rules=Rules(meetings_on_holidays=False),
    )
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert MONDAY not in {m.date for m in tt.meetings}
    p = dataclasses.replace(p, units=(AgendaUnit("item-1", (1,), "plenary", 7),))
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert tt.explanation and "Monday, 8 March 2021 (official holiday)" in tt.explanation


def test_a_duration_in_working_days_skips_the_weekend() -> None:
    rules = Rules(max_duration=Duration(2, "working", includes_pre_session=False))
    p = friday_to_monday((AgendaUnit("item-1", (1,), "plenary", 8),), rules=rules)
    assert p.last_allowed_day() == MONDAY
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    calendar_days = Rules(max_duration=Duration(2, "calendar", includes_pre_session=False))
    p = dataclasses.replace(p, rules=calendar_days)
    assert p.last_allowed_day() == SATURDAY
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "max_duration" in tt.conflicting_rules
    assert tt.explanation and "the congress lasts at most 2 days (Friday, 5 March 2021" in (
        tt.explanation
    )


def test_the_former_max_days_field_is_eight_calendar_days_with_the_consultations() -> None:
    old = Rules(max_days_including_consultations=8)
    assert old.duration == Duration(8, "calendar", True)
    pre = FixedEvent(
        "pre_congress_consultations",
        "Pre-Congress consultations",
        "plenary",
        D(2021, 3, 4),
        None,
        dt.time(15),
        dt.time(18),
    )
    p = friday_to_monday(
        rules=Rules(max_duration=Duration(2, "calendar", True)), fixed_events=(pre,)
    )
    assert p.duration_first_day() == D(2021, 3, 4) and p.last_allowed_day() == FRIDAY


def test_the_validator_flags_a_meeting_on_a_closed_day() -> None:
    p = friday_to_monday(rules=NO_WEEKENDS)
    m = Meeting(
        key="plenary:item-1:1",
        date=SATURDAY,
        slot="morning",
        body="plenary",
        body_name="Plenary",
        kind="agenda",
        start=dt.datetime.combine(SATURDAY, dt.time(10)),
        end=dt.datetime.combine(SATURDAY, dt.time(13)),
    )
    violations = validate(p, Timetable(status="FEASIBLE", meetings=[m]))
    assert any(v.rule == "calendar" and "(weekend)" in v.message for v in violations)


def test_a_closing_without_a_date_is_on_the_last_meeting_day() -> None:
    closing = FixedEvent("closing", "Closing of the Congress", "plenary")
    rules = Rules(meetings_on_weekends=False, max_duration=Duration(2, "calendar", False))
    p = friday_to_monday(fixed_events=(closing,), rules=rules)
    assert p.last_allowed_day() == SATURDAY
    assert p.closing_date_slot() == (FRIDAY, "afternoon")
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []


def test_a_body_may_have_its_own_weekend_rule() -> None:
    """The congress does not meet at the weekend, but its Committee does (and its run of
    meetings goes on over Saturday); the Plenary's run skips the weekend."""
    p = friday_to_monday(
        (
            AgendaUnit("item-1", (1,), "plenary", 4),
            AgendaUnit("item-2", (2,), "committee", 8),
        ),
        rules=NO_WEEKENDS,
    )
    p = dataclasses.replace(
        p,
        bodies=(
            p.bodies[0],
            dataclasses.replace(
                p.bodies[0],
                key="committee",
                name="Committee",
                room="Room c",
                meets_on_weekends=True,
            ),
        ),
        rooms=(*p.rooms, dataclasses.replace(p.rooms[0], name="Room c")),
    )
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    plenary = [m.date for m in tt.meetings if m.body == "plenary"]
    assert plenary == [FRIDAY, FRIDAY, MONDAY, MONDAY]
    assert SATURDAY in {m.date for m in tt.meetings if m.body == "committee"}
    # A fixed event of the Plenary on the Saturday conflicts with the Plenary's rule.
    opening = FixedEvent("opening", "Opening of the Congress", "plenary", SATURDAY, "morning")
    tt = solve(dataclasses.replace(p, fixed_events=(opening,)), time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "calendar.opening" in tt.conflicting_rules
    assert tt.explanation and "(weekend) by the Plenary" in tt.explanation


def test_the_segment_s_window_counts_meeting_days() -> None:
    """ "The last two days" of a session that does not meet at the weekend are Friday and
    Monday."""
    from scheduler import HighLevelSegment

    segment = HighLevelSegment("plenary", 4, "end", 2)
    p = friday_to_monday(high_level_segment=segment, rules=NO_WEEKENDS)
    assert p.window_dates(segment) == (FRIDAY, MONDAY)
    tt = solve(p, time_limit_s=5, seed=0)
    assert tt.ok and validate(p, tt) == []
    assert [m.date for m in tt.meetings if m.kind == "high-level"] == [
        FRIDAY,
        FRIDAY,
        MONDAY,
        MONDAY,
    ]
    tight = HighLevelSegment("plenary", 3, "end", 1)
    tt = solve(dataclasses.replace(p, high_level_segment=tight), time_limit_s=5, seed=0)
    assert tt.status == "INFEASIBLE"
    assert "high_level_segment.window" in tt.conflicting_rules
    assert tt.explanation and "within the last 1 meeting day (Monday, 8 March 2021" in (
        tt.explanation
    )
