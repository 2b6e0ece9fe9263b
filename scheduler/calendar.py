"""The venue's calendar: working days, the weekend and official holidays.

One implementation for the scheduler (which days meetings may be held on, durations
counted in working days) and for the app (document due dates, app/core/calendar.py):
the scheduler cannot import the app, so the pure logic lives here.

docs/UN-PRACTICE.md: weekends differ by venue (Saturday-Sunday in Vienna, Friday-Saturday
in Doha); some limits count working days ("a maximum of ten working days" for a
Commission session), others calendar days ("not exceeding eight days including the
pre-Congress consultations").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: The configuration's weekday names in ISO order: WEEKDAYS[0] is ISO weekday 1 (Monday).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: How a duration rule counts its days.
Counts = Literal["calendar", "working"]


def iso_weekdays(names: Iterable[str]) -> list[int]:
    """ISO weekday numbers (1 = Monday), sorted and once each, of weekday names."""
    return sorted({WEEKDAYS.index(name) + 1 for name in names})


def weekday_names(numbers: Iterable[int]) -> list[str]:
    """The weekday names of ISO weekday numbers, in the given order."""
    return [WEEKDAYS[number - 1] for number in numbers]


@dataclass(frozen=True)
class Calendar:
    """The venue's weekend (ISO weekday numbers, 1 = Monday) and official holidays."""

    weekend: frozenset[int] = frozenset({6, 7})
    holidays: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def is_weekend(self, day: dt.date) -> bool:
        return day.isoweekday() in self.weekend

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.holidays

    def working_days_before(self, day: dt.date, n: int) -> dt.date:
        """The working day `n` working days before `day` (`day` itself when n is 0).

        Counting the due day itself, as the Secretariat does (CTOC/COP/WG.2/2007/2 was
        issued on 19 September 2007, "ten working days" before 3 October)."""
        if len(self.weekend) >= 7:
            raise ValueError("a venue needs at least one working day in the week")
        counted = 0
        while counted < n:
            day -= dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def last_day_of(self, first: dt.date, days: int, counts: Counts) -> dt.date:
        """The last day of a span of `days` days starting on `first`, counted in calendar
        days or in working days (the span then ends on its `days`-th working day)."""
        if counts == "calendar":
            return first + dt.timedelta(days=days - 1)
        if len(self.weekend) >= 7:
            raise ValueError("a venue needs at least one working day in the week")
        day, counted = first, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted >= days:
                    return day
            day += dt.timedelta(days=1)

    def count(self, first: dt.date, last: dt.date, counts: Counts) -> int:
        """Days from `first` to `last` inclusive, calendar or working."""
        n = (last - first).days + 1
        if counts == "calendar":
            return max(0, n)
        return sum(1 for i in range(max(0, n)) if self.is_working_day(first + dt.timedelta(i)))
