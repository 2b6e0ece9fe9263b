"""What the API shows of the documentation plan."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.documentation.service import DocumentStatus


class DocumentPlanLine(BaseModel):
    symbol: str = Field(examples=["A/CONF.213/3"])
    title: str | None
    issued_on: dt.date | None
    due_on: dt.date | None
    status: DocumentStatus = Field(
        description="issued, issued-late, due, late (past due, before the meeting), missing "
        "(the meeting has begun without it), unscheduled, no-deadline"
    )


class ItemPlanPublic(BaseModel):
    number: int
    title: str
    body: str | None = Field(description="Key of the body that takes up the item")
    body_name: str | None
    first_meeting: dt.date | None = Field(
        description="Date of the first meeting taking up the item in the published timetable"
    )
    due_on: dt.date | None = Field(description="Its documents are due on this day at the latest")
    documents: list[DocumentPlanLine]


class BodyPlanPublic(BaseModel):
    body: str
    body_name: str
    issued: int
    issued_late: int
    due: int
    late: int
    missing: int
    unscheduled: int
    no_deadline: int


class DocumentationPlanPublic(BaseModel):
    congress: str = Field(description="Slug of the congress")
    timetable_version: int | None = Field(description="The published version the plan follows")
    today: dt.date = Field(description="The day statuses are computed for (?as_of=)")
    deadline_working_days: int | None = Field(
        description="Documents are due this many working days before the item's first meeting"
    )
    weekend_days: list[int] = Field(description="ISO weekdays the venue does not work (7: Sunday)")
    holidays: list[dt.date]
    items: list[ItemPlanPublic]
    bodies: list[BodyPlanPublic]


class DocumentIssue(BaseModel):
    issued_on: dt.date | None = Field(description="When the document was issued; null: not yet")

    model_config = {"extra": "forbid"}


class DocumentPublic(BaseModel):
    symbol: str
    title: str | None
    issued_on: dt.date | None
