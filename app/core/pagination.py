"""Paginated lists: `?limit=&offset=`, a JSON array body, and the rest in headers.

Every list keeps a plain JSON array as its body (so the older list routes keep their
shape) and says where it is in the whole with `X-Total-Count` and an RFC 8288 `Link`
header (rel="first", "prev", "next", "last").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many (1-{MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageQuery = Annotated[Page, Depends(page_params)]

#: OpenAPI description of the headers of a paginated response.
PAGE_HEADERS: dict[str, Any] = {
    "X-Total-Count": {
        "description": "How many there are in all (with the filters applied)",
        "schema": {"type": "integer"},
    },
    "Link": {
        "description": "RFC 8288 links to the first, prev, next and last pages, e.g. "
        '</congresses/x/rooms?limit=50&offset=50>; rel="next"',
        "schema": {"type": "string"},
    },
}


def link_header(request: Request, page: Page, total: int) -> str:
    def at(offset: int) -> str:
        url = request.url.include_query_params(limit=page.limit, offset=offset)
        return f"<{url.path}?{url.query}>"

    links = [f'{at(0)}; rel="first"']
    if page.offset > 0:
        links.append(f'{at(max(0, page.offset - page.limit))}; rel="prev"')
    if page.offset + page.limit < total:
        links.append(f'{at(page.offset + page.limit)}; rel="next"')
    last = max(0, (total - 1) // page.limit * page.limit)
    links.append(f'{at(last)}; rel="last"')
    return ", ".join(links)


def paginate(
    session: Session,
    query: Select[T],
    page: Page,
    request: Request,
    response: Response,
) -> list[T]:
    """One page of `query` (which must be ordered), with the headers set on `response`."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    total = total or 0
    rows = list(session.scalars(query.limit(page.limit).offset(page.offset)))
    response.headers["X-Total-Count"] = str(total)
    response.headers["Link"] = link_header(request, page, total)
    return rows


def paginate_list(items: list[T], page: Page, request: Request, response: Response) -> list[T]:
    """The same for a list already in memory."""
    response.headers["X-Total-Count"] = str(len(items))
    response.headers["Link"] = link_header(request, page, len(items))
    return items[page.offset : page.offset + page.limit]
