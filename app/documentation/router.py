"""The documentation plan (JSON and CSV), public like the timetable it follows.

Marking a document issued is the secretariat's (organizer token).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response

from app.auth.deps import Organizer, ensure_organizer_of
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.database import utc_now
from app.core.deps import SessionDep
from app.core.problems import Problem
from app.documentation import service
from app.documentation.schemas import (
    BodyPlanPublic,
    DocumentationPlanPublic,
    DocumentIssue,
    DocumentPlanLine,
    DocumentPublic,
    ItemPlanPublic,
)
from app.documentation.service import DocumentStatus, Plan, csv_rows

router = APIRouter(prefix="/congresses/{congress}", tags=["documentation"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such congress"}
}

AsOf = Annotated[
    dt.date | None,
    Query(description="Compute statuses for this day (default: today at the venue)"),
]


def _today(request: Request, congress: Congress, as_of: dt.date | None) -> dt.date:
    if as_of is not None:
        return as_of
    # app.state.clock lets tests (and a dry run) fix "now".
    clock: Callable[[], dt.datetime] = getattr(request.app.state, "clock", utc_now)
    return clock().astimezone(ZoneInfo(congress.time_zone)).date()


def _plan(session: SessionDep, request: Request, congress: str, as_of: dt.date | None) -> Plan:
    found = get_congress(session, congress, full=True)
    return service.current_plan(session, found, _today(request, found, as_of))


def plan_public(plan: Plan) -> DocumentationPlanPublic:
    return DocumentationPlanPublic(
        congress=plan.congress.slug,
        timetable_version=plan.version,
        today=plan.today,
        deadline_working_days=plan.working_days,
        weekend_days=plan.weekend_days,
        holidays=plan.holidays,
        items=[
            ItemPlanPublic(
                number=i.number,
                title=i.title,
                body=i.body,
                body_name=i.body_name,
                first_meeting=i.first_meeting,
                due_on=i.due_on,
                documents=[
                    DocumentPlanLine(
                        symbol=d.symbol,
                        title=d.title,
                        issued_on=d.issued_on,
                        due_on=d.due_on,
                        status=d.status,
                    )
                    for d in i.documents
                ],
            )
            for i in plan.items
        ],
        bodies=[
            BodyPlanPublic(
                body=b.body,
                body_name=b.body_name,
                issued=b.counts[DocumentStatus.ISSUED],
                issued_late=b.counts[DocumentStatus.ISSUED_LATE],
                due=b.counts[DocumentStatus.DUE],
                late=b.counts[DocumentStatus.LATE],
                missing=b.counts[DocumentStatus.MISSING],
                unscheduled=b.counts[DocumentStatus.UNSCHEDULED],
                no_deadline=b.counts[DocumentStatus.NO_DEADLINE],
            )
            for b in plan.bodies
        ],
    )


def _csv(plan: Plan) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(plan))
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{plan.congress.slug}-documentation-plan.csv"'
            )
        },
    )


@router.get(
    "/documentation-plan",
    summary="Documents due, late and missing, per agenda item and per body",
    response_model=DocumentationPlanPublic,
    responses={
        **NOT_FOUND,
        200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with ?format=csv"},
    },
)
def get_plan(
    congress: str,
    session: SessionDep,
    request: Request,
    as_of: AsOf = None,
    format: Annotated[str, Query(pattern="^(json|csv)$", description="json or csv")] = "json",
) -> Any:
    plan = _plan(session, request, congress, as_of)
    return _csv(plan) if format == "csv" else plan_public(plan)


@router.get(
    "/documentation-plan.csv",
    summary="The documentation plan as CSV, one row per document of each item",
    response_class=Response,
    responses={**NOT_FOUND, 200: {"content": {"text/csv": {}}}},
)
def get_plan_csv(
    congress: str, session: SessionDep, request: Request, as_of: AsOf = None
) -> Response:
    return _csv(_plan(session, request, congress, as_of))


@router.patch(
    "/documentation-plan/documents/{symbol:path}",
    summary="Record when a document was issued (null: not yet)",
    response_model=DocumentPublic,
    responses={
        401: {"model": Problem, "description": "No bearer token"},
        403: {"model": Problem, "description": "Not an organizer of this congress"},
        404: {"model": Problem, "description": "No such congress or document"},
    },
)
def issue_document(
    congress: str, symbol: str, issue: DocumentIssue, session: SessionDep, caller: Organizer
) -> DocumentPublic:
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found)
    document = service.issue_document(session, found, symbol, issue.issued_on)
    return DocumentPublic(
        symbol=document.symbol, title=document.title, issued_on=document.issued_on
    )
