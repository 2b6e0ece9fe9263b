"""Input of the scheduler: one congress described as data.

Every rule the scheduler applies is read from a `Problem`; nothing about a
particular congress is a constant in the code. The app builds a `Problem` from
the database (seed file -> rows -> Problem); tests build them by hand.

Vocabulary follows the documents (A/CONF.213/1 and its annex): a *body*
(Plenary, Committee I, ...) meets in *slots* (morning, afternoon) of *days*;
*agenda units* are clusters of agenda items or standalone items, each needing a
number of meetings of its body; *workshops* take consecutive half-days of a body
chosen by the solver; the *high-level segment* takes contiguous plenary
meetings in a window at the start or the end of the congress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from scheduler import keys
from scheduler.calendar import Calendar, Counts

Strength = Literal["hard", "soft", "off"]
WorkshopSpan = Literal["same_day", "consecutive_days"]
WorkshopStart = Literal["any", "morning"]
SlotKind = Literal["formal", "formal_no_interpretation", "informal", "side"]

#: Every kind of slot, in the order the documentation lists them.
SLOT_KINDS: tuple[SlotKind, ...] = ("formal", "formal_no_interpretation", "informal", "side")
#: Slots formal work (agenda units, the segment, formal fixed events) may use.
FORMAL_SLOT_KINDS: tuple[SlotKind, ...] = ("formal", "formal_no_interpretation")
#: Slots a body's meetings may use at all (the model's grid): all but side slots.
BODY_SLOT_KINDS: tuple[SlotKind, ...] = ("formal", "formal_no_interpretation", "informal")
#: Slots a workshop may use unless it says otherwise.
WORKSHOP_SLOT_KINDS: tuple[SlotKind, ...] = BODY_SLOT_KINDS
FixedKind = Literal[
    "pre_congress_consultations",
    "opening",
    "closing",
    "treaty_event",
    "special_event",
    "elections",
    "round_table",
    "other",
]
#: Kinds of which a congress holds one event at most, with their own meaning (the
#: opening is its body's first meeting, the closing its last, the consultations may
#: fall before the first day); events of the other kinds only occupy their cells.
SINGLE_KINDS: tuple[str, ...] = ("pre_congress_consultations", "opening", "closing")

#: The rule families (scheduler/rules/): the keys of `Problem.sources`, alone or with the
#: rest of a rule's name ("fixed_events.opening", "clusters.cluster-3-5"); the soft
#: preferences are named as in `Weights`.
RULE_FAMILIES: tuple[str, ...] = (
    "grid",
    "rooms",
    "clusters",
    "agenda_order",
    "workshops",
    "high_level_segment",
    "fixed_events",
    "capacity",
    "max_duration",
    "pins",
    "exclusions",
    "ancillary",
    "slot_kinds",
    "calendar",
    "bodies",
    "tracks",
)

#: The citation of a rule when the congress names none (scheduler/ cites no congress).
DEFAULT_SOURCE = "rule of this congress"


@dataclass(frozen=True, init=False)
class Slot:
    """A meeting slot of the days, in local time of the venue."""

    key: str  #: stable key, e.g. "morning"
    name: str  #: label shown to people, e.g. "Morning"
    start: dt.time  #: local start time, e.g. 10:00
    end: dt.time  #: local end time, e.g. 13:00
    kind: SlotKind = "formal"
    """What the slot is for: "formal" (formal meetings with interpretation),
    "formal_no_interpretation", "informal" (workshops, informal consultations) or "side"
    (lunchtime, evening: docs/UN-PRACTICE.md, only ancillary meetings)."""
    formal: bool = field(default=True, init=False)
    """Formal work may use this slot (derived from `kind`)."""

    def __init__(
        self,
        key: str,
        name: str,
        start: dt.time,
        end: dt.time,
        formal: bool | None = None,
        kind: SlotKind = "formal",
    ) -> None:
        # The former flag: `formal=False` with no kind is a side slot (lunchtime, evening).
        if formal is False and kind == "formal":
            kind = "side"
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "formal", kind in FORMAL_SLOT_KINDS)

    @property
    def bodies_meet(self) -> bool:
        """Bodies may meet in this slot (every kind but side slots)."""
        return self.kind in BODY_SLOT_KINDS

    @property
    def interpreted(self) -> bool:
        """Meetings in this slot have interpretation (count against the teams' cap)."""
        return self.kind == "formal"


@dataclass(frozen=True)
class DaySlots:
    """The slots of one date when they differ from every day's (a shorter Friday, an
    opening at 9:00, a day with no afternoon): each names a slot of the congress by key,
    with its own times on that date."""

    date: dt.date
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Unavailable:
    """Dates and/or slots a body may not meet in. `dates` None = every day; `slots` () =
    every slot of those days."""

    dates: tuple[dt.date, ...] | None = None
    slots: tuple[str, ...] = ()

    def covers(self, date: dt.date, slot: str) -> bool:
        return (self.dates is None or date in self.dates) and (not self.slots or slot in self.slots)


@dataclass(frozen=True)
class Duration:
    """A duration rule: at most `days` days, counted as calendar or working days, from
    the pre-session (pre-Congress consultations) when `includes_pre_session`, else from
    the start date. "Not exceeding eight days including the pre-Congress consultations"
    is Duration(8, "calendar", True); "a maximum of ten working days" Duration(10,
    "working", False)."""

    days: int
    counts: Counts = "calendar"
    includes_pre_session: bool = True


@dataclass(frozen=True)
class Room:
    name: str
    capacity: int  #: seats
    interpretation: bool = True  #: booths for the six languages


@dataclass(frozen=True)
class Body:
    """A body of the congress: the Plenary, a committee, a working group."""

    key: str  #: e.g. "plenary", "committee-1"
    name: str  #: e.g. "Plenary", "Committee I"
    kind: str = "plenary"  #: "plenary" | "committee" | ...
    room: str | None = None  #: name of the room the body meets in
    expected_attendance: int = 0
    meets_after_opening: bool = False
    """The body meets only after the opening meeting (rule 45 committees: they
    meet from the afternoon of the opening day in the annex)."""
    meets_before_closing: bool = False
    """The body does not meet during or after the closing meeting."""
    first_meeting: tuple[dt.date, str] | None = None
    """(date, slot) of the body's first meeting ("the Committee of the Whole starts
    Monday 15:00"): no formal meeting of the body before it, and it meets there."""
    unavailable: tuple[Unavailable, ...] = ()
    """Days and slots the body may not meet in (no informal consultations there either)."""
    meets_on_weekends: bool | None = None
    """The body's own rule on weekend days; None: the congress's (rules.meetings_on_weekends)."""
    meets_on_holidays: bool | None = None  #: the same for official holidays

    def available(self, date: dt.date, slot: str) -> bool:
        return not any(u.covers(date, slot) for u in self.unavailable)


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    body: str | None = None  #: key of the body that considers it


@dataclass(frozen=True)
class AgendaUnit:
    """A cluster of agenda items considered together, or a standalone item.

    A/CONF.213/1, item 2 (d): the regional preparatory meetings grouped items
    into clusters for joint consideration; each cluster takes `meetings`
    meetings of one body.
    """

    key: str  #: e.g. "cluster-3-5" or "item-4"
    items: tuple[int, ...]  #: agenda item numbers, e.g. (3, 5)
    body: str  #: key of the body
    meetings: int  #: number of meetings allotted
    consecutive: Strength = "hard"
    """"hard": the meetings are successive slots of the grid (the night between
    two days does not break them; a slot in between with anything else, even
    informal consultations or a workshop, does). "soft": wanted but may be
    broken at a cost ("clusters kept together"). "off": only in order."""
    order: int | None = None
    """Position in the body's order of consideration; default: by the lowest
    item number (agenda order)."""
    title: str = ""
    bodies: tuple[str, ...] = ()
    """Bodies that may take the unit up; the solver chooses one for all its meetings.
    () = `body` only."""
    earliest: dt.date | None = None  #: first day the unit may meet (None: no limit)
    latest: dt.date | None = None  #: last day the unit may meet (None: no limit)

    @property
    def allowed_bodies(self) -> tuple[str, ...]:
        """The bodies the unit may meet in (its `bodies`, else its one `body`)."""
        return self.bodies or (self.body,)


@dataclass(frozen=True)
class Track:
    """An explicit order of agenda units, possibly in different bodies: each unit starts
    after the previous one ends (hard, or soft at `weight` per inversion)."""

    key: str
    units: tuple[str, ...]  #: unit keys in their order, e.g. ("cluster-3-5", "item-4")
    strength: Literal["hard", "soft"] = "hard"
    weight: int = 100  #: per pair out of order, when soft
    name: str = ""  #: e.g. "the debate before the workshops"

    @property
    def label(self) -> str:
        return self.name or f"track {self.key}"


@dataclass(frozen=True)
class Workshop:
    """GA res. 63/193: issues considered in workshops."""

    number: int
    title: str
    short_title: str = ""
    meetings: int = 2  #: consecutive meetings (two half-days in 2010)
    bodies: tuple[str, ...] = ()  #: bodies that may host it; () = any body
    agenda_item: int | None = None
    """The agenda item under which the workshop is held (A/CONF.213/1 lists
    workshops 1-3 and 5 under item 5 and workshop 4 under item 7)."""
    expected_attendance: int = 0
    slot_kinds: tuple[SlotKind, ...] = ()
    """Kinds of slots the workshop may use; () = formal or informal slots."""
    span: WorkshopSpan | None = None
    """"same_day": all its meetings on one day; "consecutive_days": consecutive slots
    that may run over the night into the next day(s). None: the congress's
    `rules.workshops_same_day`."""
    start: WorkshopStart = "any"  #: "morning": its first meeting is a day's first slot
    room: str | None = None
    """A room outside the bodies: the workshop is a meeting in that room (a side
    workshop), not a meeting of a body; `bodies` is then ignored."""
    slots: tuple[str, ...] = ()
    """Slot keys a room workshop may use (also non-formal ones, e.g. "evening");
    () = the formal slots."""

    @property
    def key(self) -> str:
        return keys.workshop_unit(self.number)

    @property
    def allowed_kinds(self) -> tuple[SlotKind, ...]:
        return self.slot_kinds or WORKSHOP_SLOT_KINDS

    def same_day(self, rules: Rules) -> bool:
        """Whether its meetings must fall on one day."""
        return rules.workshops_same_day if self.span is None else self.span == "same_day"


@dataclass(frozen=True)
class HighLevelSegment:
    """A segment: contiguous meetings of one body within a window of days (GA res.
    56/119: each congress includes a high-level segment; a treaty event segment, a
    special segment in the middle days, ... are segments too)."""

    body: str
    meetings: int  #: contiguous meetings of `body`
    anchor: Literal["start", "end", "dates"] = "end"
    window_days: int = 2  #: the first / last `window_days` days of the congress
    source: str = ""  #: the congress's citation; "" = the family's (or the default)

    key: str = keys.HIGH_LEVEL_SEGMENT  #: unit key: keys.segment_unit(stored key)
    title: str = ""  #: e.g. "Treaty event segment"; "" = "high-level segment"
    dates: tuple[dt.date, ...] = ()
    """With anchor "dates": the days of the window (e.g. the middle days)."""

    @property
    def label(self) -> str:
        """ "the high-level segment", "the treaty event segment"."""
        title = self.title or "high-level segment"
        return f"the {title[:1].lower()}{title[1:]}"


@dataclass(frozen=True)
class FixedEvent:
    """A meeting whose date and slot are decided by the documents: of a body (its
    slot is the body's), or held in a room (`room`, body ""), which it takes from the
    bodies meeting there and from ancillary meetings."""

    kind: FixedKind
    title: str
    body: str  #: body key; "" for an event held in `room`
    date: dt.date | None = None
    """For the closing, None means the last slot of the last day the congress
    may use (end date, or the max-duration limit)."""
    slot: str | None = None  #: slot key; None with start/end = off-grid time
    start: dt.time | None = None  #: local times when `slot` is None
    end: dt.time | None = None
    agenda_items: tuple[int, ...] = ()
    takes_up_next_unit: bool = False
    """The same meeting also takes up the first meeting of the body's next
    agenda unit (A/CONF.213/1 annex: the opening meeting takes up items 3
    and 5 after items 1 and 2)."""
    source: str = ""
    key: str = ""
    """The event's key (rules and pins refer to it); "" for the single kinds, whose
    key is their kind."""
    room: str | None = None  #: room name, for an event of no body

    @property
    def single(self) -> bool:
        """Opening, closing, pre-Congress consultations: one per congress, own meaning."""
        return self.kind in SINGLE_KINDS

    @property
    def unit_key(self) -> str:
        """ "opening", "pre-congress", "event-signing"."""
        if self.single:
            return keys.fixed_event_unit(self.kind)
        return keys.event_unit(self.key or self.kind.replace("_", "-"))

    @property
    def meeting_key(self) -> str:
        """ "plenary:opening", "plenary:event-signing", "event:signing" (in a room)."""
        if self.single:
            return keys.fixed_meeting(self.body, self.kind)
        return keys.event_meeting(self.body, self.key or self.kind.replace("_", "-"))


@dataclass(frozen=True)
class Pin:
    """An organizer fixes the `meeting`-th meeting of a unit to a slot."""

    target: str  #: unit key: "cluster-3-5", "workshop-3", "high-level-segment", ancillary key
    date: dt.date
    slot: str
    meeting: int = 1  #: 1-based
    body: str | None = None  #: body key, for workshops (None = any allowed)
    source: str = "organizer"


@dataclass(frozen=True)
class Exclusion:
    """An organizer forbids slots for a body or a unit.

    `dates` None = every day; `slots` () = every slot of those days."""

    body: str | None = None
    target: str | None = None
    dates: tuple[dt.date, ...] | None = None
    slots: tuple[str, ...] = ()
    source: str = "organizer"


@dataclass(frozen=True)
class AncillaryMeeting:
    """A side event or other ancillary meeting that needs a room."""

    key: str
    title: str
    attendance: int
    slots: tuple[str, ...] = ()  #: allowed slot keys; () = non-formal slots
    dates: tuple[dt.date, ...] | None = None  #: allowed dates; None = any
    preferred: tuple[tuple[dt.date, str], ...] = ()  #: wished (date, slot)s
    interpretation: bool = False  #: counts against the interpretation cap


@dataclass(frozen=True)
class Weights:
    """Weights of the soft preferences (0 switches one off)."""

    formal_meetings_early: int = 1
    """Formal debate early, informal consultations on the drafts later
    (A/CONF.213/1: the report is adopted at the end; GA res. 63/193: the
    segment lets leaders focus on the substantive items)."""
    compact_bodies: int = 1
    """Per idle slot between a body's first and last formal meeting."""
    workshops_spread: int = 12  #: per pair of workshops held on the same day
    workshop_after_item: int = 50
    """A workshop is held after the meetings on its agenda item."""
    workshop_near_item: int = 2
    """Per slot between the end of the debate on its item and a workshop."""
    segment_near_anchor: int = 100  #: per slot away from its anchor
    agenda_order: int = 200  #: per inversion, when agenda order is soft
    clusters_together: int = 100  #: per gap slot, when consecutiveness is soft
    stability: int = 1000  #: per meeting moved from the previous timetable
    ancillary_preferred: int = 1  #: per ancillary meeting not in a wished slot


@dataclass(frozen=True)
class Rules:
    max_parallel_meetings: int | None = None
    """Interpretation teams cap how many formal meetings run at once (three
    bodies meet in parallel in the 2010 annex)."""
    max_days_including_consultations: int | None = None
    """GA res. 67/184 for 2015: "should not exceed eight days, including
    pre-Congress consultations"."""
    workshops_same_day: bool = True  #: the meetings of a workshop fall on one day
    agenda_order: Strength = "hard"  #: agenda units in order within a body
    informal_consultations: bool = True
    """Empty slots of an existing body are informal consultations (annex)."""
    max_duration: Duration | None = None
    """The duration rule (calendar or working days, with or without the pre-session);
    overrides `max_days_including_consultations` when given."""
    meetings_on_weekends: bool = True
    """Meetings may be held on the venue's weekend days (the 2010 Congress met on a
    Sunday for its pre-Congress consultations)."""
    meetings_on_holidays: bool = True  #: meetings may be held on official holidays

    @property
    def duration(self) -> Duration | None:
        """The duration rule in force (the former field is eight calendar days including
        the pre-Congress consultations)."""
        if self.max_duration is not None:
            return self.max_duration
        if self.max_days_including_consultations is not None:
            return Duration(self.max_days_including_consultations, "calendar", True)
        return None


@dataclass(frozen=True)
class Problem:
    """One congress to schedule."""

    name: str
    time_zone: str  #: IANA zone of the venue, e.g. "America/Bahia"
    start_date: dt.date
    end_date: dt.date
    slots: tuple[Slot, ...]
    bodies: tuple[Body, ...]
    rooms: tuple[Room, ...] = ()
    agenda_items: tuple[AgendaItem, ...] = ()
    units: tuple[AgendaUnit, ...] = ()
    workshops: tuple[Workshop, ...] = ()
    high_level_segment: HighLevelSegment | None = None
    segments: tuple[HighLevelSegment, ...] = ()
    """Other segments (a treaty event segment, a special segment), keyed
    keys.segment_unit(...)."""
    fixed_events: tuple[FixedEvent, ...] = ()
    pins: tuple[Pin, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    ancillary: tuple[AncillaryMeeting, ...] = ()
    tracks: tuple[Track, ...] = ()
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    sources: dict[str, str] = field(default_factory=dict)
    """The congress's citations: rule family, rule name or name prefix -> text, e.g.
    {"high_level_segment": "GA res. 63/193: last two days", "clusters.order": "..."}.
    A rule without one cites DEFAULT_SOURCE."""
    day_slots: tuple[DaySlots, ...] = ()
    """Per-date slot lists that replace `slots` on their dates."""
    calendar: Calendar = field(default_factory=Calendar)
    """The venue's weekend and official holidays."""

    # ---- helpers shared by the model and the validator -------------------

    @property
    def days(self) -> list[dt.date]:
        n = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(n)]

    def body(self, key: str) -> Body:
        for b in self.bodies:
            if b.key == key:
                return b
        raise KeyError(key)

    def room(self, name: str | None) -> Room | None:
        for r in self.rooms:
            if r.name == name:
                return r
        return None

    def slot(self, key: str, date: dt.date | None = None) -> Slot:
        """The slot `key` (with its times on `date` when that day has its own slots)."""
        if date is not None:
            for s in self.slots_of(date):
                if s.key == key:
                    return s
        for s in self.slots:
            if s.key == key:
                return s
        raise KeyError(key)

    def slots_of(self, date: dt.date) -> tuple[Slot, ...]:
        """The slots of `date`: its own list when it has one, else every day's."""
        for d in self.day_slots:
            if d.date == date:
                return d.slots
        return self.slots

    def body_may_meet(self, body: Body, date: dt.date, slot: str) -> bool:
        """The body may meet in (date, slot): it is not unavailable there and no
        exclusion of the whole body covers it (informal consultations follow this)."""
        if not body.available(date, slot) or not self.meeting_day(date, body):
            return False
        return not any(
            e.body == body.key
            and e.target is None
            and (e.dates is None or date in e.dates)
            and (not e.slots or slot in e.slots)
            for e in self.exclusions
        )

    def meeting_day(self, date: dt.date, body: Body | None = None) -> bool:
        """Meetings may be held on `date` (the calendar rules: weekends, holidays), by the
        congress's rules or, for `body`, by its own where it has one. Without a body: by
        the congress's rules, or by some body's own (its cells are in the grid)."""
        if body is None:
            return self._meeting_day(date, None) or any(
                self._meeting_day(date, b) for b in self.bodies
            )
        return self._meeting_day(date, body)

    def _meeting_day(self, date: dt.date, body: Body | None) -> bool:
        r = self.rules
        weekends = r.meetings_on_weekends
        holidays = r.meetings_on_holidays
        if body is not None:
            if body.meets_on_weekends is not None:
                weekends = body.meets_on_weekends
            if body.meets_on_holidays is not None:
                holidays = body.meets_on_holidays
        if not weekends and self.calendar.is_weekend(date):
            return False
        return holidays or not self.calendar.is_holiday(date)

    def cells(self) -> list[tuple[dt.date, str]]:
        """The grid: every (date, slot) a body may meet in, in time order (side slots and
        days closed by the calendar left out). The model and the validator share it."""
        out: list[tuple[dt.date, str]] = []
        for day in self.days:
            if not self.meeting_day(day):
                continue
            slots = sorted((s for s in self.slots_of(day) if s.bodies_meet), key=lambda s: s.start)
            out.extend((day, s.key) for s in slots)
        return out

    @property
    def all_segments(self) -> tuple[HighLevelSegment, ...]:
        """The high-level segment (if any) first, then the other segments."""
        first = (self.high_level_segment,) if self.high_level_segment is not None else ()
        return first + self.segments

    def source_of(self, name: str, default: str = "", own: str = "") -> str:
        """The citation of the rule `name` ("fixed_events.after_opening.committee-1"):
        its `own` (a fixed event's or a segment's, set by the congress), else the
        congress's for the longest dotted prefix of the name, else the scheduler's
        neutral `default`, else DEFAULT_SOURCE."""
        if own:
            return own
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            found = self.sources.get(".".join(parts[:n]))
            if found:
                return found
        return default or DEFAULT_SOURCE

    def rooms_taken(self, date: dt.date, slot: str) -> set[str]:
        """Rooms that events held in a room (of no body) take on `date` in `slot`: the
        event's slot, or any slot its own times overlap."""
        s = self.slot(slot, date)
        taken: set[str] = set()
        for e in self.fixed_events:
            if e.body or e.room is None or e.date != date:
                continue
            if e.slot == slot or (
                e.slot is None
                and e.start is not None
                and e.end is not None
                and e.start < s.end
                and s.start < e.end
            ):
                taken.add(e.room)
        return taken

    def fixed(self, kind: FixedKind) -> FixedEvent | None:
        for e in self.fixed_events:
            if e.kind == kind:
                return e
        return None

    def units_in_order(self, body: str) -> list[AgendaUnit]:
        """The body's units in their order of consideration (agenda order)."""
        us = [u for u in self.units if u.allowed_bodies == (body,)]
        return sorted(us, key=lambda u: (u.order if u.order is not None else min(u.items), u.key))

    def room_workshop_slots(self, w: Workshop) -> list[tuple[dt.date, str]]:
        """The (day, slot)s a room workshop may use, in time order: its named slots
        (any kind), else the formal slots, of every day."""
        allowed = [s.key for s in self.slots if (s.key in w.slots if w.slots else s.formal)]
        return [(d, s) for d in self.days for s in allowed]

    def item_title(self, number: int) -> str:
        for i in self.agenda_items:
            if i.number == number:
                return i.title
        return ""

    def first_day(self) -> dt.date:
        """First day of the congress including pre-Congress consultations."""
        pre = self.fixed("pre_congress_consultations")
        if pre is not None and pre.date is not None and pre.date < self.start_date:
            return pre.date
        return self.start_date

    def window_dates(self, h: HighLevelSegment) -> tuple[dt.date, dt.date]:
        """First and last date of the segment's window: its first / last `window_days`
        days the segment's body meets on (a closed weekend is not counted)."""
        body = next((b for b in self.bodies if b.key == h.body), None)
        last = self.last_allowed_day()
        open_days = [d for d in self.days if d <= last and self.meeting_day(d, body)]
        if not open_days:
            return self.start_date, self.start_date - dt.timedelta(days=1)
        if h.anchor == "start":
            return open_days[0], open_days[: h.window_days][-1]
        return open_days[-h.window_days :][0], open_days[-1]

    def duration_first_day(self) -> dt.date:
        """The day the duration rule counts from (the pre-session's, when it includes it)."""
        d = self.rules.duration
        return self.first_day() if d is None or d.includes_pre_session else self.start_date

    def last_allowed_day(self) -> dt.date:
        """Last day meetings may use (end date, cut by the duration rule)."""
        last = self.end_date
        d = self.rules.duration
        if d is not None:
            end = self.calendar.last_day_of(self.duration_first_day(), d.days, d.counts)
            last = min(last, end)
        return last

    def closing_date_slot(self) -> tuple[dt.date, str] | None:
        c = self.fixed("closing")
        if c is None:
            return None
        if c.date is not None and c.slot is not None:
            return c.date, c.slot
        date = c.date or self.last_allowed_day()
        if c.date is None:
            # The last day meetings may be held on (not a closed weekend or holiday).
            body = next((b for b in self.bodies if b.key == c.body), None)
            while date > self.start_date and not self.meeting_day(date, body):
                date -= dt.timedelta(days=1)
        formal = [s.key for s in self.slots_of(date) if s.formal] or [
            s.key for s in self.slots if s.formal
        ]
        return date, (c.slot or formal[-1])

    def check(self) -> list[str]:
        """Inconsistencies that make the problem impossible to model."""
        errs: list[str] = []
        keys = {b.key for b in self.bodies}
        slot_keys = {s.key for s in self.slots}
        if self.end_date < self.start_date:
            errs.append("the end date is before the start date")
        if not any(s.formal for s in self.slots):
            errs.append("no formal meeting slot is defined")
        if len(keys) != len(self.bodies):
            errs.append("two bodies share a key")
        for u in self.units:
            for b in u.allowed_bodies:
                if b not in keys:
                    errs.append(f"agenda unit {u.key} names an unknown body {b!r}")
            if u.earliest and u.latest and u.earliest > u.latest:
                errs.append(f"agenda unit {u.key} has its earliest day after its latest")
            if u.meetings < 1:
                errs.append(f"agenda unit {u.key} needs at least one meeting")
        if len({u.key for u in self.units}) != len(self.units):
            errs.append("two agenda units share a key")
        for w in self.workshops:
            for b in w.bodies:
                if b not in keys:
                    errs.append(f"workshop {w.number} names an unknown body {b!r}")
            if w.room is not None and self.room(w.room) is None:
                errs.append(f"workshop {w.number} names an unknown room {w.room!r}")
            for sk in w.slots:
                if sk not in slot_keys:
                    errs.append(f"workshop {w.number} names an unknown slot {sk!r}")
        unit_keys = {u.key for u in self.units} | {w.key for w in self.workshops}
        for tr in self.tracks:
            for uk in tr.units:
                if uk not in unit_keys:
                    errs.append(f"{tr.label} names an unknown unit {uk!r}")
        for h in self.all_segments:
            if h.body not in keys:
                errs.append(f"{h.label} names an unknown body {h.body!r}")
            if h.anchor == "dates" and not h.dates:
                errs.append(f"{h.label} has a window of dates but no date")
        if len({h.key for h in self.all_segments}) != len(self.all_segments):
            errs.append("two segments share a key")
        rooms = {r.name for r in self.rooms}
        for e in self.fixed_events:
            if e.body and e.body not in keys:
                errs.append(f"{e.title} names an unknown body {e.body!r}")
            if not e.body and (e.room is None or e.single):
                errs.append(f"{e.title} needs a body")
            if e.room is not None and e.room not in rooms:
                errs.append(f"{e.title} names an unknown room {e.room!r}")
            if e.slot is not None and e.slot not in slot_keys:
                errs.append(f"{e.title} names an unknown slot {e.slot!r}")
            if e.slot is None and e.kind != "closing" and (e.start is None or e.end is None):
                errs.append(f"{e.title} needs a slot or start and end times")
        if len({e.unit_key for e in self.fixed_events}) != len(self.fixed_events):
            errs.append("two fixed events share a key")
        for p in self.pins:
            if p.slot not in slot_keys:
                errs.append(f"a pin of {p.target} names an unknown slot {p.slot!r}")
        for ds in self.day_slots:
            for sl in ds.slots:
                if sl.key not in slot_keys:
                    errs.append(f"the slots of {ds.date} name an unknown slot {sl.key!r}")
        for body in self.bodies:
            if body.first_meeting is not None and body.first_meeting[1] not in slot_keys:
                errs.append(f"the first meeting of the {body.name} names an unknown slot")
        return errs
