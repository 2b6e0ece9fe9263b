"""Routes for lists of speakers. Thin: the work is in lists, inscription and order, each
write runs in app.core.uow's retrying unit of work, and app.exports.speakers writes the CSV."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.auth.deps import (
    LIMITED_TO_ANOTHER_CONGRESS,
    DelegationOrOrganizer,
    Organizer,
    Principal,
    delegation_caller,
    ensure_organizer_of,
)
from app.auth.models import Role
from app.congresses.service import get_congress
from app.core.conditional import ConditionalGetRoute
from app.core.database import utc_now
from app.core.deps import SessionDep
from app.core.etag import IfMatch, etag_of
from app.core.problems import NotFound, Problem
from app.core.rate_limit import RateLimits, take_registration
from app.core.uow import write
from app.exports.speakers import list_csv as render_list_csv
from app.speakers import inscription, order, repository
from app.speakers import lists as speakers_lists
from app.speakers.schemas import (
    AuditPublic,
    EntryPublic,
    SpeakerCreate,
    SpeakersListCreate,
    SpeakersListPublic,
    SpeakersListSummary,
    SpeakersListUpdate,
    SwapRequest,
)

# Apps poll the lists: ETag and 304 on every GET (app.core.conditional).
router = APIRouter(
    prefix="/congresses/{congress}/speakers-lists",
    tags=["speakers"],
    route_class=ConditionalGetRoute,
)

#: Ids are 32-bit integers in the database.
EntryIdPath = Annotated[int, Path(ge=1, le=2**31 - 1, description="Id of the entry")]

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description}
    for status, description in (
        (401, "No token, or an unknown one"),
        (403, "Not this caller's to change, or a delegation kind the list does not allow"),
        (404, "No such congress, list or entry"),
        (409, "The list is not open, or the delegation already has its statement(s)"),
        (422, "A field is not valid (named in invalid-params)"),
        (429, "Too many changes by this token, or bad tokens from this address (Retry-After)"),
    )
}

_bearer = HTTPBearer(auto_error=False, description="A delegation's API token: cgs_…")


@router.get("", summary="Lists of speakers of a congress", response_model=list[SpeakersListSummary])
def lists(congress: str, session: SessionDep) -> list[SpeakersListSummary]:
    found = get_congress(session, congress)
    now = utc_now()
    return [
        order.list_summary(found, item, len(item.entries), now)
        for item in repository.lists_of(session, found.id)
    ]


@router.post(
    "",
    summary="Open a list of speakers (secretariat)",
    status_code=201,
    response_model=SpeakersListPublic,
    responses=ERRORS,
)
def create_list(
    congress: str, data: SpeakersListCreate, session: SessionDep, caller: Organizer
) -> SpeakersListPublic:
    def work() -> SpeakersListPublic:
        found = get_congress(session, congress, full=True)
        ensure_organizer_of(caller, found, refusal=LIMITED_TO_ANOTHER_CONGRESS)
        created = speakers_lists.create_list(session, found, data, caller)
        return order.list_public(session, found, created, utc_now())

    return write(session, work)


@router.get(
    "/{target}",
    summary="A list of speakers in order, with each speaker's estimated time",
    response_model=SpeakersListPublic,
    responses=ERRORS,
)
def get_list(congress: str, target: str, session: SessionDep) -> SpeakersListPublic:
    found = get_congress(session, congress)
    speakers_list = speakers_lists.get_list(session, found, target)
    return order.list_public(session, found, speakers_list, utc_now())


@router.patch(
    "/{target}",
    summary="Change a list's window, time limit or rules; close it early (secretariat)",
    response_model=SpeakersListPublic,
    responses=ERRORS,
)
def update_list(
    congress: str, target: str, data: SpeakersListUpdate, session: SessionDep, caller: Organizer
) -> SpeakersListPublic:
    def work() -> SpeakersListPublic:
        found = get_congress(session, congress)
        ensure_organizer_of(caller, found, refusal=LIMITED_TO_ANOTHER_CONGRESS)
        speakers_list = speakers_lists.get_list(session, found, target)
        speakers_lists.update_list(session, found, speakers_list, data, caller)
        return order.list_public(session, found, speakers_list, utc_now())

    return write(session, work)


@router.get(
    "/{target}/speakers.csv",
    summary="A list of speakers as CSV, with estimated times",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **ERRORS},
)
def list_csv(congress: str, target: str, session: SessionDep) -> Response:
    found = get_congress(session, congress)
    view = order.list_public(
        session, found, speakers_lists.get_list(session, found, target), utc_now()
    )
    return Response(
        render_list_csv(view),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="speakers-{target}.csv"'},
    )


@router.post(
    "/{target}/entries",
    summary="Inscribe the delegation's speaker (delegation token, Idempotency-Key)",
    status_code=201,
    response_model=EntryPublic,
    responses=ERRORS,
)
async def register(
    request: Request,
    congress: str,
    target: str,
    data: SpeakerCreate,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="Unique per registration; a retry with the same key gets the "
            "same response and never inscribes twice",
        ),
    ],
) -> JSONResponse:
    # The opening burst: every member State at once. This route runs its whole unit of
    # work (token, checks, inscription, commit) in ONE worker thread with its own
    # session, instead of the session and auth dependencies that each take a thread
    # of their own: with those, requests that hold a pooled connection can wait for a
    # thread while every thread waits for a connection, until the pool times out.
    fingerprint = hashlib.sha256(
        f"POST {congress} {target}\n{data.model_dump_json()}".encode()
    ).hexdigest()
    factory: sessionmaker[Session] = request.app.state.session_factory
    counted = False

    def unit_of_work() -> inscription.Registered:
        with factory() as session:

            def work() -> inscription.Registered:
                nonlocal counted
                caller = delegation_caller(session, credentials)
                if not counted:  # once, though a conflict runs `work` again
                    _count_registration(request, session, caller, idempotency_key)
                    counted = True
                speakers_list = repository.find_list_of(session, congress, target)
                if speakers_list is None:
                    # Say which of the two is missing (404), or, if the list was
                    # created just now, read it again.
                    speakers_lists.get_list(session, get_congress(session, congress), target)
                    speakers_list = repository.find_list_of(session, congress, target)
                    if speakers_list is None:
                        raise NotFound(f"No list of speakers {target!r} in {congress!r}.")
                return inscription.register(
                    session,
                    speakers_list,
                    data,
                    caller,
                    idempotency_key=idempotency_key,
                    fingerprint=fingerprint,
                    now=utc_now(),
                )

            try:
                return write(session, work)
            except BaseException:
                session.rollback()
                raise

    done = await run_in_threadpool(unit_of_work)
    headers = {"Idempotent-Replayed": "true"} if done.replayed else {}
    if done.status_code == 201:
        # The entry's ETag, which a withdrawal (DELETE) sends back as If-Match.
        headers["ETag"] = etag_of(EntryPublic.model_validate(done.body))
    return JSONResponse(done.body, status_code=done.status_code, headers=headers)


def _count_registration(
    request: Request, session: Session, caller: Principal, idempotency_key: str
) -> None:
    """The delegation's rate limit, except for a replay of an answered Idempotency-Key."""
    if caller.role is not Role.DELEGATION or caller.token_id is None:
        return  # the secretariat enters paper inscriptions in bulk
    if caller.delegation_id is not None and repository.idempotency_key_used(
        session, caller.delegation_id, idempotency_key
    ):
        return
    _take_registration(request, caller)


def _take_registration(request: Request, caller: Principal) -> None:
    if caller.role is Role.DELEGATION and caller.token_id is not None:
        limits: RateLimits = request.app.state.rate_limits
        take_registration(limits, caller.token_id)


@router.put(
    "/{target}/entries/{entry_id}",
    summary="Replace the delegation's speaker on its place",
    response_model=EntryPublic,
    responses=ERRORS,
)
def replace(
    request: Request,
    congress: str,
    target: str,
    entry_id: EntryIdPath,
    data: SpeakerCreate,
    session: SessionDep,
    caller: DelegationOrOrganizer,
    response: Response,
) -> EntryPublic:
    _take_registration(request, caller)

    def work() -> EntryPublic:
        found = get_congress(session, congress)
        speakers_list = speakers_lists.get_list(session, found, target)
        return inscription.replace(
            session, found, speakers_list, entry_id, data, caller, now=utc_now()
        )

    replaced = write(session, work)
    response.headers["ETag"] = etag_of(replaced)
    return replaced


@router.delete(
    "/{target}/entries/{entry_id}",
    summary="Withdraw the delegation's speaker (If-Match: the entry's ETag)",
    status_code=204,
    responses={
        **ERRORS,
        412: {"model": Problem, "description": "The entry changed since (If-Match is stale)"},
        428: {"model": Problem, "description": "No If-Match: send the entry's ETag"},
    },
)
def withdraw(
    request: Request,
    congress: str,
    target: str,
    entry_id: EntryIdPath,
    session: SessionDep,
    caller: DelegationOrOrganizer,
    if_match: IfMatch = None,
) -> Response:
    _take_registration(request, caller)

    def work() -> None:
        found = get_congress(session, congress)
        speakers_list = speakers_lists.get_list(session, found, target)
        inscription.withdraw(session, found, speakers_list, entry_id, caller, if_match)

    write(session, work)
    return Response(status_code=204)


@router.post(
    "/{target}/swap",
    summary="Swap two speakers at the delegations' request (secretariat)",
    response_model=SpeakersListPublic,
    responses=ERRORS,
)
def swap(
    congress: str, target: str, data: SwapRequest, session: SessionDep, caller: Organizer
) -> SpeakersListPublic:
    def work() -> SpeakersListPublic:
        found = get_congress(session, congress)
        ensure_organizer_of(caller, found, refusal=LIMITED_TO_ANOTHER_CONGRESS)
        speakers_list = speakers_lists.get_list(session, found, target)
        first, second = data.first, data.second
        inscription.swap(session, found, speakers_list, first, second, data.reason, caller)
        return order.list_public(session, found, speakers_list, utc_now())

    return write(session, work)


@router.get(
    "/{target}/audit",
    summary="Every change to the list (secretariat)",
    response_model=list[AuditPublic],
    responses=ERRORS,
)
def audit(congress: str, target: str, session: SessionDep, caller: Organizer) -> list[AuditPublic]:
    found = get_congress(session, congress)
    ensure_organizer_of(caller, found, refusal=LIMITED_TO_ANOTHER_CONGRESS)
    speakers_list = speakers_lists.get_list(session, found, target)
    return [
        AuditPublic(
            at=row.at,
            action=row.action,
            entry_id=row.entry_id,
            actor_role=row.actor_role,
            actor_delegation_id=row.actor_delegation_id,
            before=row.before,
            after=row.after,
        )
        for row in repository.audit_of(session, speakers_list.id)
    ]
