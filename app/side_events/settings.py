"""Side events' settings: the windows open to them and the fair share per organization.

A congress that stores none gets UN practice's defaults (docs/UN-PRACTICE.md: side events go
to lunchtime and early evening, and to the half-days the official programme leaves free).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.core.problems import InvalidParam, ProblemError
from app.side_events import repository
from app.side_events.models import SideEventLength, SideEventRules, SideEventWindow
from app.side_events.schemas import SettingsPublic, SettingsUpdate, WindowPublic

#: Defaults of UN practice where a congress stores no windows of its own
#: (docs/UN-PRACTICE.md: side events go to lunchtime and early evening).
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


def window_map(session: Session, congress: Congress) -> dict[str, Window]:
    return {w.key: w for w in windows(session, congress)}


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
        raise invalid_request(invalid)
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


def invalid_request(params: list[InvalidParam]) -> ProblemError:
    """422 naming every field at fault, as every side events' module answers."""
    return ProblemError(
        422,
        "The request is not valid: " + "; ".join(f"{p.name}: {p.reason}" for p in params),
        invalid_params=params,
    )
