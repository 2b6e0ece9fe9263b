"""Security headers on every response, and a Content-Security-Policy on the pages.

The pages load only their own stylesheets from /static and post forms only to this
service, so the policy allows nothing else: no script at all, no inline style, no
framing, no foreign origin.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

#: FastAPI's own documentation pages load Swagger UI and ReDoc from a CDN with inline
#: script; they keep their own needs and get the other headers only.
_OWN_POLICY_EXEMPT = ("/docs", "/redoc")


class SecurityHeaders:
    """Pure ASGI middleware (no BaseHTTPMiddleware): streaming responses stay streaming."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exempt = str(scope.get("path", "")).startswith(_OWN_POLICY_EXEMPT)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if headers.get("content-type", "").startswith("text/html") and not exempt:
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)


#: On every answer that carries a secret (a session, a CSRF value, a private URL): no
#: browser cache, proxy or back button keeps a copy.
NO_STORE = "no-store"


class NoStoreRoute(APIRoute):
    """A route class whose every answer is sent with Cache-Control: no-store, whatever
    the endpoint returns (the console's pages return responses of their own)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def no_store_handler(request: Request) -> Response:
            response = await handler(request)
            response.headers["Cache-Control"] = NO_STORE
            return response

        return no_store_handler


def no_store(response: Response) -> None:
    """A dependency for one API route whose answer carries a secret."""
    response.headers["Cache-Control"] = NO_STORE
