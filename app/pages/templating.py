"""The Jinja2 environment of the pages: autoescaping everywhere, since titles and change
logs come from seed files and organizers and may contain markup."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse

from app.pages.annex import date_range, long_date, utc_offset

environment = Environment(
    loader=PackageLoader("app", "templates"),
    # Every template, whatever its extension: nothing we render is trusted markup.
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(long_date=long_date, date_range=date_range, utc_offset=utc_offset)


def render(template: str, **context: Any) -> str:
    return environment.get_template(template).render(**context)


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status_code)
