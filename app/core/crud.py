"""The six routes every resource family has, built from one description of the family.

A family (rooms, bodies, agenda items, …) provides a `ResourceService`: how to find a
row, list rows, show one (its "Public" shape) and write one from its "Create" shape.
`crud_router` turns that into:

    GET    {prefix}                   list, paginated (X-Total-Count, Link), filtered
    POST   {prefix}                   create → 201, Location, ETag
    GET    {prefix}/{key}             one → ETag; 304 on If-None-Match
    PUT    {prefix}/{key}             replace (If-Match required)
    PATCH  {prefix}/{key}             change some fields (If-Match required)
    DELETE {prefix}/{key}             delete (If-Match required); 409 while referenced

PATCH is PUT of the stored resource with the given fields changed: the merged whole is
validated again, so a rule spanning two fields holds whichever of them changes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import fields
from enum import Enum
from http import HTTPStatus
from typing import Annotated, Any, Generic, TypeVar, get_args, get_origin

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.core.deps import SessionDep
from app.core.etag import IfMatch, IfNoneMatch, etag_of, not_modified, require_if_match
from app.core.guards import MAX_BODY_BYTES
from app.core.pagination import PAGE_HEADERS, PageQuery, paginate
from app.core.problems import InvalidParam, NotFound, Problem, ProblemError, field_path

M = TypeVar("M")
C = TypeVar("C", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)
S = TypeVar("S")

_PROBLEM_CONTENT = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
}

_REASONS: dict[int, str] = {
    304: "Not modified: your If-None-Match still matches the ETag",
    401: "No bearer token, or an unknown or revoked one",
    403: "The token may not do this (a delegation's token, or an organizer token "
    "limited to another congress)",
    404: "No such congress or resource",
    409: "Conflicts with stored data: a duplicate, or something still refers to it",
    412: "If-Match no longer matches: someone changed the resource since you read it",
    413: f"The request body is over {MAX_BODY_BYTES} bytes",
    422: "The request is not valid; invalid-params names each field and the reason",
    428: "If-Match is missing: GET the resource and send its ETag",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each an RFC 9457 problem."""
    result: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status == 304:
            result[status] = {"description": _REASONS[304]}
            continue
        result[status] = {
            "model": Problem,
            "description": _REASONS.get(status, HTTPStatus(status).phrase),
            "content": _PROBLEM_CONTENT,
        }
    return result


READ_ERRORS = (404, 422)
WRITE_ERRORS = (401, 403, 404, 409, 412, 413, 422, 428)
CREATE_ERRORS = (401, 403, 404, 409, 413, 422)

ETAG_HEADER: dict[str, Any] = {
    "ETag": {"description": "Validator of this representation", "schema": {"type": "string"}}
}


def invalid(field: str, reason: str, *, status: int = 422) -> ProblemError:
    """A problem about one field of the request body, e.g. invalid("room", "unknown room 'X'")."""
    name = f"body.{field}"
    return ProblemError(
        status,
        f"{name}: {reason}",
        invalid_params=[InvalidParam(name=name, reason=reason)],
    )


def conflict(detail: str) -> ProblemError:
    return ProblemError(409, detail)


def validate(model: type[C], data: dict[str, Any]) -> C:
    """Validate merged data as `model`; a failure is a 422 naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        params = [
            InvalidParam(name=field_path(("body", *e["loc"])), reason=e["msg"])
            for e in error.errors()
        ]
        raise ProblemError(
            422,
            "The resource would not be valid: "
            + "; ".join(f"{p.name}: {p.reason}" for p in params),
            invalid_params=params,
        ) from None


def refuse_taken(taken: M | None, row: M | None, detail: Callable[[M], str]) -> None:
    """409 when a value that is unique is held by `taken`, another row than `row`."""
    if taken is not None and taken is not row:
        raise conflict(detail(taken))


def stored(session: Session, row: M | None, new: Callable[[], M]) -> M:
    """The row being replaced, or (on create) a new one from `new`, added to the session."""
    if row is None:
        row = new()
        session.add(row)
    return row


def copy_fields(data: BaseModel, row: object, names: Iterable[str]) -> None:
    """Store the body's fields that are columns of the same name, as given."""
    for name in names:
        setattr(row, name, getattr(data, name))


def next_position(session: Session, model: Any, congress_id: int) -> int:
    """The position after the last of a congress's rows of `model` (they keep seed order)."""
    last = session.scalar(
        select(func.coalesce(func.max(model.position) + 1, 0)).where(
            model.congress_id == congress_id
        )
    )
    return int(last or 0)


def _congress_id(scope: Any) -> int:
    return int(scope.congress.id)


class ResourceService(Generic[S, M, C, R]):
    """What a family provides; `S` is its scope (the congress, or a body for officers).

    Most families find and list their rows with two repository functions taking the
    congress's id: `lookup(session, congress_id, key)` and `listing(congress_id, *filters)`,
    where the filters (a dataclass, or None) give the listing's further arguments in the
    order of their fields. A family given those need not write `find` and `query`.
    """

    #: Singular noun for messages: "room", "agenda item".
    label: str = "resource"
    create_model: type[C]
    public_model: type[R]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The Create and Public shapes are named once, as the last two type arguments
        # of the family's base: ResourceService[Scope, Model, XCreate, XResource].
        for base in getattr(cls, "__orig_bases__", ()):
            if get_origin(base) is ResourceService:
                cls.create_model, cls.public_model = get_args(base)[2:]

    def __init__(
        self,
        lookup: Callable[[Session, int, Any], M | None] | None = None,
        listing: Callable[..., Select[M]] | None = None,
    ) -> None:
        self.lookup = lookup
        self.listing = listing

    def find(self, session: Session, scope: S, key: Any) -> M | None:
        if self.lookup is None:
            raise NotImplementedError
        return self.lookup(session, _congress_id(scope), key)

    def query(self, scope: S, filters: Any) -> Select[M]:
        if self.listing is None:
            raise NotImplementedError
        arguments = [] if filters is None else [getattr(filters, f.name) for f in fields(filters)]
        return self.listing(_congress_id(scope), *arguments)

    def public(self, row: M) -> R:
        raise NotImplementedError

    def key_of(self, row: M) -> Any:
        return getattr(row, "id")  # noqa: B009 - every model has one; mypy sees M as opaque

    def describe(self, row: M) -> str:
        return f"{self.label} {self.key_of(row)}"

    def write(self, session: Session, scope: S, row: M | None, data: C) -> M:
        raise NotImplementedError

    def blockers(self, session: Session, scope: S, row: M) -> list[str]:
        """What still refers to `row` (deleting it would break those): one phrase each."""
        return []

    def remove(self, session: Session, scope: S, row: M) -> None:
        session.delete(row)

    def as_create(self, row: M) -> dict[str, Any]:
        fields = set(self.create_model.model_fields)
        return self.public(row).model_dump(include=fields)

    def not_found(self, scope: S, key: Any) -> NotFound:
        congress = getattr(scope, "congress", None)
        where = getattr(congress, "name", "This congress")
        return NotFound(
            f"{where} has no {self.label} {key} (it may have been deleted). "
            "GET the collection to list them."
        )

    def get(self, session: Session, scope: S, key: Any) -> M:
        row = self.find(session, scope, key)
        if row is None:
            raise self.not_found(scope, key)
        return row

    def save(self, session: Session, scope: S, row: M | None, data: C) -> tuple[M, R, str]:
        row = self.write(session, scope, row, data)
        session.flush()
        # Relationships (documents, members) were changed through objects; read back
        # what is stored, which is what the next GET and its ETag will show.
        session.expire(row)
        public = self.public(row)
        return row, public, etag_of(public)


def _no_filters() -> None:
    return None


#: The optional headers (their default is None; everything else is required).
_OPTIONAL = {"if_match", "if_none_match"}


def _sign(function: Callable[..., Any], parameters: list[tuple[str, Any]]) -> Callable[..., Any]:
    """Give a generic `**values` endpoint the typed signature FastAPI reads."""
    signature = inspect.Signature(
        [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation,
                default=None if name in _OPTIONAL else inspect.Parameter.empty,
            )
            for name, annotation in parameters
        ]
    )
    setattr(function, "__signature__", signature)  # noqa: B010
    return function


def crud_router(
    service: ResourceService[S, M, C, R],
    *,
    prefix: str,
    tags: list[str | Enum],
    key_name: str,
    key_type: Any,
    update_model: type[BaseModel],
    read_scope: Callable[..., S],
    write_scope: Callable[..., S],
    filters: Callable[..., Any] | None = None,
    plural: str,
) -> APIRouter:
    """The list/create/get/put/patch/delete routes of one family (see the module doc)."""
    filters = filters or _no_filters
    router = APIRouter(prefix=prefix, tags=tags)
    label = service.label
    public_model = service.public_model
    read = Annotated[Any, Depends(read_scope)]
    write = Annotated[Any, Depends(write_scope)]
    create_body = service.create_model

    def list_rows(**values: Any) -> list[Any]:
        session: Session = values["session"]
        rows = paginate(
            session,
            service.query(values["scope"], values["filters"]),
            values["page"],
            values["request"],
            values["response"],
        )
        return [service.public(row) for row in rows]

    router.add_api_route(
        "",
        _sign(
            list_rows,
            [
                ("session", SessionDep),
                ("scope", read),
                ("filters", Annotated[Any, Depends(filters)]),
                ("page", PageQuery),
                ("request", Request),
                ("response", Response),
            ],
        ),
        methods=["GET"],
        summary=f"List the {plural}",
        response_model=list[public_model],  # type: ignore[valid-type]
        responses={200: {"headers": PAGE_HEADERS}, **problems(*READ_ERRORS)},
        operation_id=f"list_{plural.replace(' ', '_')}",
    )

    def create(**values: Any) -> Any:
        session: Session = values["session"]
        scope = values["scope"]
        row, public, etag = service.save(session, scope, None, values["body"])
        response: Response = values["response"]
        response.headers["ETag"] = etag
        response.headers["Location"] = f"{values['request'].url.path}/{service.key_of(row)}"
        return public

    router.add_api_route(
        "",
        _sign(
            create,
            [
                ("session", SessionDep),
                ("scope", write),
                ("body", create_body),
                ("request", Request),
                ("response", Response),
            ],
        ),
        methods=["POST"],
        status_code=201,
        summary=f"Add a {label}",
        response_model=public_model,
        responses={
            201: {
                "headers": {
                    **ETAG_HEADER,
                    "Location": {
                        "description": f"URL of the new {label}",
                        "schema": {"type": "string"},
                    },
                }
            },
            **problems(*CREATE_ERRORS),
        },
        operation_id=f"create_{label.replace(' ', '_')}",
    )

    item = "/{" + key_name + "}"

    def get_one(**values: Any) -> Any:
        row = service.get(values["session"], values["scope"], values[key_name])
        public = service.public(row)
        etag = etag_of(public)
        if not_modified(values["if_none_match"], etag):
            return Response(status_code=304, headers={"ETag": etag})
        values["response"].headers["ETag"] = etag
        return public

    router.add_api_route(
        item,
        _sign(
            get_one,
            [
                ("session", SessionDep),
                ("scope", read),
                (key_name, key_type),
                ("if_none_match", IfNoneMatch),
                ("response", Response),
            ],
        ),
        methods=["GET"],
        summary=f"One {label}",
        response_model=public_model,
        responses={200: {"headers": ETAG_HEADER}, **problems(304, *READ_ERRORS)},
        operation_id=f"get_{label.replace(' ', '_')}",
    )

    def change(values: dict[str, Any], merge: bool) -> Any:
        session: Session = values["session"]
        scope = values["scope"]
        row = service.get(session, scope, values[key_name])
        current = service.public(row)
        require_if_match(values["if_match"], etag_of(current), f"{service.describe(row)}")
        body: BaseModel = values["body"]
        if merge:
            data = service.as_create(row) | body.model_dump(exclude_unset=True)
        else:
            data = body.model_dump()
        merged = validate(service.create_model, data)
        _, public, etag = service.save(session, scope, row, merged)
        values["response"].headers["ETag"] = etag
        return public

    def replace(**values: Any) -> Any:
        return change(values, merge=False)

    def update(**values: Any) -> Any:
        return change(values, merge=True)

    for method, function, body_type, verb in (
        ("PUT", replace, create_body, "Replace"),
        ("PATCH", update, update_model, "Change some fields of"),
    ):
        router.add_api_route(
            item,
            _sign(
                function,
                [
                    ("session", SessionDep),
                    ("scope", write),
                    (key_name, key_type),
                    ("body", body_type),
                    ("if_match", IfMatch),
                    ("response", Response),
                ],
            ),
            methods=[method],
            summary=f"{verb} a {label}",
            response_model=public_model,
            responses={200: {"headers": ETAG_HEADER}, **problems(*WRITE_ERRORS)},
            operation_id=f"{method.lower()}_{label.replace(' ', '_')}",
        )

    def delete(**values: Any) -> Response:
        session: Session = values["session"]
        scope = values["scope"]
        row = service.get(session, scope, values[key_name])
        what = service.describe(row)
        require_if_match(values["if_match"], etag_of(service.public(row)), what)
        blockers = service.blockers(session, scope, row)
        if blockers:
            raise conflict(
                f"{what[:1].upper()}{what[1:]} cannot be deleted: "
                + "; ".join(blockers)
                + " refer(s) to it. Change or delete those first."
            )
        service.remove(session, scope, row)
        session.flush()
        return Response(status_code=204)

    router.add_api_route(
        item,
        _sign(
            delete,
            [
                ("session", SessionDep),
                ("scope", write),
                (key_name, key_type),
                ("if_match", IfMatch),
            ],
        ),
        methods=["DELETE"],
        status_code=204,
        summary=f"Delete a {label}",
        response_class=Response,
        responses={204: {"description": f"The {label} is deleted"}, **problems(*WRITE_ERRORS)},
        operation_id=f"delete_{label.replace(' ', '_')}",
    )
    return router
