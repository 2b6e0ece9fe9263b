"""When a list of speakers takes inscriptions: its window, in UTC and in the venue's zone.

Times given to the API may be naive (the congress's local time) or aware; they are
stored in UTC (app.core.database.UTCDateTime) and shown in the venue's zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.congresses.models import Congress
from app.core.problems import InvalidParam, ProblemError
from app.speakers import repository
from app.speakers.models import SpeakersList


def input_utc(value: dt.datetime, zone: ZoneInfo, field: str = "body") -> dt.datetime:
    """A time given to the API, in UTC: a naive one is the congress's local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise invalid(field, "the time is out of range") from None


def local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return value.astimezone(zone)


#: What the inscription checks read: ORM rows, or the light rows of the opening burst.
AnyList = SpeakersList | repository.ListForInscription


AnyCongress = Congress | repository.CongressForInscription


def zone_of(congress: AnyCongress) -> ZoneInfo:
    return ZoneInfo(congress.time_zone)


def is_open(speakers_list: AnyList, now: dt.datetime) -> bool:
    return speakers_list.opens_at <= now < speakers_list.closes_at


def window_text(speakers_list: AnyList, congress: AnyCongress) -> str:
    zone = zone_of(congress)
    opens = local(speakers_list.opens_at, zone).strftime("%d %B %Y %H:%M")
    closes = local(speakers_list.closes_at, zone).strftime("%d %B %Y %H:%M")
    return f"from {opens} to {closes} ({congress.time_zone})"


def check_open(speakers_list: AnyList, congress: AnyCongress, now: dt.datetime) -> None:
    if not is_open(speakers_list, now):
        state = "is not open yet" if now < speakers_list.opens_at else "is closed"
        raise ProblemError(
            409,
            f"The list of speakers {speakers_list.title!r} {state}: inscriptions are "
            f"taken {window_text(speakers_list, congress)}.",
            title="List of speakers not open",
        )


def invalid(field: str, reason: str) -> ProblemError:
    """422 naming the one field at fault, as every speakers' module answers."""
    return ProblemError(
        422, f"{field}: {reason}", invalid_params=[InvalidParam(name=field, reason=reason)]
    )
