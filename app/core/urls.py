"""Absolute URLs: every link the service gives out (pages, feed index, exports, iCal
SOURCE/URL, private feed URLs, the CLI's printed URLs) is built here.

The base is `PUBLIC_BASE_URL` when it is set (the address users see, e.g. behind a
reverse proxy); otherwise what the server actually serves: the request's own base URL
(scheme, host and port as the client reached it), or, where there is no request (the
CLI), the host and port the server is started with.
"""

from __future__ import annotations

import os

from fastapi import Request

#: What `congress serve` and ./scripts/start listen on when HOST / PORT are not set.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def request_base_url(request: Request) -> str:
    """The base of every absolute link in an answer to `request`, without a trailing /."""
    configured: str | None = request.app.state.settings.public_base_url
    if configured:
        return configured.rstrip("/")
    return str(request.base_url).rstrip("/")


def absolute_url(request: Request, path: str) -> str:
    """`path` (starting with /) as an absolute URL for this request."""
    return request_base_url(request) + path


def webcal(url: str) -> str:
    """The feed at `url` as calendar apps subscribe to it (webcal://…)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    return url


def served_base_url(
    public_base_url: str | None, host: str | None = None, port: int | None = None
) -> str:
    """The base URL where there is no request: PUBLIC_BASE_URL, else the host and port
    the server is (or will be) started with (given, else HOST / PORT, else the defaults)."""
    if public_base_url:
        return public_base_url.rstrip("/")
    host = host or os.environ.get("HOST") or DEFAULT_HOST
    port = port or int(os.environ.get("PORT") or DEFAULT_PORT)
    # A wildcard interface is not an address to open: show the loopback one.
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"
