"""Side event allocation: one test per rule, and the reasons given when a request cannot go."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from scheduler.side_events import (
    NEEDS,
    OfficialMeeting,
    Placement,
    SideEventProblem,
    SideEventRequest,
    SideEventRoom,
    SideEventWindow,
    allocate,
    check,
)

D1 = dt.date(2010, 4, 14)
D2 = dt.date(2010, 4, 15)
LUNCH = SideEventWindow("lunchtime", "lunchtime", dt.time(13, 15), dt.time(14, 45), "Lunchtime")
EVENING = SideEventWindow("evening", "evening", dt.time(18), dt.time(20), "Evening")
MORNING = SideEventWindow("morning", "half_day", dt.time(10), dt.time(13), "Morning")
AFTERNOON = SideEventWindow("afternoon", "half_day", dt.time(15), dt.time(18), "Afternoon")
WINDOWS = (MORNING, LUNCH, AFTERNOON, EVENING)

SMALL = SideEventRoom("Room S", 80, frozenset({"accessibility"}))
MEDIUM = SideEventRoom("Room M", 300, frozenset({"accessibility", "webcast"}))
LARGE = SideEventRoom("Room L", 800, frozenset({"accessibility", "webcast", "interpretation"}))


def request(
    key: str, attendance: int = 50, length: str = "lunchtime", **kw: object
) -> SideEventRequest:
    org = kw.pop("organization", f"org-{key}")
    return SideEventRequest(
        key=key,
        organization=str(org),
        title=f"Event {key}",
        attendance=attendance,
        length=length,
        **kw,  # type: ignore[arg-type]
    )


def problem(*requests: SideEventRequest, **kw: object) -> SideEventProblem:
    base = SideEventProblem(
        days=(D1, D2), rooms=(SMALL, MEDIUM, LARGE), windows=WINDOWS, requests=requests
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def solved(p: SideEventProblem) -> dict[str, Placement]:
    result = allocate(p, time_limit_s=5, workers=1)
    assert result.status == "OPTIMAL"
    assert check(p, result) == []
    return result.placements


def reasons(p: SideEventProblem) -> dict[str, tuple[str, str]]:
    result = allocate(p, time_limit_s=5, workers=1)
    return {u.key: (u.code, u.reason) for u in result.unplaced}


def test_a_request_goes_to_a_room_that_seats_its_attendance() -> None:
    placed = solved(problem(request("a", attendance=250)))
    assert placed["a"].room in {"Room M", "Room L"}
    assert placed["a"].window == "lunchtime"


def test_no_room_large_enough_is_the_reason() -> None:
    assert reasons(problem(request("a", attendance=3000)))["a"] == (
        "capacity",
        "no room seats 3000 (the largest seats 800)",
    )


def test_needs_are_met_by_the_room() -> None:
    placed = solved(problem(request("a", needs=frozenset({"interpretation"}))))
    assert placed["a"].room == "Room L"
    placed = solved(problem(request("b", needs=frozenset({"webcast"}))))
    assert placed["b"].room in {"Room M", "Room L"}


def test_needs_no_room_offers_is_the_reason() -> None:
    p = problem(request("a", attendance=300, needs=frozenset({"interpretation"})))
    p = replace(p, rooms=(SMALL, MEDIUM))
    assert reasons(p)["a"] == ("needs", "no room of 300 seats has interpretation")


def test_at_most_one_side_event_per_room_and_window() -> None:
    p = problem(*(request(k, attendance=200) for k in "abcde"), days=(D1,), rooms=(MEDIUM, LARGE))
    result = allocate(p, time_limit_s=5, workers=1)
    assert check(p, result) == []
    assert len(result.placements) == 2
    assert {u.code for u in result.unplaced} == {"competition"}
    assert result.unplaced[0].reason == (
        "every room of 200 seats free at lunchtime on 14 April is taken by other side events"
    )


def test_overlapping_windows_share_no_room() -> None:
    early_afternoon = SideEventWindow("early", "half_day", dt.time(14), dt.time(17), "Early")
    p = problem(
        request("lunch"),
        request("half", length="half_day"),
        days=(D1,),
        rooms=(SMALL,),
        windows=(LUNCH, early_afternoon),
    )
    result = allocate(p, time_limit_s=5, workers=1)
    assert check(p, result) == []
    assert len(result.placements) == 1


def test_official_meetings_keep_their_rooms() -> None:
    official = (
        OfficialMeeting(D1, dt.time(10), dt.time(13), room="Room L", title="Plenary"),
        OfficialMeeting(D1, dt.time(15), dt.time(18), room="Room L", title="Plenary"),
    )
    p = problem(request("a", attendance=500, length="half_day"), days=(D1,), official=official)
    assert reasons(p)["a"] == (
        "occupied",
        "no room of 500 seats free at half-day on 14 April",
    )
    # The lunchtime between the formal meetings is free.
    p = problem(request("b", attendance=500), days=(D1,), official=official)
    assert solved(p)["b"] == Placement(D1, "lunchtime", "Room L")


def test_occupied_lunchtime_is_named_in_the_reason() -> None:
    official = (OfficialMeeting(D1, dt.time(13), dt.time(15), room="Room L", title="Informal"),)
    p = problem(request("a", attendance=300), days=(D1,), rooms=(LARGE,), official=official)
    assert reasons(p)["a"] == ("occupied", "no room of 300 seats free at lunchtime on 14 April")


def test_no_clash_with_the_official_meetings_on_the_related_item() -> None:
    official = (OfficialMeeting(D1, dt.time(10), dt.time(13), room="Room L", agenda_items=(4,)),)
    p = problem(request("a", length="half_day", agenda_item=4), days=(D1,), official=official)
    assert solved(p)["a"].window == "afternoon"
    only_morning = replace(p, windows=(MORNING,))
    assert reasons(only_morning)["a"] == (
        "clash",
        "every morning window on 14 April clashes with the official meetings on agenda item 4",
    )


def test_no_clash_with_the_related_workshop() -> None:
    official = (
        OfficialMeeting(D1, dt.time(13), dt.time(15), room="Room L", workshop="Crime prevention"),
    )
    p = problem(request("a", workshop="Crime prevention"), official=official)
    assert solved(p)["a"].date == D2


def test_fair_share_per_organization_and_day() -> None:
    p = problem(
        *(request(k, organization="UNODC institutes", length="half_day") for k in "abc"),
        days=(D1,),
        max_per_organization_per_day=2,
    )
    result = allocate(p, time_limit_s=5, workers=1)
    assert check(p, result) == []
    assert len(result.placements) == 2
    (left,) = result.unplaced
    assert left.code == "fair_share"
    assert left.reason == (
        "UNODC institutes already has 2 side event(s) on 14 April "
        "(at most 2 per organization and day)"
    )
    # Another day opens room for the third.
    assert len(solved(replace(p, days=(D1, D2)))) == 3


def test_preferred_dates_are_honoured_when_free() -> None:
    assert solved(problem(request("a", preferred_dates=(D2,))))["a"].date == D2


def test_impossible_dates_are_never_used() -> None:
    assert solved(problem(request("a", impossible_dates=(D1,))))["a"].date == D2
    assert reasons(problem(request("b", impossible_dates=(D1, D2))))["b"] == (
        "dates",
        "every day of the congress is marked impossible",
    )


def test_a_length_without_a_window_is_the_reason() -> None:
    p = replace(problem(request("a", length="evening")), windows=(LUNCH,))
    assert reasons(p)["a"] == ("window", "the congress has no evening window")


def test_reallocation_moves_as_few_side_events_as_possible() -> None:
    # Six lunchtimes (3 rooms x 2 days) for four events: one is free to move to.
    requests = [request(k, attendance=50 + i) for i, k in enumerate("abcd")]
    p = problem(*requests)
    first = allocate(p, time_limit_s=5, workers=1)
    assert len(first.placements) == 4
    # An informal official meeting now takes the lunchtime of one room on one day.
    victim = first.placements["a"]
    official = (OfficialMeeting(victim.date, dt.time(13), dt.time(15), room=victim.room),)
    again = allocate(
        replace(p, official=official, previous=first.placements), time_limit_s=5, workers=1
    )
    assert check(replace(p, official=official), again) == []
    assert again.moved == ("a",)
    assert len(again.placements) == 4
    assert {k: v for k, v in again.placements.items() if k != "a"} == {
        k: v for k, v in first.placements.items() if k != "a"
    }


def test_a_new_request_does_not_move_placed_ones_needlessly() -> None:
    p = problem(*(request(k) for k in "abc"))
    first = allocate(p, time_limit_s=5, workers=1)
    again = allocate(
        replace(p, requests=(*p.requests, request("d")), previous=first.placements),
        time_limit_s=5,
        workers=1,
    )
    assert again.moved == ()
    assert len(again.placements) == 4


@pytest.mark.parametrize("seed", range(5))
def test_random_instances_pass_the_checker(seed: int) -> None:
    rng = random.Random(seed)
    rooms = tuple(
        SideEventRoom(
            f"R{i}",
            rng.choice([40, 80, 150, 300, 600]),
            frozenset(n for n in NEEDS if rng.random() < 0.5),
        )
        for i in range(6)
    )
    days = tuple(D1 + dt.timedelta(days=d) for d in range(3))
    official = tuple(OfficialMeeting(d, dt.time(10), dt.time(13), room="R0") for d in days)
    requests = tuple(
        SideEventRequest(
            key=f"r{i}",
            organization=f"org{rng.randrange(5)}",
            title=f"r{i}",
            attendance=rng.choice([30, 60, 120, 250, 500, 900]),
            length=rng.choice(["lunchtime", "evening", "half_day"]),
            needs=frozenset(n for n in ("webcast", "accessibility") if rng.random() < 0.3),
            impossible_dates=(D1,) if rng.random() < 0.2 else (),
            preferred_dates=(days[rng.randrange(3)],) if rng.random() < 0.5 else (),
        )
        for i in range(40)
    )
    p = SideEventProblem(
        days=days, rooms=rooms, windows=WINDOWS, requests=requests, official=official
    )
    result = allocate(p, time_limit_s=5, workers=1)
    assert result.status == "OPTIMAL"
    assert check(p, result) == []
    assert len(result.placements) + len(result.unplaced) == len(requests)
    assert all(u.reason for u in result.unplaced)
    # Again, against itself: nothing has changed, so nothing moves.
    again = allocate(replace(p, previous=result.placements), time_limit_s=5, workers=1)
    assert check(p, again) == []
    assert again.moved == ()
