"""The organization of work as a Word document in the annex's layout, for the official
document: A4, "Annex" and the title, a ruled table with Day and a column per body
(the heading row repeated on every page, in italics), each day a bold row across the
table, then its morning and afternoon rows; "continued" in italics."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell, _Row

from app.exports.base import Exporter, ExportSource
from app.pages.annex import MeetingView, date_range


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _keep_together(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _write_cell(cell: _Cell, view: MeetingView | None) -> None:
    if view is None:
        return
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(view.lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(line.label + (line.title or ""))
        if line.continued:
            paragraph.add_run(" (")
            paragraph.add_run("continued").italic = True
            paragraph.add_run(")")


def _describe(document: DocumentObject, source: ExportSource) -> None:
    """The file's own properties, which Word shows and archives index: the congress and
    the publication, not python-docx's template (author "python-docx", created 2013)."""
    congress, version = source.congress, source.version
    properties = document.core_properties
    properties.author = properties.last_modified_by = f"Secretariat of the {congress.name}"
    properties.title = f"Organization of work for the {congress.name}"
    properties.subject = congress.symbol or congress.name
    properties.keywords = "organization of work; annex"
    properties.comments = f"Version {version.number}"
    properties.category = "Organization of work"
    properties.language = source.annex.lang
    properties.revision = version.number or 1
    # The publication is when the document came to be; a fixed date also keeps the
    # bytes (and so the ETag) the same for the same version.
    published = version.published_at or version.created_at
    if published.tzinfo is not None:  # the file format holds UTC, without a zone
        published = published.astimezone(dt.UTC).replace(tzinfo=None)
    properties.created = properties.modified = published
    properties.last_printed = published


class AnnexDocx(Exporter):
    identifier = "organization-of-work.docx"
    verbose_name = "Organization of work (DOCX, annex layout)"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, source: ExportSource) -> bytes:
        annex, congress, version = source.annex, source.congress, source.version
        document = Document()
        _describe(document, source)
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(10)

        # The congress's words as the version announced them (its snapshot).
        named = annex.labels.congress
        if named.symbol:
            symbol = document.add_paragraph(named.symbol)
            symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        heading = document.add_paragraph()
        heading.add_run("Annex").bold = True
        title = document.add_paragraph()
        title.add_run(f"Organization of work for the {named.name}").bold = True
        place = ", ".join(p for p in (named.city, named.country) if p)
        document.add_paragraph(
            f"{place}, {date_range(congress.start_date, congress.end_date)}. "
            f"Version {version.number}"
            + (
                f", published {version.published_at.strftime('%d %B %Y')}"
                if version.published_at
                else ""
            )
            + f". Times are local ({congress.time_zone})."
        )

        table = document.add_table(rows=1, cols=len(annex.columns) + 1)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, text in zip(header.cells, ["Day", *(c.name for c in annex.columns)], strict=True):
            cell.paragraphs[0].add_run(text).italic = True
        for day in annex.days:
            day_row = table.add_row()
            _keep_together(day_row)
            merged = day_row.cells[0].merge(day_row.cells[-1])
            merged.paragraphs[0].add_run(day.label).bold = True
            for row in day.rows:
                cells = table.add_row()
                _keep_together(cells)
                cells.cells[0].paragraphs[0].add_run(row.slot_name)
                if row.hours:
                    # The annex's readers plan by the clock: the slot's hours under it.
                    cells.cells[0].add_paragraph(row.hours)
                for cell, view in zip(cells.cells[1:], row.cells, strict=True):
                    _write_cell(cell, view)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
