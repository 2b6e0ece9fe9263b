"""The simple form on the site for requesting a side event: the same validation and
service as the API, the organization's token typed into the form (no cookie kept)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from app.auth.deps import Principal
from app.auth.models import Role
from app.auth.tokens import find_token
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.deps import SessionDep
from app.core.problems import ProblemError
from app.pages.templating import page
from app.side_events import requests, settings
from app.side_events.models import SideEventNeed, SideEventRequest
from app.side_events.schemas import SideEventCreate

router = APIRouter(prefix="/congresses/{congress}/side-events", tags=["side events"])

FORM_PATH = "/request-form"


#: What each kind of window is called when it has several (the half day: a morning or an
#: afternoon); a kind with one window is called by that window's name.
KIND_NAMES = {"lunchtime": "Lunchtime", "evening": "Evening", "half_day": "Half day"}


def length_choices(windows: list[settings.Window]) -> list[tuple[str, str]]:
    """(kind, label) per kind of window, the label naming every window of the kind with
    its hours: "Half day: morning (10:00–13:00) or afternoon (15:00–18:00)"."""
    by_kind: dict[str, list[settings.Window]] = {}
    for w in windows:
        by_kind.setdefault(w.kind.value, []).append(w)

    def hours(w: settings.Window) -> str:
        return f"{w.start.strftime('%H:%M')}–{w.end.strftime('%H:%M')}"

    choices = []
    for kind, of_kind in by_kind.items():
        if len(of_kind) == 1:
            label = f"{of_kind[0].name} ({hours(of_kind[0])})"
        else:
            label = f"{KIND_NAMES.get(kind, kind)}: " + " or ".join(
                f"{w.name[:1].lower()}{w.name[1:]} ({hours(w)})" for w in of_kind
            )
        choices.append((kind, label))
    return choices


def _days(congress: Congress) -> list[dt.date]:
    count = (congress.end_date - congress.start_date).days + 1
    return [congress.start_date + dt.timedelta(days=i) for i in range(count)]


def _render(
    session: SessionDep,
    congress: Congress,
    *,
    form: dict[str, Any] | None = None,
    errors: list[tuple[str, str]] | None = None,
    done: SideEventRequest | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    blank: dict[str, Any] = {
        "title": "",
        "organizer": "",
        "expected_attendance": "",
        "length": "",
        "preferred_dates": [],
        "impossible_dates": [],
        "needs": [],
        "agenda_item": "",
        "workshop": "",
        "description": "",
    }
    return page(
        "side_event_form.html",
        status_code=status_code,
        congress=congress,
        lengths=length_choices(settings.windows(session, congress)),
        days=_days(congress),
        needs=[n.value for n in SideEventNeed],
        form={**blank, **(form or {})},
        errors=errors or [],
        done=done,
    )


@router.get(FORM_PATH, response_class=HTMLResponse, summary="The side event request form")
def request_form(congress: str, session: SessionDep) -> HTMLResponse:
    return _render(session, get_congress(session, congress, full=True))


@router.post(FORM_PATH, response_class=HTMLResponse, summary="Send the side event request form")
def send_request_form(
    congress: str,
    session: SessionDep,
    token: Annotated[str, Form(max_length=200)],
    title: Annotated[str, Form()] = "",
    organizer: Annotated[str, Form()] = "",
    expected_attendance: Annotated[str, Form()] = "",
    length: Annotated[str, Form()] = "",
    preferred_dates: Annotated[list[str] | None, Form()] = None,
    impossible_dates: Annotated[list[str] | None, Form()] = None,
    needs: Annotated[list[str] | None, Form()] = None,
    agenda_item: Annotated[str, Form()] = "",
    workshop: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> HTMLResponse:
    found = get_congress(session, congress, full=True)
    form: dict[str, Any] = {
        "title": title,
        "organizer": organizer,
        "expected_attendance": expected_attendance,
        "length": length,
        "preferred_dates": preferred_dates or [],
        "impossible_dates": impossible_dates or [],
        "needs": needs or [],
        "agenda_item": agenda_item,
        "workshop": workshop,
        "description": description,
    }
    record = find_token(session, token.strip())
    if record is None or record.role is not Role.DELEGATION:
        return _render(
            session,
            found,
            form=form,
            errors=[("token", "this is not a live token of an organization")],
            status_code=401,
        )
    caller = Principal(
        role=record.role,
        token_id=record.id,
        delegation_id=record.delegation_id,
        congress_id=record.congress_id,
    )
    try:
        data = SideEventCreate.model_validate(
            {
                "title": title.strip(),
                "organizer": organizer.strip() or None,
                "expected_attendance": expected_attendance,
                "length": length,
                "preferred_dates": form["preferred_dates"],
                "impossible_dates": form["impossible_dates"],
                "needs": form["needs"],
                "agenda_item": agenda_item or None,
                "workshop": workshop or None,
                "description": description.strip() or None,
            }
        )
    except ValidationError as error:
        problems = [
            (".".join(str(p) for p in e["loc"]) or "form", e["msg"]) for e in error.errors()
        ]
        return _render(session, found, form=form, errors=problems, status_code=422)
    try:
        done = requests.submit(session, found, caller, data)
    except ProblemError as error:
        problems = [(p.name.removeprefix("body."), p.reason) for p in error.invalid_params]
        return _render(
            session,
            found,
            form=form,
            errors=problems or [("request", error.detail)],
            status_code=error.status,
        )
    return _render(session, found, done=done, status_code=201)
