"""The service's front page: the congresses it holds, with links."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

from app.congresses.models import Congress

_environment = Environment(
    loader=PackageLoader("app", "templates"), autoescape=select_autoescape(["html"])
)


def render_index(congresses: Sequence[Congress]) -> str:
    return _environment.get_template("index.html").render(congresses=congresses)
