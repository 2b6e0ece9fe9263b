"""Public iCal feeds of the published organization of work, and their index.

Each feed answers GET and HEAD, with ETag / If-None-Match and Last-Modified /
If-Modified-Since (304), so that the many subscribed calendar clients that poll
every hour cost a look-up and a few headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.auth.deps import DelegationOrOrganizer
from app.congresses.service import get_congress
from app.core.database import transaction
from app.core.deps import LanguageQuery, SessionDep
from app.core.etag import is_fresh
from app.core.inputs import INT32_MAX
from app.core.problems import NotFound, Problem
from app.core.urls import absolute_url, webcal
from app.core.urls import request_base_url as base_url
from app.feeds import private, repository, service, speaker
from app.feeds.cache import BuiltFeed, FeedCache, cached_feed
from app.feeds.refs import FeedRef, feed_refs
from app.feeds.schemas import (
    DelegationFeedCreate,
    DelegationFeedIssued,
    FeedIndex,
    FeedLink,
)
from app.pages.security import no_store

router = APIRouter(prefix="/congresses/{congress}/feeds", tags=["feeds"])

CALENDAR = "text/calendar; charset=utf-8"
#: Clients may keep a feed five minutes without asking; after that a conditional
#: request (ETag) makes an unchanged feed a 304.
MAX_AGE = 300

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "The feed (RFC 5545)"},
    304: {"description": "Not modified since the ETag / date given"},
    404: {"model": Problem, "description": "No such congress, feed, or nothing published"},
}


def feed_cache(request: Request) -> FeedCache:
    cache: FeedCache | None = getattr(request.app.state, "feed_cache", None)
    if cache is None:
        cache = request.app.state.feed_cache = FeedCache()
    return cache


def _not_modified(request: Request, feed: BuiltFeed) -> bool:
    # The rules every conditional GET follows (app.core.etag.is_fresh).
    return is_fresh(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        feed.etag,
        feed.last_modified,
    )


def feed_response(request: Request, feed: BuiltFeed) -> Response:
    headers = {
        "ETag": feed.etag,
        "Last-Modified": format_datetime(feed.last_modified.astimezone(dt.UTC), usegmt=True),
        "Cache-Control": f"{'private' if feed.private else 'public'}, max-age={MAX_AGE}",
    }
    if _not_modified(request, feed):
        return Response(status_code=304, headers=headers)
    return Response(content=feed.body, media_type=CALENDAR, headers=headers)


async def _serve(request: Request, congress: str, ref: FeedRef, lang: str | None) -> Response:
    """From memory without a thread or a database session when the feed of the
    current version is built (the usual case: clients polling); else look up and
    build in the thread pool."""
    cache = feed_cache(request)
    built = cached_feed(cache, congress, ref, language=lang, base_url=base_url(request))
    if built is None:
        built = await run_in_threadpool(_look_up, request, congress, ref, lang, cache)
    return feed_response(request, built)


def _look_up(
    request: Request, congress: str, ref: FeedRef, lang: str | None, cache: FeedCache
) -> BuiltFeed:
    with transaction(request.app.state.session_factory) as session:
        return service.public_feed(
            session, congress, ref, language=lang, base_url=base_url(request), cache=cache
        )


FeedHandler = TypeVar("FeedHandler", bound=Callable[..., Awaitable[Response] | Response])


def _feed_route(path: str, summary: str) -> Callable[[FeedHandler], FeedHandler]:
    """GET (documented) and HEAD (same handler, left out of the OpenAPI document so
    that operation ids stay unique)."""

    def register(handler: FeedHandler) -> FeedHandler:
        router.add_api_route(
            path,
            handler,
            methods=["GET"],
            summary=summary,
            responses=RESPONSES,
            response_class=Response,
        )
        router.add_api_route(
            path, handler, methods=["HEAD"], include_in_schema=False, response_class=Response
        )
        return handler

    return register


@_feed_route("/congress.ics", "The whole congress")
async def congress_feed(request: Request, congress: str, lang: LanguageQuery = None) -> Response:
    return await _serve(request, congress, FeedRef("congress"), lang)


@_feed_route(
    "/bodies/{body_key}.ics", "One body (Plenary, a committee), its informal consultations too"
)
async def body_feed(
    request: Request,
    congress: str,
    body_key: Annotated[str, Path(max_length=60, description="Key of the body, e.g. committee-1")],
    lang: LanguageQuery = None,
) -> Response:
    return await _serve(request, congress, FeedRef("body", body_key), lang)


@_feed_route("/rooms/{room_key}.ics", "Everything held in one room")
async def room_feed(
    request: Request,
    congress: str,
    room_key: Annotated[
        str, Path(max_length=80, description="Key of the room (GET /congresses/{c}/rooms)")
    ],
    lang: LanguageQuery = None,
) -> Response:
    try:
        return await _serve(request, congress, FeedRef("room", room_key), lang)
    except NotFound:
        # Room feeds had the room's id in their URL until rooms got keys: subscribers
        # of those URLs are sent on to the key's.
        moved = await run_in_threadpool(_room_path_for_id, request, congress, room_key)
        if moved is None:
            raise
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(absolute_url(request, moved + query), status_code=301)


def _room_path_for_id(request: Request, congress: str, room_id: str) -> str | None:
    if not room_id.isdigit():
        return None
    with transaction(request.app.state.session_factory) as session:
        found = get_congress(session, congress)
        room = next((r for r in found.rooms if r.id == int(room_id)), None)
        if room is None:
            return None
        return f"/congresses/{found.slug}/feeds/" + FeedRef("room", room.key).path


@_feed_route("/agenda-items/{number}.ics", "The meetings that take up one agenda item")
async def agenda_item_feed(
    request: Request,
    congress: str,
    number: Annotated[int, Path(ge=1, le=1000, description="Number of the agenda item")],
    lang: LanguageQuery = None,
) -> Response:
    return await _serve(request, congress, FeedRef("agenda-item", str(number)), lang)


@_feed_route("/workshops/{number}.ics", "The meetings of one workshop")
async def workshop_feed(
    request: Request,
    congress: str,
    number: Annotated[int, Path(ge=1, le=1000, description="Number of the workshop")],
    lang: LanguageQuery = None,
) -> Response:
    return await _serve(request, congress, FeedRef("workshop", str(number)), lang)


@_feed_route("/high-level-segment.ics", "The meetings of the high-level segment")
async def high_level_segment_feed(
    request: Request, congress: str, lang: LanguageQuery = None
) -> Response:
    return await _serve(request, congress, FeedRef("high-level-segment"), lang)


@_feed_route(
    "/side-events.ics",
    "Every confirmed side event (also before the first publication of the timetable)",
)
async def side_events_feed(request: Request, congress: str, lang: LanguageQuery = None) -> Response:
    return await _serve(request, congress, FeedRef("side-events"), lang)


@router.get(
    "",
    summary="Every public feed of the congress, with its URL and webcal link",
    response_model=FeedIndex,
    responses={404: {"model": Problem, "description": "No such congress"}},
)
def feed_index(
    request: Request, congress: str, session: SessionDep, lang: LanguageQuery = None
) -> FeedIndex:
    found = get_congress(session, congress, full=True)
    head = repository.published_head(session, str(found.id))
    base = f"{base_url(request)}/congresses/{found.slug}/feeds/"
    query = f"?lang={lang}" if lang else ""
    return FeedIndex(
        congress=found.slug,
        published_version=head.version_number if head else None,
        time_zone=found.time_zone,
        feeds=[
            FeedLink(
                kind=ref.kind,
                key=ref.key or None,
                name=name,
                url=base + ref.path + query,
                webcal=webcal(base + ref.path + query),
            )
            for ref, name in feed_refs(found, lang)
        ],
    )


@router.post(
    "/delegation-feed",
    summary="Issue a delegation's private feed URL (its speakers' slots); "
    "the previous URL stops working",
    status_code=201,
    response_model=DelegationFeedIssued,
    # The answer is the private URL itself.
    dependencies=[Depends(no_store)],
    responses={
        401: {"model": Problem, "description": "No token, or an unknown one"},
        403: {"model": Problem, "description": "Another delegation's feed"},
        404: {"model": Problem, "description": "No such congress"},
        422: {"model": Problem, "description": "No or unknown delegation_id"},
    },
)
def issue_delegation_feed(
    request: Request,
    congress: str,
    session: SessionDep,
    caller: DelegationOrOrganizer,
    body: DelegationFeedCreate | None = None,
) -> DelegationFeedIssued:
    found = get_congress(session, congress)
    delegation = private.delegation_for(
        session, found, caller, body.delegation_id if body else None
    )
    issued = private.issue_feed_token(session, delegation)
    url = f"{base_url(request)}/congresses/{found.slug}/feeds/delegations/{issued.token}.ics"
    return DelegationFeedIssued(
        delegation_id=delegation.id,
        delegation=delegation.name,
        url=url,
        webcal=webcal(url),
        token_prefix=issued.record.prefix,
    )


@_feed_route(
    "/delegations/{token}.ics", "A delegation's private feed: its speakers' estimated slots"
)
def _delegation_feed(
    request: Request,
    congress: str,
    token: Annotated[str, Path(max_length=200, description="The private part of the URL")],
    session: SessionDep,
    lang: LanguageQuery = None,
) -> Response:
    built = private.delegation_feed(
        session, congress, token, language=lang, base_url=base_url(request)
    )
    return feed_response(request, built)


@_feed_route(
    "/speakers/{entry_id}.ics",
    "One speaker's estimated turn (public, like the list of speakers); "
    "its last turn cancelled once withdrawn",
)
def _speaker_feed(
    request: Request,
    congress: str,
    entry_id: Annotated[
        int,
        Path(
            ge=1,
            le=INT32_MAX,
            description="Id of the speaker's entry (GET …/speakers-lists/{target})",
        ),
    ],
    session: SessionDep,
    lang: LanguageQuery = None,
) -> Response:
    # Public, unlike the delegation's feed: see app.feeds.speaker for why.
    built = speaker.speaker_feed(
        session, congress, entry_id, language=lang, base_url=base_url(request)
    )
    return feed_response(request, built)
