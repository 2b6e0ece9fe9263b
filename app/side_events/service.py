"""Side events: requests, their allocation around the official programme, the outcome.

The flow: requests (rows) + rooms + windows + the latest published timetable →
`scheduler.side_events.SideEventProblem` (`build_problem`) → CP-SAT (`allocate`) →
placements and reasons written back onto the requests (`run_allocation`). Never
commits: the request dependency or the CLI's transaction does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.auth.deps import LIMITED_TO_ANOTHER_CONGRESS, Principal, ensure_organizer_of
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.delegations.models import Delegation
from app.rooms.models import Room
from app.side_events import repository
from app.side_events.models import (
    SideEventLength,
    SideEventNeed,
    SideEventRequest,
    SideEventRules,
    SideEventState,
    SideEventWindow,
)
from app.side_events.schemas import (
    AllocationPublic,
    ConfirmedSideEventPublic,
    OccupancyPublic,
    PlacementPublic,
    RoomOccupancyPublic,
    RoomUsePublic,
    SettingsPublic,
    SettingsUpdate,
    SideEventCreate,
    SideEventDayPublic,
    SideEventPublic,
    UnplacedPublic,
    WindowPublic,
)
from app.timetables import repository as timetables
from app.timetables.models import TimetableVersion
from scheduler import side_events as alloc
from scheduler.wording import long_date

#: Defaults of UN practice where a congress stores no windows of its own
#: (UN-PRACTICE.md: side events go to lunchtime and early evening).
LUNCHTIME = ("lunchtime", "Lunchtime", SideEventLength.LUNCHTIME, dt.time(13, 15), dt.time(14, 45))
EVENING = ("evening", "Evening", SideEventLength.EVENING, dt.time(18), dt.time(20))
#: Fair share where a congress sets none: at most two side events per organization a day.
DEFAULT_MAX_PER_ORGANIZATION_PER_DAY = 2


@dataclass(frozen=True)
class Window:
    key: str
    name: str
    kind: SideEventLength
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class ConfirmedSideEvent:
    """A confirmed side event, for pages and feeds. Times are naive local wall-clock."""

    id: int
    #: Stable identity for feeds (iCal UID): "side-event:<id>".
    key: str
    title: str
    organizer: str
    date: dt.date
    window: str
    window_name: str
    start: dt.datetime
    end: dt.datetime
    room: str | None
    agenda_item: int | None
    workshop: int | None
    needs: tuple[str, ...]
    #: iCal SEQUENCE: grows with each change of day, window or room.
    sequence: int
    #: No longer confirmed: shown where it was, as cancelled (feeds only, not pages).
    cancelled: bool = False


# --- the congress's windows and rules ---------------------------------------------------


def windows(session: Session, congress: Congress) -> list[Window]:
    """The stored windows, or the defaults: lunchtime, evening, and each formal slot as
    a half-day (the rooms the official programme leaves free)."""
    stored = repository.windows(session, congress.id)
    if stored:
        return [Window(w.key, w.name, w.kind, w.start_time, w.end_time) for w in stored]
    half_days = [
        Window(s.key, s.name, SideEventLength.HALF_DAY, s.start_time, s.end_time)
        for s in congress.meeting_slots
    ]
    defaults = [Window(*LUNCHTIME), Window(*EVENING), *half_days]
    return sorted(defaults, key=lambda w: w.start)


def max_per_organization_per_day(session: Session, congress: Congress) -> int | None:
    stored = repository.rules(session, congress.id)
    return (
        DEFAULT_MAX_PER_ORGANIZATION_PER_DAY
        if stored is None
        else stored.max_per_organization_per_day
    )


def settings(session: Session, congress: Congress) -> SettingsPublic:
    return SettingsPublic(
        max_per_organization_per_day=max_per_organization_per_day(session, congress),
        windows=[
            WindowPublic(key=w.key, name=w.name, kind=w.kind, start=w.start, end=w.end)
            for w in windows(session, congress)
        ],
        defaults=not repository.windows(session, congress.id)
        and repository.rules(session, congress.id) is None,
    )


def update_settings(session: Session, congress: Congress, data: SettingsUpdate) -> SettingsPublic:
    invalid: list[InvalidParam] = []
    seen: set[str] = set()
    for i, w in enumerate(data.windows):
        if w.key in seen:
            invalid.append(
                InvalidParam(name=f"body.windows[{i}].key", reason=f"{w.key!r} appears twice")
            )
        seen.add(w.key)
        if w.end <= w.start:
            invalid.append(
                InvalidParam(name=f"body.windows[{i}].end", reason="a window ends after it starts")
            )
    if invalid:
        raise _invalid(invalid)
    for old in repository.windows(session, congress.id):
        session.delete(old)
    session.flush()
    for position, w in enumerate(data.windows):
        session.add(
            SideEventWindow(
                congress_id=congress.id,
                key=w.key,
                name=w.name,
                kind=w.kind,
                start_time=w.start,
                end_time=w.end,
                position=position,
            )
        )
    stored = repository.rules(session, congress.id)
    if stored is None:
        stored = SideEventRules(congress_id=congress.id)
        session.add(stored)
    stored.max_per_organization_per_day = data.max_per_organization_per_day
    session.flush()
    return settings(session, congress)


# --- requests ---------------------------------------------------------------------------


def _invalid(params: list[InvalidParam]) -> ProblemError:
    return ProblemError(
        422,
        "The request is not valid: " + "; ".join(f"{p.name}: {p.reason}" for p in params),
        invalid_params=params,
    )


def check_access(caller: Principal, congress: Congress) -> None:
    if caller.is_organizer:
        ensure_organizer_of(caller, congress, refusal=LIMITED_TO_ANOTHER_CONGRESS)
    elif caller.congress_id != congress.id:
        raise ProblemError(403, "This delegation's token belongs to another congress.")


def _requesting_delegation(
    session: Session, congress: Congress, caller: Principal, data: SideEventCreate
) -> Delegation:
    if caller.is_organizer:
        if data.delegation_id is None:
            raise _invalid(
                [
                    InvalidParam(
                        name="body.delegation_id",
                        reason="an organizer token submits on behalf of an organization: "
                        "name its delegation_id",
                    )
                ]
            )
        delegation_id = data.delegation_id
    else:
        assert caller.delegation_id is not None
        if data.delegation_id not in (None, caller.delegation_id):
            raise ProblemError(403, "A delegation submits side events only for itself.")
        delegation_id = caller.delegation_id
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or delegation.congress_id != congress.id:
        raise _invalid(
            [
                InvalidParam(
                    name="body.delegation_id",
                    reason=f"no delegation {delegation_id} in this congress",
                )
            ]
        )
    return delegation


def submit(
    session: Session, congress: Congress, caller: Principal, data: SideEventCreate
) -> SideEventRequest:
    """Validate and store a request; it waits for the next allocation."""
    check_access(caller, congress)
    delegation = _requesting_delegation(session, congress, caller, data)
    invalid: list[InvalidParam] = []
    span = f"{congress.start_date.isoformat()} to {congress.end_date.isoformat()}"
    for field in ("preferred_dates", "impossible_dates"):
        for i, d in enumerate(getattr(data, field)):
            if not congress.start_date <= d <= congress.end_date:
                invalid.append(
                    InvalidParam(
                        name=f"body.{field}[{i}]",
                        reason=f"{d.isoformat()} is not a day of the congress ({span})",
                    )
                )
    for i, d in enumerate(data.preferred_dates):
        if d in data.impossible_dates:
            invalid.append(
                InvalidParam(
                    name=f"body.preferred_dates[{i}]",
                    reason=f"{d.isoformat()} is also given as impossible",
                )
            )
    if len(set(data.impossible_dates)) >= (congress.end_date - congress.start_date).days + 1:
        invalid.append(
            InvalidParam(
                name="body.impossible_dates", reason="every day of the congress is impossible"
            )
        )
    kinds = {w.kind for w in windows(session, congress)}
    if data.length not in kinds:
        invalid.append(
            InvalidParam(
                name="body.length",
                reason=f"this congress has no {data.length.value} window (it has: "
                + ", ".join(sorted(k.value for k in kinds))
                + ")",
            )
        )
    if data.agenda_item is not None and data.agenda_item not in repository.agenda_item_numbers(
        session, congress.id
    ):
        invalid.append(
            InvalidParam(
                name="body.agenda_item",
                reason=f"no agenda item {data.agenda_item} in this congress",
            )
        )
    if data.workshop is not None and data.workshop not in repository.workshop_titles(
        session, congress.id
    ):
        invalid.append(
            InvalidParam(
                name="body.workshop", reason=f"no workshop {data.workshop} in this congress"
            )
        )
    if invalid:
        raise _invalid(invalid)
    record = SideEventRequest(
        congress_id=congress.id,
        delegation=delegation,
        organizer=data.organizer or delegation.name,
        title=data.title,
        description=data.description,
        expected_attendance=data.expected_attendance,
        length=data.length,
        preferred_dates=sorted({d.isoformat() for d in data.preferred_dates}),
        impossible_dates=sorted({d.isoformat() for d in data.impossible_dates}),
        needs=sorted({n.value for n in data.needs}),
        agenda_item=data.agenda_item,
        workshop=data.workshop,
        state=SideEventState.SUBMITTED,
    )
    session.add(record)
    session.flush()
    return record


def visible_requests(
    session: Session, congress: Congress, caller: Principal
) -> list[SideEventRequest]:
    """An organization's own requests; every request for the secretariat."""
    check_access(caller, congress)
    return repository.requests(
        session, congress.id, delegation_id=None if caller.is_organizer else caller.delegation_id
    )


def get_request(
    session: Session, congress: Congress, caller: Principal, request_id: int
) -> SideEventRequest:
    check_access(caller, congress)
    found = repository.request(session, congress.id, request_id)
    # Another organization's request is "not found", not "forbidden": its existence is
    # none of the caller's business.
    if found is None or not (caller.is_organizer or found.delegation_id == caller.delegation_id):
        raise NotFound(f"No side event request {request_id} of yours in {congress.name}.")
    return found


def withdraw(
    session: Session, congress: Congress, caller: Principal, request_id: int
) -> SideEventRequest:
    found = get_request(session, congress, caller, request_id)
    if found.state in (SideEventState.WITHDRAWN, SideEventState.REJECTED):
        raise ProblemError(409, f"Side event request {request_id} is already {found.state.value}.")
    _clear_placement(found)
    found.state = SideEventState.WITHDRAWN
    found.decided_at = utc_now()
    session.flush()
    return found


def confirm(
    session: Session, congress: Congress, caller: Principal, request_id: int
) -> SideEventRequest:
    found = get_request(session, congress, caller, request_id)
    if found.state is not SideEventState.PLACED:
        raise ProblemError(
            409,
            f"Only a placed side event can be confirmed; request {request_id} is "
            f"{found.state.value}.",
        )
    if found.public_date is not None:
        # Public before, then shown cancelled at this SEQUENCE: the new confirmation
        # must supersede that in the calendars that keep the cancellation.
        found.sequence += 1
    found.state = SideEventState.CONFIRMED
    found.public_date, found.public_window_key = found.date, found.window_key
    found.public_room = found.room.name if found.room else None
    found.decided_at = utc_now()
    session.flush()
    return found


def reject(
    session: Session, congress: Congress, caller: Principal, request_id: int
) -> SideEventRequest:
    found = get_request(session, congress, caller, request_id)
    if found.state not in (
        SideEventState.PLACED,
        SideEventState.CONFIRMED,
        SideEventState.UNPLACED,
    ):
        raise ProblemError(
            409,
            f"Only a placed, unplaced or confirmed side event can be rejected; request "
            f"{request_id} is {found.state.value}.",
        )
    _clear_placement(found)
    found.state = SideEventState.REJECTED
    found.decided_at = utc_now()
    session.flush()
    return found


def _clear_placement(record: SideEventRequest) -> None:
    if record.date is not None:
        record.sequence += 1
    record.date = None
    record.window_key = None
    record.room = None


# --- allocation ---------------------------------------------------------------------------


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
            _clear_placement(record)
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


# --- outcome: public listings, feeds, occupancy -------------------------------------------------


def window_map(session: Session, congress: Congress) -> dict[str, Window]:
    return {w.key: w for w in windows(session, congress)}


def public(
    session: Session,
    congress: Congress,
    record: SideEventRequest,
    windows_by_key: dict[str, Window] | None = None,
) -> SideEventPublic:
    zone = ZoneInfo(congress.time_zone)
    known = windows_by_key if windows_by_key is not None else window_map(session, congress)
    placement = None
    if record.date is not None and record.window_key is not None:
        w = known.get(record.window_key)
        if w is not None:
            placement = PlacementPublic(
                date=record.date,
                window=w.key,
                window_name=w.name,
                start=dt.datetime.combine(record.date, w.start, zone),
                end=dt.datetime.combine(record.date, w.end, zone),
                room=record.room.name if record.room else None,
            )
    unplaced = (
        UnplacedPublic(code=record.unplaced_code or "", reason=record.unplaced_reason)
        if record.unplaced_reason
        else None
    )
    return SideEventPublic(
        id=record.id,
        delegation=record.delegation.name,
        organizer=record.organizer,
        title=record.title,
        description=record.description,
        expected_attendance=record.expected_attendance,
        length=record.length,
        preferred_dates=[dt.date.fromisoformat(d) for d in record.preferred_dates],
        impossible_dates=[dt.date.fromisoformat(d) for d in record.impossible_dates],
        needs=[SideEventNeed(n) for n in record.needs],
        agenda_item=record.agenda_item,
        workshop=record.workshop,
        state=record.state,
        placement=placement,
        unplaced=unplaced,
        preference=unmet_preference(record),
        sequence=record.sequence,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def unmet_preference(record: SideEventRequest) -> str | None:
    """A placed request's word on its preferred dates when none of them could be met
    (the allocation places as many requests as it can first, then on preferred days)."""
    if record.date is None or not record.preferred_dates:
        return None
    preferred = sorted(dt.date.fromisoformat(d) for d in record.preferred_dates)
    if record.date in preferred:
        return None
    wished = "; ".join(long_date(d) for d in preferred)
    return (
        f"Placed on {long_date(record.date)}: the preferred "
        f"{'date' if len(preferred) == 1 else 'dates'} ({wished}) could not be met, as no "
        "room in the window asked for was free then without leaving another request out."
    )


def confirmed_side_events(
    session: Session, congress_id: int, day: dt.date | None = None
) -> list[ConfirmedSideEvent]:
    """Confirmed side events of a congress (of one day), by start time then room.

    For the public page (a section per day) and the occupancy view.
    """
    return _public_events(session, congress_id, day, with_cancelled=False)


def side_events_for_feeds(session: Session, congress_id: int) -> list[ConfirmedSideEvent]:
    """The confirmed side events, and those once confirmed that left the public
    programme, where they last were and marked cancelled: a feed's subscribers must see
    the cancellation (STATUS:CANCELLED), not an event that silently stays or vanishes."""
    return _public_events(session, congress_id, None, with_cancelled=True)


def _public_events(
    session: Session, congress_id: int, day: dt.date | None, *, with_cancelled: bool
) -> list[ConfirmedSideEvent]:
    congress = session.get(Congress, congress_id)
    if congress is None:
        return []
    known = window_map(session, congress)
    states: tuple[SideEventState, ...] = (
        tuple(SideEventState) if with_cancelled else (SideEventState.CONFIRMED,)
    )
    events: list[ConfirmedSideEvent] = []
    for r in repository.requests(session, congress_id, states=states, day=day):
        cancelled = r.state is not SideEventState.CONFIRMED
        if cancelled:
            day_of, window_key, room = r.public_date, r.public_window_key, r.public_room
        else:
            day_of, window_key = r.date, r.window_key
            room = r.room.name if r.room else None
        w = known.get(window_key or "")
        if day_of is None or w is None:
            continue
        events.append(
            ConfirmedSideEvent(
                id=r.id,
                key=f"side-event:{r.id}",
                title=r.title,
                organizer=r.organizer,
                date=day_of,
                window=w.key,
                window_name=w.name,
                start=dt.datetime.combine(day_of, w.start),
                end=dt.datetime.combine(day_of, w.end),
                room=room,
                agenda_item=r.agenda_item,
                workshop=r.workshop,
                needs=tuple(r.needs),
                sequence=r.sequence,
                cancelled=cancelled,
            )
        )
    return sorted(events, key=lambda e: (e.start, e.room or "", e.id))


def _confirmed_public(congress: Congress, e: ConfirmedSideEvent) -> ConfirmedSideEventPublic:
    zone = ZoneInfo(congress.time_zone)
    return ConfirmedSideEventPublic(
        id=e.id,
        key=e.key,
        title=e.title,
        organizer=e.organizer,
        date=e.date,
        window=e.window,
        start=e.start.replace(tzinfo=zone),
        end=e.end.replace(tzinfo=zone),
        room=e.room,
        agenda_item=e.agenda_item,
        workshop=e.workshop,
        webcast=SideEventNeed.WEBCAST.value in e.needs,
        sequence=e.sequence,
    )


def programme(
    session: Session, congress: Congress, day: dt.date | None = None
) -> list[SideEventDayPublic]:
    by_day: dict[dt.date, list[ConfirmedSideEventPublic]] = defaultdict(list)
    for e in confirmed_side_events(session, congress.id, day):
        by_day[e.date].append(_confirmed_public(congress, e))
    return [SideEventDayPublic(date=d, side_events=by_day[d]) for d in sorted(by_day)]


def occupancy(session: Session, congress: Congress, day: dt.date) -> OccupancyPublic:
    """Every room's use on a day: official meetings (latest published) and side events."""
    if not congress.start_date <= day <= congress.end_date:
        raise _invalid(
            [
                InvalidParam(
                    name="query.date",
                    reason=f"{day.isoformat()} is not a day of the congress "
                    f"({congress.start_date.isoformat()} to {congress.end_date.isoformat()})",
                )
            ]
        )
    zone = ZoneInfo(congress.time_zone)
    version = timetables.latest_published(session, congress.id)
    uses: dict[str, list[RoomUsePublic]] = defaultdict(list)
    for m in version.meetings if version is not None else []:
        if m.date == day and m.room:
            uses[m.room].append(
                RoomUsePublic(
                    kind="official",
                    key=m.key,
                    title=m.title or m.body_name,
                    start=m.start.replace(tzinfo=zone),
                    end=m.end.replace(tzinfo=zone),
                )
            )
    for e in confirmed_side_events(session, congress.id, day):
        if e.room:
            uses[e.room].append(
                RoomUsePublic(
                    kind="side_event",
                    key=e.key,
                    title=f"{e.title} ({e.organizer})",
                    start=e.start.replace(tzinfo=zone),
                    end=e.end.replace(tzinfo=zone),
                )
            )
    return OccupancyPublic(
        date=day,
        time_zone=congress.time_zone,
        timetable_version=version.number if version is not None else None,
        rooms=[
            RoomOccupancyPublic(
                room=r.name,
                capacity=r.capacity,
                uses=sorted(uses.get(r.name, []), key=lambda u: u.start),
            )
            for r in congress.rooms
        ],
    )
