"""The organization of work as the annex of A/CONF.213/1 lays it out.

Days as rows (a morning and an afternoon row under each day), a column per body, and in
each cell the annex's own words: "Agenda item 3. Children, youth and crime" the first
time an item is taken up, "Agenda item 3 (continued)" afterwards; "Workshop on <title>"
and "(continued)"; "High-level segment" and "(continued)"; "Informal consultations";
"Pre-Congress consultations"; the closing meeting's "Closure of the Congress".

Pure functions of a congress and a version: the page, the DOCX and the CSV exports all
read their cell text from here, so that they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.congresses.models import Congress
from app.timetables.models import TimetableMeeting, TimetableVersion
from app.timetables.presentation import Labeller
from app.timetables.snapshot import DocumentLabel, Labels
from scheduler.timetable import Kind
from scheduler.wording import MONTHS
from scheduler.wording import long_date as long_date  # one way of writing a day: rules and pages


def _bare(title: str) -> str:
    """The agenda's titles end with a full stop; the annex's cells do not."""
    return title.strip().rstrip(".").strip()


@dataclass(frozen=True)
class Line:
    """One line of a cell: a label, an optional title (in `title_lang`), "(continued)"."""

    label: str
    title: str | None = None
    title_lang: str = "en"
    continued: bool = False

    @property
    def text(self) -> str:
        out = self.label + (self.title or "")
        return f"{out} (continued)" if self.continued else out


@dataclass(frozen=True)
class DocumentRef:
    symbol: str
    title: str | None


@dataclass(frozen=True)
class ItemRef:
    number: int
    title: str
    title_lang: str
    documents: tuple[DocumentRef, ...]


@dataclass(frozen=True)
class MeetingView:
    """A meeting of the version with everything a page or an export shows of it."""

    meeting: TimetableMeeting
    lines: tuple[Line, ...]
    body_name: str
    body_lang: str
    slot_name: str
    start: dt.datetime  #: aware, in the venue's zone
    end: dt.datetime
    items: tuple[ItemRef, ...]
    workshop_title: str | None
    workshop_lang: str
    documents: tuple[DocumentRef, ...]

    @property
    def key(self) -> str:
        return self.meeting.key

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def room(self) -> str | None:
        return self.meeting.room

    @property
    def kind(self) -> Kind:
        return self.meeting.kind


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    lang: str


@dataclass
class Row:
    slot_key: str
    slot_name: str
    cells: list[MeetingView | None]
    #: The slot's hours, local time of the venue: "10:00–13:00" ("" for an unknown slot).
    hours: str = ""


@dataclass
class Day:
    date: dt.date
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        return long_date(self.date)


@dataclass
class Annex:
    congress: Congress
    version: TimetableVersion
    lang: str
    columns: list[Column]
    days: list[Day]
    meetings: list[MeetingView]
    #: Meetings outside the grid (ancillary meetings have no body column).
    others: list[MeetingView]
    #: Every column and day of the version, before filtering (for the filter form).
    all_columns: list[Column]
    all_dates: list[dt.date]
    #: The names and titles the version shows (its snapshot once published).
    labels: Labels
    #: Those words in the page's language, and the venue's clock.
    labeller: Labeller

    def meeting(self, key: str) -> MeetingView | None:
        for view in self.meetings:
            if view.key == key or key in view.meeting.also:
                return view
        return None


def slot_hours(start: dt.time, end: dt.time) -> str:
    """ "10:00–13:00": the hours of a slot, as the grid and the DOCX show them."""
    return f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"


def date_range(start: dt.date, end: dt.date) -> str:
    """ "12-19 April 2010" as the documents write a congress's dates."""
    if start == end:
        return f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return (
            f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {end.year}"
        )
    return f"{start.day} {MONTHS[start.month - 1]} {start.year} – {end.day} " + (
        f"{MONTHS[end.month - 1]} {end.year}"
    )


def utc_offset(moment: dt.datetime) -> str:
    """ "UTC−03:00" for a zone-aware time."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class _Wording:
    """Cell lines in meeting order, remembering what was already taken up (the annex
    writes "(continued)" from a unit's second meeting on)."""

    def __init__(self, labeller: Labeller) -> None:
        self.labeller = labeller
        self.seen_items: set[int] = set()
        self.seen_workshops: set[int | str] = set()
        self.segment_started = False

    def item_title(self, number: int) -> tuple[str, str]:
        found = self.labeller.item_title(number)
        if found is None:
            return "", "en"
        return _bare(found[0]), found[1]

    def item_lines(self, numbers: Iterable[int]) -> list[Line]:
        lines = []
        for number in numbers:
            if number in self.seen_items:
                lines.append(Line(f"Agenda item {number}", continued=True))
            else:
                title, lang = self.item_title(number)
                lines.append(Line(f"Agenda item {number}. ", title, lang))
                self.seen_items.add(number)
        return lines

    def lines(self, meeting: TimetableMeeting) -> list[Line]:
        kind = meeting.kind
        if kind in ("agenda", "opening"):
            return self.item_lines(meeting.agenda_items) or [Line(meeting.title or "Meeting")]
        if kind == "closing":
            return [*self.item_lines(meeting.agenda_items), Line("Closure of the Congress")]
        if kind == "workshop":
            number = self.labeller.workshop_of(meeting)
            named = self.labeller.workshop_name(number)
            # A workshop is known by its number (titles change); by its title only for
            # a meeting whose key names no number.
            seen: int | str = number if number is not None else meeting.workshop or meeting.title
            title, lang = named or (meeting.workshop or meeting.title, "en")
            continued = seen in self.seen_workshops
            self.seen_workshops.add(seen)
            return [Line("Workshop on ", _bare(title), lang, continued=continued)]
        if kind == "high-level":
            continued = self.segment_started
            self.segment_started = True
            return [Line("High-level segment", continued=continued)]
        if kind == "informal":
            return [Line("Informal consultations")]
        if kind == "pre-congress":
            return [Line(meeting.title or "Pre-Congress consultations")]
        return [Line(meeting.title or kind)]


def _documents(documents: Sequence[DocumentLabel]) -> tuple[DocumentRef, ...]:
    return tuple(DocumentRef(d.symbol, d.title) for d in documents)


def build_annex(
    congress: Congress,
    version: TimetableVersion,
    *,
    lang: str = "en",
    body: str | None = None,
    day: dt.date | None = None,
) -> Annex:
    """The grid of a version; `body` and `day` keep one column or one day.

    The "(continued)" wording is decided over the whole version before filtering, so a
    filtered page says what the full annex says.
    """
    # A published version shows what it announced (its snapshot), a draft the
    # congress as it is. (A slot's hours are the venue's and are read as they are.)
    labeller = Labeller.of_version(version, congress, lang)
    labels = labeller.labels
    wording = _Wording(labeller)
    bodies = {b.key: b for b in labels.bodies}
    slots = {s.key: (s.position, s.name) for s in labels.meeting_slots}
    hours = {s.key: slot_hours(s.start_time, s.end_time) for s in congress.meeting_slots}
    ordered = sorted(version.meetings, key=lambda m: (m.start, m.position))

    views: list[MeetingView] = []
    for m in ordered:
        lines = tuple(wording.lines(m))
        body_name, body_lang = labeller.meeting_body(m)
        items = tuple(
            ItemRef(
                number=n,
                title=wording.item_title(n)[0],
                title_lang=wording.item_title(n)[1],
                documents=_documents(known.documents) if (known := labeller.item(n)) else (),
            )
            for n in m.agenda_items
        )
        # A meeting names its workshop by the workshop's number (in its key).
        workshop = labeller.workshop(labeller.workshop_of(m)) if m.workshop else None
        workshop_title, workshop_lang = (
            labeller.pick(workshop.title, workshop.translations)
            if workshop
            else (m.workshop, "en")
            if m.workshop
            else (None, "en")
        )
        documents: list[DocumentRef] = []
        for item in items:
            documents.extend(d for d in item.documents if d not in documents)
        if workshop:
            documents.extend(d for d in _documents(workshop.documents) if d not in documents)
        views.append(
            MeetingView(
                meeting=m,
                lines=lines,
                body_name=body_name,
                body_lang=body_lang,
                slot_name=slots.get(m.slot_key, (99, m.slot_key))[1],
                start=labeller.local(m.start),
                end=labeller.local(m.end),
                items=items,
                workshop_title=workshop_title,
                workshop_lang=workshop_lang,
                documents=tuple(documents),
            )
        )

    in_grid = [v for v in views if v.meeting.body_key in bodies]
    others = [v for v in views if v.meeting.body_key not in bodies]
    present = {v.meeting.body_key for v in in_grid}
    all_columns = [
        Column(b.key, *labeller.pick(b.name, b.translations))
        for b in labels.bodies
        if b.key in present
    ]
    columns = [c for c in all_columns if body is None or c.key == body]
    all_dates = sorted({v.meeting.date for v in in_grid})

    cells = {(v.meeting.date, v.meeting.slot_key, v.meeting.body_key): v for v in in_grid}
    # A date with its own slots (congress.day_slots) shows its own hours: the meetings'.
    own_dates = {d.get("date") for d in congress.day_slots or []}
    own_hours = {
        (v.meeting.date, v.meeting.slot_key): slot_hours(v.start.time(), v.end.time())
        for v in in_grid
        if v.meeting.kind != "pre-congress" and v.meeting.date.isoformat() in own_dates
    }
    rows_of_days = sorted(
        {(v.meeting.date, v.meeting.slot_key) for v in in_grid},
        key=lambda ds: (ds[0], slots.get(ds[1], (99, ds[1]))[0], ds[1]),
    )
    days: list[Day] = []
    for date, slot_key in rows_of_days:
        if day is not None and date != day:
            continue
        row = Row(
            slot_key=slot_key,
            slot_name=slots.get(slot_key, (99, slot_key))[1],
            cells=[cells.get((date, slot_key, c.key)) for c in columns],
            hours=own_hours.get((date, slot_key), hours.get(slot_key, "")),
        )
        if body is not None and not any(row.cells):
            continue
        if not days or days[-1].date != date:
            days.append(Day(date))
        days[-1].rows.append(row)

    return Annex(
        congress=congress,
        version=version,
        lang=lang,
        columns=columns,
        days=days,
        meetings=views,
        others=others,
        all_columns=all_columns,
        all_dates=all_dates,
        labels=labels,
        labeller=labeller,
    )
