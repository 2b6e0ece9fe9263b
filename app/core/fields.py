"""Field and parameter types for the HTTP API, bounded so that no input overflows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path
from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from app.core.inputs import INT32_MAX

#: A calendar day of a congress. Bounded so that date arithmetic (a week before the
#: opening, the length of the congress) cannot leave the calendar.
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]

#: A database id in a URL (32-bit, as both databases store it).
IdPath = Annotated[int, Path(ge=1, le=INT32_MAX, description="The id", examples=[1])]
#: The number of a published version of the organization of work in a URL.
VersionPath = Annotated[
    int, Path(ge=1, le=INT32_MAX, description="Number of the published version", examples=[1])
]


def _parse_clock(value: Any) -> Any:
    # "HH:MM" as in the seed files; "HH:MM:00" too, since other tools write seconds.
    if isinstance(value, str) and _CLOCK.match(value):
        return dt.time(int(value[0:2]), int(value[3:5]))
    if isinstance(value, dt.time):
        return value
    raise ValueError(f"expected a time as HH:MM (24-hour clock), got {value!r}")


_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:00)?$")

#: A local wall-clock time of the congress, written "HH:MM".
Clock = Annotated[
    dt.time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:00)?$",
            "description": "Local time in the congress's time zone, HH:MM",
            "examples": ["10:00"],
        }
    ),
]

#: A naive local time in a response, "HH:MM:SS". JSON Schema's "time" format is RFC
#: 3339's, which needs an offset; these times are wall-clock times of the congress's
#: own time zone, so the document says what they are with a pattern instead.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
            "description": "Local time in the congress's time zone",
            "examples": ["10:00:00"],
        }
    ),
]
