"""The service's front page: the congresses it holds, with links."""

from __future__ import annotations

from collections.abc import Sequence

from app.congresses.models import Congress
from app.pages.templating import render


def render_index(congresses: Sequence[Congress]) -> str:
    return render("index.html", congresses=congresses)
