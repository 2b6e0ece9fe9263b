"""Reading HTML tables as rows of cell texts (stdlib html.parser, as a browser would
see the text), for page tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, css_class: str | None) -> None:
        super().__init__()
        self.css_class = css_class
        self.depth = 0  # >0 while inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.headers: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            if self.depth:
                self.depth += 1
            elif self.css_class is None or self.css_class in (attributes.get("class") or ""):
                self.depth = 1
            return
        if not self.depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
            if tag == "th":
                self.headers.append((tag, attributes))
        elif tag == "span" and "line" in (attributes.get("class") or "") and self.cell:
            self.cell.append(" / ")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            self.rows[-1].append(text.strip(" /").replace("  ", " "))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.depth and self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str | None = None) -> list[list[str]]:
    """Rows (header row included) of the first table with `css_class`, as texts; the lines
    of a cell (span.line) are joined by " / "."""
    parser = _Tables(css_class)
    parser.feed(html)
    return [[re.sub(r" / +/ ", " / ", c) for c in row] for row in parser.rows]


def header_cells(html: str, css_class: str | None = None) -> list[dict[str, str | None]]:
    """The attributes of every <th> of the table (to check scopes)."""
    parser = _Tables(css_class)
    parser.feed(html)
    return [attrs for _, attrs in parser.headers]
