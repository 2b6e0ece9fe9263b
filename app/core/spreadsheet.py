"""CSV cells that a spreadsheet program shows as text, never evaluates (CSV injection).

Excel, LibreOffice and Google Sheets evaluate a cell beginning with = + - or @ as a
formula, and a leading tab or carriage return hides such a start from a naive check
(OWASP "CSV Injection"). Names and titles come from delegations and seed files, so
every text cell of a CSV export goes through `spreadsheet_cell`: a leading apostrophe
makes the cell text; the spreadsheet hides the apostrophe, the text is kept whole.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """`value` unchanged, unless it is text that a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value
