"""Conditional GET for the read routes that apps and calendars poll: an ETag from the
bytes of the response, Last-Modified where the route knows when its data last changed,
Cache-Control, and 304 Not Modified for If-None-Match / If-Modified-Since.

One mechanism for every such route: a router made with `route_class=ConditionalGetRoute`
gets it on each of its GET routes, whatever the route returns (a model, a CSV, a frab
file). A route that knows a date sets it with `last_modified(response, when)`; the
tag, the comparison and the 304 are done here, after the body is rendered, so the tag
changes exactly when the bytes a client gets change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Coroutine
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.core.etag import is_fresh

#: A client may keep a copy, but asks again (cheaply: a 304) before each use: these
#: resources change while a congress runs (lists of speakers, side events, new versions).
CACHE_CONTROL = "no-cache"
#: The headers a 304 repeats (RFC 9110 15.4.5), with the CORS header apps need.
KEPT_ON_304 = (
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Content-Location",
    "Access-Control-Allow-Origin",
)


def body_etag(body: bytes) -> str:
    """A strong ETag of the bytes sent (same bytes, same tag)."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def last_modified(response: Response, when: dt.datetime | None) -> None:
    """Declare when the data of `response` last changed (aware; None: unknown)."""
    if when is not None:
        when = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        response.headers["Last-Modified"] = format_datetime(when.astimezone(dt.UTC), usegmt=True)


def _declared_last_modified(response: Response) -> dt.datetime | None:
    value = response.headers.get("Last-Modified")
    return parsedate_to_datetime(value) if value else None


def conditional(request: Request, response: Response) -> Response:
    """The response with its validators, or a 304 when the client's copy is current."""
    body = getattr(response, "body", None)
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not isinstance(body, bytes) or "ETag" in response.headers:
        return response  # streamed, or the route keeps its own validator
    etag = body_etag(body)
    response.headers["ETag"] = etag
    if "Cache-Control" not in response.headers:
        # A copy fetched with a token is the caller's own: no shared cache keeps it.
        private = "authorization" in request.headers
        response.headers["Cache-Control"] = (
            f"private, {CACHE_CONTROL}" if private else CACHE_CONTROL
        )
    if is_fresh(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        etag,
        _declared_last_modified(response),
    ):
        kept = {k: response.headers[k] for k in KEPT_ON_304 if k in response.headers}
        return Response(status_code=304, headers=kept)
    return response


class ConditionalGetRoute(APIRoute):
    """An API route whose GET answers carry ETag, Cache-Control (and Last-Modified when
    the route declares it), and become 304 when the client's copy is current."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def conditional_handler(request: Request) -> Response:
            return conditional(request, await handler(request))

        return conditional_handler
