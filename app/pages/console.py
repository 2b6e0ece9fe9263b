"""The organizer console: plain server-rendered forms over the solve-job and draft
services. Start a solve and watch it (the page refreshes itself while the job runs),
see a draft beside the published version with its violations and changes, move or pin a
meeting (the draft is re-validated), publish.

The organizer pastes an API token once; the console opens a server-side session
(app/auth/sessions.py) and the browser keeps only its signed random id, in an HttpOnly,
SameSite=Strict cookie scoped to this congress's console (Secure over https: behind a
proxy, uvicorn takes the scheme from X-Forwarded-Proto only from FORWARDED_ALLOW_IPS).
Every form, sign-in and sign-out included, carries a CSRF value, so that no other site
can post in the organizer's name; every answer is sent with Cache-Control: no-store.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from app.auth import sessions
from app.auth.deps import Principal, ensure_organizer_of, principal_of
from app.auth.models import Role
from app.auth.tokens import find_token
from app.congresses.deps import CongressScope
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.crud import validate
from app.core.deps import SessionDep
from app.core.fields import IdPath
from app.core.problems import ProblemError
from app.core.rate_limit import count_unknown_token
from app.jobs import service as jobs
from app.jobs.models import JobState
from app.jobs.public import job_public
from app.jobs.runner import JobRunner
from app.pages.annex import build_annex
from app.pages.security import NoStoreRoute
from app.pages.templating import page
from app.programme import service as programme
from app.programme.schemas import PinCreate
from app.timetables import changes, release, repository, service
from app.timetables.models import TimetableVersion
from scheduler import keys

router = APIRouter(tags=["console"], include_in_schema=False, route_class=NoStoreRoute)

COOKIE = "congress_console"
#: The sign-in form's CSRF nonce, before there is a session.
LOGIN_COOKIE = "congress_console_login"
#: Seconds between refreshes of a running job's page.
REFRESH_S = 2


def _base(congress: Congress) -> str:
    return f"/congresses/{congress.slug}/console"


def _key(request: Request) -> bytes:
    """The key signing this installation's console cookies, read once per process."""
    state = request.app.state
    key: bytes | None = getattr(state, "console_key", None)
    if key is None:
        configured = state.settings.session_secret
        key = sessions.signing_key(
            state.session_factory, configured.get_secret_value() if configured else None
        )
        state.console_key = key
    return key


def csrf_value(request: Request) -> str:
    """The CSRF value of a signed-in console's forms."""
    return sessions.csrf_for_session(_key(request), request.cookies.get(COOKIE, ""))


def _organizer(request: Request, session: SessionDep, congress: Congress) -> Principal | None:
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    found = sessions.find_session(session, _key(request), cookie)
    if found is None:
        # A forged or stale cookie counts as an unknown token (app/core/rate_limit.py).
        count_unknown_token()
        return None
    console, record = found
    caller = principal_of(record)
    if console.congress_id != congress.id or not caller.may_organize(congress.id):
        return None
    return caller


def _login_redirect(congress: Congress) -> RedirectResponse:
    return RedirectResponse(f"{_base(congress)}/login", status_code=303)


def _check_csrf(request: Request, csrf: str) -> None:
    if not sessions.same(csrf_value(request), csrf):
        raise ProblemError(403, "The form is stale or was not sent from the console; reload it.")


def _open_draft_form(
    request: Request,
    session: SessionDep,
    congress: str,
    draft_id: IdPath,
    csrf: str,
    revision: str | None,
    *,
    undone: str,
) -> Response | tuple[Congress, TimetableVersion]:
    """What every form of a draft checks first: an organizer signed in, a form sent from
    the console, and a draft as the form saw it. The congress and the draft, or the
    answer to send instead: the sign-in page, a 409 page when another organizer
    published the draft meanwhile (`undone` says what was therefore not done), or the
    draft page with a 409 when another organizer changed the draft since the page was
    loaded.

    The draft is read under the congress's write lock, as the API reads it
    (service.draft_for_change), and the revision is compared after it: compared
    before, two organizers submitting at once both passed, and both published."""
    found = get_congress(session, congress, full=True)
    if _organizer(request, session, found) is None:
        return _login_redirect(found)
    _check_csrf(request, csrf)
    try:
        draft = service.draft_for_change(session, found, draft_id)
    except service.AlreadyPublished as error:
        return page(
            "console_published.html",
            status_code=error.status,
            congress=found,
            draft_id=draft_id,
            version=error.version,
            undone=undone,
        )
    # Not a secret (it is in the page): a plain comparison.
    if revision != service.placement_revision(draft):
        return _draft_page(
            request,
            session,
            found,
            draft,
            error="This draft changed since the page was loaded (another organizer moved a "
            "meeting). Nothing was done: look at the draft as it is now and do it again.",
            status_code=409,
        )
    return found, draft


def _refused(
    request: Request, session: SessionDep, congress: Congress, draft_id: int, error: ProblemError
) -> HTMLResponse:
    """The draft page, as it was before the refused change, with the reason."""
    session.rollback()
    draft = service.get_draft(session, congress, draft_id)
    return _draft_page(
        request, session, congress, draft, error=error.detail, status_code=error.status
    )


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ------------------------------------------------------------------ login / logout


def _login_page(
    request: Request, congress: Congress, *, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    """The sign-in form, with a fresh CSRF nonce in a cookie and its value in the form."""
    nonce = sessions.new_login_nonce()
    response = page(
        "console_login.html",
        status_code=status_code,
        congress=congress,
        error=error,
        csrf=sessions.csrf_for_login(_key(request), nonce),
    )
    _set_cookie(request, response, congress, LOGIN_COOKIE, nonce, max_age=3600)
    return response


def _set_cookie(
    request: Request, response: Response, congress: Congress, name: str, value: str, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=_base(congress),
        max_age=max_age,
    )


@router.get("/congresses/{congress}/console/login", response_class=HTMLResponse)
def login_form(congress: str, request: Request, session: SessionDep) -> HTMLResponse:
    return _login_page(request, get_congress(session, congress))


@router.post("/congresses/{congress}/console/login", response_class=HTMLResponse)
def login(
    congress: str,
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    found = get_congress(session, congress)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not sessions.same(sessions.csrf_for_login(_key(request), nonce), csrf):
        return _login_page(
            request,
            found,
            status_code=403,
            error="The sign-in form is stale or was not sent from this console; here it is again.",
        )
    record = find_token(session, token.strip())
    if record is None or record.role is not Role.ORGANIZER:
        return _login_page(
            request, found, status_code=401, error="This is not a live organizer token."
        )
    try:
        ensure_organizer_of(principal_of(record), found)
    except ProblemError as refused:
        return _login_page(request, found, status_code=refused.status, error=refused.detail)
    opened = sessions.open_session(session, _key(request), record, found.id)
    # Committed before the redirect: the request session commits only after the answer
    # is sent (FastAPI exits a yield dependency then), and the browser, following the
    # redirect at once, could reach the console before its session exists.
    session.commit()
    response = _see_other(_base(found))
    lifetime = int(sessions.SESSION_LIFETIME.total_seconds())
    _set_cookie(request, response, found, COOKIE, opened.cookie, max_age=lifetime)
    response.delete_cookie(LOGIN_COOKIE, path=_base(found))
    return response


@router.post("/congresses/{congress}/console/logout")
def logout(
    congress: str,
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    found = get_congress(session, congress)
    cookie = request.cookies.get(COOKIE)
    if cookie:
        _check_csrf(request, csrf)
        sessions.close_session(session, _key(request), cookie)
    response = _see_other(f"{_base(found)}/login")
    response.delete_cookie(COOKIE, path=_base(found))
    return response


# ------------------------------------------------------------------ dashboard and solves


@router.get("/congresses/{congress}/console", response_class=HTMLResponse)
def dashboard(congress: str, request: Request, session: SessionDep) -> Response:
    found = get_congress(session, congress)
    if _organizer(request, session, found) is None:
        return _login_redirect(found)
    return page(
        "console.html",
        congress=found,
        csrf=csrf_value(request),
        jobs=[job_public(found, j) for j in jobs.list_jobs(session, found, limit=10)],
        drafts=repository.drafts(session, found.id)[:10],
        published=repository.latest_published(session, found.id),
    )


@router.post("/congresses/{congress}/console/solves")
def start_solve(
    congress: str,
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    time_limit_s: Annotated[float, Form(gt=0, le=600)] = 10.0,
    seed: Annotated[int, Form(ge=0, le=2**31 - 1)] = 0,
) -> Response:
    found = get_congress(session, congress)
    if _organizer(request, session, found) is None:
        return _login_redirect(found)
    _check_csrf(request, csrf)
    job = jobs.enqueue(session, found, time_limit_s=time_limit_s, seed=seed)
    # Committed before the redirect, so that the runner and the next page see the job.
    session.commit()
    runner: JobRunner | None = getattr(request.app.state, "job_runner", None)
    if runner is not None:
        runner.wake()
    return _see_other(f"{_base(found)}/solves/{job.id}")


@router.get("/congresses/{congress}/console/solves/{job_id}", response_class=HTMLResponse)
def solve_progress(
    congress: str, job_id: IdPath, request: Request, session: SessionDep
) -> Response:
    found = get_congress(session, congress)
    if _organizer(request, session, found) is None:
        return _login_redirect(found)
    job = job_public(found, jobs.get_job(session, found, job_id))
    running = job.state in (JobState.QUEUED, JobState.RUNNING)
    return page(
        "console_job.html",
        congress=found,
        job=job,
        running=running,
        refresh_s=REFRESH_S,
        csrf=csrf_value(request),
    )


# ------------------------------------------------------------------ drafts


def _draft_page(
    request: Request,
    session: SessionDep,
    congress: Congress,
    draft: TimetableVersion,
    *,
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    published = repository.latest_published(session, congress.id)
    changed: set[str] = set()
    diff: dict[str, Any] | None = None
    if published is not None:
        found = changes.diff_versions(published, draft, congress)
        changed = {m.key for m in found.moved} | set(found.added)
        diff = {"moved": found.moved, "added": found.added, "removed": found.removed}
    full = congress  # loaded with its agenda, workshops, bodies and slots by the caller
    draft_annex = build_annex(full, draft)
    return page(
        "console_draft.html",
        status_code=status_code,
        congress=full,
        draft=draft,
        draft_annex=draft_annex,
        published=published,
        published_annex=build_annex(full, published) if published else None,
        changed=changed,
        diff=diff,
        error=error,
        notice=notice,
        csrf=csrf_value(request),
        revision=service.placement_revision(draft),
        movable=[v for v in draft_annex.meetings if v.meeting.body_key],
        pinnable=[v for v in draft_annex.meetings if pin_target(v.key) is not None],
        dates=_dates(full),
    )


def _dates(congress: Congress) -> list[dt.date]:
    first = congress.start_date - dt.timedelta(days=1)  # pre-Congress consultations
    return [first + dt.timedelta(days=i) for i in range((congress.end_date - first).days + 1)]


@router.get("/congresses/{congress}/console/drafts/{draft_id}", response_class=HTMLResponse)
def draft_view(congress: str, draft_id: IdPath, request: Request, session: SessionDep) -> Response:
    found = get_congress(session, congress, full=True)
    if _organizer(request, session, found) is None:
        return _login_redirect(found)
    return _draft_page(request, session, found, service.get_draft(session, found, draft_id))


@router.post("/congresses/{congress}/console/drafts/{draft_id}/move", response_class=HTMLResponse)
def move_meeting(
    congress: str,
    draft_id: IdPath,
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    key: Annotated[str, Form(max_length=160)],
    revision: Annotated[str | None, Form(max_length=64)] = None,
    date: Annotated[dt.date | None, Form()] = None,
    slot: Annotated[str | None, Form(max_length=40)] = None,
    body: Annotated[str | None, Form(max_length=60)] = None,
) -> Response:
    opened = _open_draft_form(
        request, session, congress, draft_id, csrf, revision, undone="The meeting was not moved."
    )
    if isinstance(opened, Response):
        return opened
    found, draft = opened
    changes = {
        k: v for k, v in {"date": date, "slot": slot or None, "body": body or None}.items() if v
    }
    try:
        violations = service.edit_meeting(session, found, draft, key, changes)
    except ProblemError as error:
        return _refused(request, session, found, draft_id, error)
    session.commit()
    notice = (
        f"Moved. The draft now breaks {len(violations)} rule(s)."
        if violations
        else "Moved. The draft breaks no rule."
    )
    return _draft_page(request, session, found, draft, notice=notice)


def pin_target(key: str) -> tuple[str, int] | None:
    """("cluster-3-5", 2) for "plenary:cluster-3-5:2"; None for what pins cannot hold:
    the opening, closing and informal consultations are fixed by the congress's rules,
    not by pins, and side events are placed by their own allocation."""
    found = keys.unit_of_meeting(key)
    if found is None:
        return None
    unit = keys.parse_unit(found[0])
    if unit is None or unit.kind == "fixed-event":
        return None
    return found


@router.post("/congresses/{congress}/console/drafts/{draft_id}/pin", response_class=HTMLResponse)
def pin_meeting(
    congress: str,
    draft_id: IdPath,
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    key: Annotated[str, Form(max_length=160)],
    revision: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    opened = _open_draft_form(
        request, session, congress, draft_id, csrf, revision, undone="Nothing was pinned."
    )
    if isinstance(opened, Response):
        return opened
    found, draft = opened
    meeting = next((m for m in draft.meetings if m.key == key), None)
    unit = pin_target(key)
    if meeting is None or unit is None:
        return _draft_page(
            request,
            session,
            found,
            draft,
            error=f"{key!r} is not a meeting of this draft that a pin can hold "
            "(the opening, closing and informal consultations follow the congress's rules).",
            status_code=422,
        )
    target, number = unit
    # Through the pins' service, so that the console's pin passes the checks an API
    # client's does (the unit has that meeting, the day and slot exist, …).
    pin = {
        "target": target,
        "meeting": number,
        "date": meeting.date,
        "slot": meeting.slot_key,
        "body": meeting.body_key,
        "reason": "Pinned in the organizer console",
    }
    try:
        programme.pins.save(session, CongressScope(found), None, validate(PinCreate, pin))
    except ProblemError as error:
        return _refused(request, session, found, draft_id, error)
    session.commit()
    return _draft_page(
        request,
        session,
        found,
        draft,
        notice=f"Pinned: the next solve keeps {key} on {meeting.date.isoformat()}, "
        f"{meeting.slot_key}, {meeting.body_name}.",
    )


@router.post(
    "/congresses/{congress}/console/drafts/{draft_id}/publish", response_class=HTMLResponse
)
def publish(
    congress: str,
    draft_id: IdPath,
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form()],
    change_log: Annotated[str | None, Form(max_length=4000)] = None,
    revision: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    opened = _open_draft_form(
        request, session, congress, draft_id, csrf, revision, undone="Nothing was published again."
    )
    if isinstance(opened, Response):
        return opened
    found, draft = opened
    try:
        # Still under the lock _open_draft_form took: the draft whose revision it checked.
        published = release.publish_draft(session, found, draft.id, change_log or None)
    except ProblemError as error:
        return _refused(request, session, found, draft_id, error)
    session.commit()
    return _see_other(
        f"/congresses/{found.slug}/organization-of-work/changes?to={published.number}"
    )
