"""RFC 9457 problem details (application/problem+json) for every error the API returns."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class InvalidParam(BaseModel):
    name: str = Field(description="Path of the offending field, e.g. body.agenda_items[2].number")
    reason: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: list[InvalidParam] = Field(default_factory=list, alias="invalid-params")

    model_config = {"populate_by_name": True}


class ProblemError(Exception):
    """Raised by services; turned into a problem+json response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        type_: str = "about:blank",
        invalid_params: list[InvalidParam] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type_
        self.invalid_params = invalid_params or []
        self.headers = headers


class NotFound(ProblemError):
    def __init__(self, detail: str) -> None:
        super().__init__(404, detail)


def problem_response(
    request: Request,
    status: int,
    detail: str | None,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    invalid_params: list[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=type_,
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        invalid_params=invalid_params or [],
    ).model_dump(by_alias=True, exclude_none=True)
    if not body.get("invalid-params"):
        body.pop("invalid-params", None)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def field_path(loc: Sequence[str | int]) -> str:
    """("body", "agenda_items", 2, "number") -> "body.agenda_items[2].number": how the API
    and the seed loader both name a field."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


#: Answers any operation may give, whatever its own: documented on every operation.
SHARED_PROBLEMS: dict[str, str] = {
    "400": "The URL holds a control character, or the body is not valid JSON",
    "429": "Too many unknown or revoked tokens from this address, or too many requests",
    "500": "An unexpected error (logged); the body says so as a problem",
}


def document_shared_problems(app: FastAPI) -> None:
    """Add SHARED_PROBLEMS to every operation of the OpenAPI document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        for path_item in document.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in SHARED_PROBLEMS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
                            },
                        },
                    )
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def install_problem_handlers(app: FastAPI) -> None:
    document_shared_problems(app)

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem_response(
            request,
            error.status,
            error.detail,
            title=error.title,
            type_=error.type,
            invalid_params=error.invalid_params,
            headers=error.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        params = [
            InvalidParam(name=field_path(tuple(d["loc"])), reason=d["msg"]) for d in error.errors()
        ]
        return problem_response(
            request,
            422,
            "The request is not valid: " + "; ".join(f"{p.name}: {p.reason}" for p in params),
            invalid_params=params,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        # Starlette's last-resort handler: the error is still raised afterwards, so the
        # server logs its traceback; the client gets a problem like every other error,
        # not a text/plain "Internal Server Error".
        return problem_response(
            request,
            500,
            "An unexpected error occurred; it has been logged. Retry, and tell the "
            "secretariat if it persists.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            request, error.status_code, str(error.detail), headers=getattr(error, "headers", None)
        )
