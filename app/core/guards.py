"""Guards every route shares: a request body limit, and integrity errors as 409.

The body limit is an ASGI middleware so that an oversized upload is refused before
anything reads it. A body with a Content-Length is checked by that header (and counted
as it is read); a streamed body without one (Transfer-Encoding: chunked) is read here
first, up to the limit, and handed on whole: counting it only while the route reads it
would raise inside FastAPI's body parsing, which turns every error there into 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.inputs import CONTROL_CHARACTER
from app.core.problems import PROBLEM_JSON, Problem, problem_response

#: A congress's whole configuration is a few hundred kilobytes at most.
MAX_BODY_BYTES = 1024 * 1024

PAYLOAD_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": Problem, "description": f"The request body is over {MAX_BODY_BYTES} bytes"}
}


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        if length is None and _may_have_body(scope):
            body = await _read_at_most(receive, self.max_bytes)
            if body is None:
                await self._refuse(scope, receive, send)
                return
            receive = _replay(body, receive)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = {
            "type": "about:blank",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"The request body is larger than {self.max_bytes} bytes; "
            "send the data in smaller parts.",
            "instance": scope.get("path", ""),
        }
        response = JSONResponse(body, status_code=413, media_type=PROBLEM_JSON)
        await response(scope, receive, send)


class ControlCharactersInUrl:
    """A path or query holding a control character (`/congresses/%00`) is refused with 400
    before any route sees it: no slug, key or filter holds one, and PostgreSQL cannot
    even compare a text with a NUL (it answered 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
            found = CONTROL_CHARACTER.search(scope.get("path", "")) or CONTROL_CHARACTER.search(
                query
            )
            if found:
                body = {
                    "type": "about:blank",
                    "title": "Bad Request",
                    "status": 400,
                    "detail": f"The URL holds the control character U+{ord(found.group()):04X}; "
                    "no path or query may hold one",
                    "instance": scope.get("path", "").encode("unicode_escape").decode(),
                }
                response = JSONResponse(body, status_code=400, media_type=PROBLEM_JSON)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _may_have_body(scope: Scope) -> bool:
    return scope.get("method") not in ("GET", "HEAD", "OPTIONS")


async def _read_at_most(receive: Receive, max_bytes: int) -> bytes | None:
    """The whole request body, or None as soon as it passes `max_bytes`."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(parts)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the buffered body once, then waits on the real channel
    (for http.disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def install_guards(app: FastAPI) -> None:
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ControlCharactersInUrl)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, error: IntegrityError) -> JSONResponse:
        # The services check uniqueness and references first and say what is wrong;
        # this only catches a race between two writers (or a rule they missed), which
        # is a conflict with the stored data rather than a server error.
        return problem_response(
            request,
            409,
            "The change conflicts with data stored meanwhile (a duplicate name or "
            "number, or a reference that no longer exists). GET the resource and retry.",
        )
