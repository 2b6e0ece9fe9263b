"""Weekdays as the configuration names them and as the database stores them."""

from __future__ import annotations

from collections.abc import Iterable

#: The configuration's weekday names in ISO order: WEEKDAYS[0] is ISO weekday 1 (Monday).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def iso_weekdays(names: Iterable[str]) -> list[int]:
    """ISO weekday numbers (1 = Monday), sorted and once each, of weekday names."""
    return sorted({WEEKDAYS.index(name) + 1 for name in names})


def weekday_names(numbers: Iterable[int]) -> list[str]:
    """The weekday names of ISO weekday numbers, in the given order."""
    return [WEEKDAYS[number - 1] for number in numbers]
