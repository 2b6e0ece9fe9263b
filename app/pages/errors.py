"""Errors of the public pages as HTML pages: a browser that follows a link (from a
calendar event, a bookmark) gets a page it can read, with a way back to the programme.
The API keeps answering problem+json (app.core.problems); only the pages' routes use
this route class."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from app.core.problems import ProblemError
from app.pages.templating import page


def error_page(request: Request, status: int, detail: str) -> Response:
    congress = request.path_params.get("congress")
    programme = f"/congresses/{congress}/organization-of-work" if congress else None
    return page(
        "error.html",
        status_code=status,
        lang="en",
        title=HTTPStatus(status).phrase,
        detail=detail,
        # An unknown congress has no programme to go back to: the front page lists them.
        programme=programme if status != 404 or "no congress" not in detail.lower() else None,
    )


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors():
        name = str(problem["loc"][-1]) if problem["loc"] else "request"
        parts.append(f"{name}: {problem['msg']}")
    return "; ".join(parts)


class HtmlErrorRoute(APIRoute):
    """A page route whose errors are HTML pages: 400 for a bad query or path (a page
    has no request body to be unprocessable), else the service's status and detail."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                return error_page(request, 400, _validation_detail(error))
            except ProblemError as error:
                status = 400 if error.status == 422 else error.status
                return error_page(request, status, error.detail)

        return handle
