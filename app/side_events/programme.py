"""The outcome: confirmed side events for pages, feeds and exports, by day, and every
room's use on a day (official meetings and side events)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.core.problems import InvalidParam
from app.side_events import repository
from app.side_events.models import SideEventNeed, SideEventState
from app.side_events.schemas import (
    ConfirmedSideEventPublic,
    OccupancyPublic,
    RoomOccupancyPublic,
    RoomUsePublic,
    SideEventDayPublic,
)
from app.side_events.settings import invalid_request, window_map
from app.timetables import repository as timetables
from scheduler.keys import side_event_key


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
                key=side_event_key(r.id),
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
        raise invalid_request(
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
