"""The allocation of side events around the official programme.

The flow: requests (rows) + rooms + windows + the latest published timetable →
`scheduler.side_events.SideEventProblem` (`build_problem`) → CP-SAT (`allocate`) →
placements and reasons written back onto the requests (`run_allocation`). Never
commits: the request dependency or the CLI's transaction does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.rooms.models import Room
from app.side_events import repository
from app.side_events.models import SideEventNeed, SideEventRequest, SideEventState
from app.side_events.requests import clear_placement, public
from app.side_events.schemas import AllocationPublic
from app.side_events.settings import max_per_organization_per_day, window_map, windows
from app.timetables import repository as timetables
from app.timetables.models import TimetableVersion
from scheduler import side_events as alloc


def official_meetings(version: TimetableVersion | None) -> list[alloc.OfficialMeeting]:
    if version is None:
        return []
    return [
        alloc.OfficialMeeting(
            date=m.date,
            start=m.start.time(),
            end=m.end.time(),
            room=m.room,
            agenda_items=tuple(m.agenda_items),
            workshop=m.workshop,
            title=m.title,
        )
        for m in version.meetings
    ]


def _features(room: Room) -> frozenset[str]:
    offered = {
        SideEventNeed.INTERPRETATION.value: room.interpretation,
        SideEventNeed.WEBCAST.value: room.webcast,
        SideEventNeed.ACCESSIBILITY.value: room.accessible,
    }
    return frozenset(k for k, v in offered.items() if v)


def build_problem(
    session: Session, congress: Congress, requests: list[SideEventRequest]
) -> alloc.SideEventProblem:
    """Rows → the scheduler's side event problem (official meetings as fixed occupancy)."""
    days = []
    day = congress.start_date
    while day <= congress.end_date:
        days.append(day)
        day += dt.timedelta(days=1)
    workshop_titles = repository.workshop_titles(session, congress.id)
    rooms = {r.id: r for r in congress.rooms}
    previous = {
        str(r.id): alloc.Placement(r.date, r.window_key, rooms[r.room_id].name)
        for r in requests
        if r.state in (SideEventState.PLACED, SideEventState.CONFIRMED)
        and r.date is not None
        and r.window_key is not None
        and r.room_id in rooms
    }
    return alloc.SideEventProblem(
        days=tuple(days),
        rooms=tuple(alloc.SideEventRoom(r.name, r.capacity, _features(r)) for r in congress.rooms),
        windows=tuple(
            alloc.SideEventWindow(w.key, w.kind.value, w.start, w.end, w.name)
            for w in windows(session, congress)
        ),
        requests=tuple(
            alloc.SideEventRequest(
                key=str(r.id),
                organization=r.delegation.name,
                title=r.title,
                attendance=r.expected_attendance,
                length=r.length.value,
                preferred_dates=tuple(dt.date.fromisoformat(d) for d in r.preferred_dates),
                impossible_dates=tuple(dt.date.fromisoformat(d) for d in r.impossible_dates),
                needs=frozenset(r.needs),
                agenda_item=r.agenda_item,
                workshop=workshop_titles.get(r.workshop) if r.workshop is not None else None,
            )
            for r in requests
        ),
        official=tuple(official_meetings(timetables.latest_published(session, congress.id))),
        max_per_organization_per_day=max_per_organization_per_day(session, congress),
        previous=previous,
        confirmed=frozenset(str(r.id) for r in requests if r.state is SideEventState.CONFIRMED),
    )


def run_allocation(
    session: Session, congress: Congress, *, time_limit_s: float = 10.0, seed: int = 0
) -> AllocationPublic:
    """Place every active request; keep placed events where they are when possible.

    A confirmed event that has to move goes back to "placed" (its organizer must
    confirm the new room and time); one that no longer fits becomes "unplaced".
    """
    active = repository.requests(session, congress.id, states=repository.ACTIVE)
    problem = build_problem(session, congress, active)
    result = alloc.allocate(problem, time_limit_s=time_limit_s, seed=seed)
    rooms = {r.name: r for r in congress.rooms}
    reasons = {u.key: u for u in result.unplaced}
    for record in active:
        key = str(record.id)
        placed = result.placements.get(key)
        if placed is not None:
            moved = (record.date, record.window_key, record.room_id) != (
                placed.date,
                placed.window,
                rooms[placed.room].id,
            )
            if moved:
                if record.date is not None:
                    record.sequence += 1
                record.date = placed.date
                record.window_key = placed.window
                record.room = rooms[placed.room]
                record.state = SideEventState.PLACED
            elif record.state is not SideEventState.CONFIRMED:
                record.state = SideEventState.PLACED
            record.unplaced_code = record.unplaced_reason = None
        else:
            why = reasons[key]
            clear_placement(record)
            record.state = SideEventState.UNPLACED
            record.unplaced_code = why.code
            record.unplaced_reason = why.reason
    session.flush()
    known = window_map(session, congress)
    warnings = []
    if not problem.official:
        warnings.append(
            "No published timetable: the official meetings' rooms and the clashes with "
            "related agenda items were not taken into account."
        )
    return AllocationPublic(
        status=result.status,
        placeable=result.placeable,
        placed=len(result.placements),
        unplaced=len(result.unplaced),
        moved=sorted(int(k) for k in result.moved),
        objective=result.objective,
        best_bound=result.best_bound,
        gap=result.gap,
        wall_time_s=round(result.wall_time_s, 3),
        warnings=warnings,
        requests=[public(session, congress, r, known) for r in active],
    )
