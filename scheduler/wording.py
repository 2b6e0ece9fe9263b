"""Small helpers for the messages people read (rule messages, explanations): names of
bodies, units and slots instead of keys, days as the venue's documents write them, and
nouns that agree with their numbers."""

from __future__ import annotations

import datetime as dt
import itertools

from scheduler import keys
from scheduler.problem import AgendaUnit, Problem

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 empty slot', '2 empty slots', '0 rooms': the noun agrees with the number."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def long_date(day: dt.date) -> str:
    """'Monday, 12 April 2010', as the annex writes a day (locale-independent)."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def date_span(days: list[dt.date]) -> str:
    """'14 to 16 April 2010' for consecutive days, 'Monday, 12 April 2010' for one,
    '12, 14 and 16 April 2010' for others (months and years written where they change)."""
    ds = sorted(set(days))
    if not ds:
        return ""
    if len(ds) == 1:
        return long_date(ds[0])

    def short(d: dt.date, nxt: dt.date) -> str:
        if (d.month, d.year) == (nxt.month, nxt.year):
            return str(d.day)
        if d.year == nxt.year:
            return f"{d.day} {MONTHS[d.month - 1]}"
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    last = f"{ds[-1].day} {MONTHS[ds[-1].month - 1]} {ds[-1].year}"
    if all((b - a).days == 1 for a, b in itertools.pairwise(ds)):
        return f"{short(ds[0], ds[-1])} to {last}"
    head = ", ".join(short(d, ds[-1]) for d in ds[:-1])
    return f"{head} and {last}"


def slot_name(problem: Problem, key: str) -> str:
    """'morning' for the slot 'morning' named 'Morning'; the key if unknown."""
    return next((s.name.lower() for s in problem.slots if s.key == key), key)


def when(problem: Problem, day: dt.date, slot: str | None = None) -> str:
    """'Monday, 12 April 2010, morning'."""
    return f"{long_date(day)}, {slot_name(problem, slot)}" if slot else long_date(day)


def body_name(problem: Problem, key: str) -> str:
    """'Committee I' for 'committee-1'; the key if unknown."""
    return next((b.name for b in problem.bodies if b.key == key), key)


def unit_label(u: AgendaUnit) -> str:
    """'cluster 6+10', 'item 4'."""
    if len(u.items) > 1:
        return "cluster " + "+".join(str(i) for i in u.items)
    return f"item {u.items[0]}"


def target_name(problem: Problem, key: str) -> str:
    """What a pin or an exclusion names, in words: 'cluster 6+10', 'item 4',
    'workshop 3', 'the high-level segment', a side event's title."""
    for u in problem.units:
        if u.key == key:
            return unit_label(u)
    for w in problem.workshops:
        if w.key == key:
            return f"workshop {w.number}"
    if key == keys.HIGH_LEVEL_SEGMENT:
        return "the high-level segment"
    for h in problem.segments:
        if h.key == key:
            return h.label
    for e in problem.fixed_events:
        if e.unit_key == key:
            return f"the {e.title[:1].lower()}{e.title[1:]}" if e.title else key
    return next((f"“{a.title}”" for a in problem.ancillary if a.key == key), key)


#: How a kind of slot is written in a sentence.
KIND_WORDS = {
    "formal": "formal",
    "formal_no_interpretation": "formal (without interpretation)",
    "informal": "informal",
    "side": "side-event",
}


def kinds_phrase(kinds: tuple[str, ...], *, article: bool = False) -> str:
    """'formal or informal'; with `article`, 'an informal', 'a side-event'."""
    words = [KIND_WORDS.get(k, k) for k in kinds]
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    if article:
        return ("an " if text[:1] in "aeiou" else "a ") + text
    return text


def closed_reason(problem: Problem, day: dt.date) -> str:
    """Why no meeting is held on `day`: 'weekend', 'official holiday'."""
    if problem.calendar.is_holiday(day) and not problem.rules.meetings_on_holidays:
        return "official holiday"
    return "weekend"
