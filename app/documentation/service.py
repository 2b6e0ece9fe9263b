"""The documentation plan: when each pre-session document is due, and which are late.

A document is due a congress-set number of working days before the first meeting
that takes up its agenda item in the published timetable (CCPCJ 22nd session report:
ten working days for the Commission's working groups), counting out the venue's
weekend days and public holidays. It follows the timetable: publish a version that
moves the item, and its documents' due dates move with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from app.agenda import repository as agenda
from app.agenda.models import Document
from app.congresses.models import Congress
from app.core.calendar import Calendar
from app.core.problems import NotFound
from app.core.spreadsheet import spreadsheet_cell
from app.timetables import repository as timetables
from app.timetables.models import TimetableVersion


class DocumentStatus(StrEnum):
    #: Issued no later than its due date.
    ISSUED = "issued"
    #: Issued, but after its due date.
    ISSUED_LATE = "issued-late"
    #: Not issued yet, and there is still time.
    DUE = "due"
    #: Not issued, past its due date, before the meeting.
    LATE = "late"
    #: Not issued, and the meeting that takes up its item has begun.
    MISSING = "missing"
    #: The item has no meeting in the published timetable (or none is published).
    UNSCHEDULED = "unscheduled"
    #: The congress sets no deadline (rules.document_deadline_working_days).
    NO_DEADLINE = "no-deadline"


def is_working_day(day: dt.date, weekend: frozenset[int], holidays: frozenset[dt.date]) -> bool:
    return Calendar(weekend, holidays).is_working_day(day)


def due_date(
    meeting: dt.date,
    working_days: int,
    weekend: frozenset[int],
    holidays: frozenset[dt.date],
) -> dt.date:
    """The working day `working_days` working days before `meeting`.

    Counting the due day itself, as the Secretariat does (CTOC/COP/WG.2/2007/2 was
    issued on 19 September 2007, "ten working days" before 3 October). The venue's
    calendar is the scheduler's (scheduler/calendar.py), one for both.
    """
    return Calendar(weekend, holidays).working_days_before(meeting, working_days)


def status_of(
    *,
    issued_on: dt.date | None,
    due_on: dt.date | None,
    first_meeting: dt.date | None,
    today: dt.date,
    has_deadline: bool,
) -> DocumentStatus:
    if issued_on is not None:
        if due_on is not None and issued_on > due_on:
            return DocumentStatus.ISSUED_LATE
        return DocumentStatus.ISSUED
    if first_meeting is None:
        return DocumentStatus.UNSCHEDULED
    if today >= first_meeting:
        return DocumentStatus.MISSING
    if not has_deadline or due_on is None:
        return DocumentStatus.NO_DEADLINE
    return DocumentStatus.LATE if today > due_on else DocumentStatus.DUE


@dataclass(frozen=True)
class DocumentLine:
    symbol: str
    title: str | None
    issued_on: dt.date | None
    due_on: dt.date | None
    status: DocumentStatus


@dataclass(frozen=True)
class ItemPlan:
    number: int
    title: str
    body: str | None  #: body key
    body_name: str | None
    first_meeting: dt.date | None
    due_on: dt.date | None
    documents: list[DocumentLine]


@dataclass(frozen=True)
class BodyPlan:
    body: str
    body_name: str
    counts: dict[DocumentStatus, int]


@dataclass(frozen=True)
class Plan:
    congress: Congress
    version: int | None
    today: dt.date
    working_days: int | None
    weekend_days: list[int]
    holidays: list[dt.date]
    items: list[ItemPlan]
    bodies: list[BodyPlan] = field(default_factory=list)


def first_meetings(version: TimetableVersion | None) -> dict[int, dt.date]:
    """The date of the first meeting that takes up each agenda item."""
    first: dict[int, dt.date] = {}
    if version is None:
        return first
    for meeting in version.meetings:
        for number in meeting.agenda_items:
            if number not in first or meeting.date < first[number]:
                first[number] = meeting.date
    return first


def documentation_plan(
    congress: Congress, version: TimetableVersion | None, today: dt.date
) -> Plan:
    """Every item's documents with due date and status, and the counts per body."""
    weekend = frozenset(congress.weekend_days or ())
    holidays = frozenset(dt.date.fromisoformat(d) for d in congress.holidays or ())
    working_days = congress.document_deadline_working_days
    first = first_meetings(version)
    items: list[ItemPlan] = []
    for item in congress.agenda_items:
        meeting = first.get(item.number)
        due_on = (
            due_date(meeting, working_days, weekend, holidays)
            if meeting is not None and working_days is not None
            else None
        )
        items.append(
            ItemPlan(
                number=item.number,
                title=item.title,
                body=item.body.key if item.body else None,
                body_name=item.body.name if item.body else None,
                first_meeting=meeting,
                due_on=due_on,
                documents=[
                    DocumentLine(
                        symbol=document.symbol,
                        title=document.title,
                        issued_on=document.issued_on,
                        due_on=due_on,
                        status=status_of(
                            issued_on=document.issued_on,
                            due_on=due_on,
                            first_meeting=meeting,
                            today=today,
                            has_deadline=working_days is not None,
                        ),
                    )
                    for document in item.documents
                ],
            )
        )
    bodies: list[BodyPlan] = []
    for body in congress.bodies:
        counts = dict.fromkeys(DocumentStatus, 0)
        for plan in items:
            if plan.body == body.key:
                for line in plan.documents:
                    counts[line.status] += 1
        bodies.append(BodyPlan(body=body.key, body_name=body.name, counts=counts))
    return Plan(
        congress=congress,
        version=version.number if version is not None else None,
        today=today,
        working_days=working_days,
        weekend_days=sorted(weekend),
        holidays=sorted(holidays),
        items=items,
        bodies=bodies,
    )


CSV_COLUMNS = (
    "item",
    "item_title",
    "body",
    "first_meeting",
    "due_on",
    "symbol",
    "document_title",
    "issued_on",
    "status",
)


def current_plan(session: Session, congress: Congress, today: dt.date) -> Plan:
    """The plan as the latest published version of the timetable makes it."""
    return documentation_plan(congress, timetables.latest_published(session, congress.id), today)


def issue_document(
    session: Session, congress: Congress, symbol: str, issued_on: dt.date | None
) -> Document:
    """Record when a document was issued (None: not yet)."""
    document = agenda.document(session, congress.id, symbol)
    if document is None:
        raise NotFound(f"{congress.name} lists no document {symbol!r}.")
    document.issued_on = issued_on
    session.flush()
    return document


def csv_rows(plan: Plan) -> list[list[str]]:
    """One row per document of each item (a document of two items appears twice)."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        # Titles come from seed files: no cell may start a formula (CSV injection).
        return str(spreadsheet_cell(str(value)))

    rows: list[list[str]] = [list(CSV_COLUMNS)]
    for item in plan.items:
        for line in item.documents:
            rows.append(
                [
                    text(item.number),
                    text(item.title),
                    text(item.body),
                    text(item.first_meeting),
                    text(line.due_on),
                    text(line.symbol),
                    text(line.title),
                    text(line.issued_on),
                    line.status.value,
                ]
            )
    return rows
