"""Side event requests and their states: submitted → placed / unplaced (by the
allocation) → confirmed by the organization, or withdrawn, or rejected by the
secretariat. Never commits: the request dependency or the CLI's transaction does.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.auth.deps import LIMITED_TO_ANOTHER_CONGRESS, Principal, ensure_organizer_of
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.delegations.models import Delegation
from app.side_events import repository
from app.side_events.models import SideEventNeed, SideEventRequest, SideEventState
from app.side_events.schemas import (
    PlacementPublic,
    SideEventCreate,
    SideEventPublic,
    UnplacedPublic,
)
from app.side_events.settings import Window, invalid_request, window_map, windows
from scheduler.wording import long_date


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
            raise invalid_request(
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
        raise invalid_request(
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
        raise invalid_request(invalid)
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
    clear_placement(found)
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
    clear_placement(found)
    found.state = SideEventState.REJECTED
    found.decided_at = utc_now()
    session.flush()
    return found


def clear_placement(record: SideEventRequest) -> None:
    if record.date is not None:
        record.sequence += 1
    record.date = None
    record.window_key = None
    record.room = None


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
