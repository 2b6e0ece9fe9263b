"""The annex of A/CONF.213/1 (proposed organization of work, 2010), cell by cell.

TEST DATA ONLY: the scheduler never sees it; the comparison test measures how
close the proposal from the rules comes to the secretariat's own proposal.
A cell is (kind, agenda items or workshop number); "" is a blank cell.
"""

from __future__ import annotations

import datetime as dt

from scheduler import Timetable

Cell = tuple[str, tuple[int, ...]]

BLANK: Cell = ("", ())
INFORMAL: Cell = ("informal", ())
HLS: Cell = ("high-level", ())


def _w(n: int) -> Cell:
    return ("workshop", (n,))


def _a(*items: int) -> Cell:
    return ("agenda", items)


_BODIES = ("plenary", "committee-1", "committee-2")
_D = dt.date

# (date, slot) -> (Plenary, Committee I, Committee II)
ANNEX: dict[tuple[dt.date, str], tuple[Cell, Cell, Cell]] = {
    (_D(2010, 4, 11), "afternoon"): (("pre-congress", ()), BLANK, BLANK),
    (_D(2010, 4, 12), "morning"): (("opening", (1, 2, 3, 5)), BLANK, BLANK),
    (_D(2010, 4, 12), "afternoon"): (_a(3, 5), _a(4), _a(8)),
    (_D(2010, 4, 13), "morning"): (_a(3, 5), _a(4), _a(8)),
    (_D(2010, 4, 13), "afternoon"): (_a(3, 5), _a(4), _a(8)),
    (_D(2010, 4, 14), "morning"): (_w(3), _w(1), INFORMAL),
    (_D(2010, 4, 14), "afternoon"): (_w(3), _w(1), INFORMAL),
    (_D(2010, 4, 15), "morning"): (_a(6, 10), _a(7, 9), _w(2)),
    (_D(2010, 4, 15), "afternoon"): (_a(6, 10), _a(7, 9), _w(2)),
    (_D(2010, 4, 16), "morning"): (_a(6, 10), _w(5), INFORMAL),
    (_D(2010, 4, 16), "afternoon"): (_a(6, 10), _w(5), INFORMAL),
    (_D(2010, 4, 17), "morning"): (INFORMAL, _w(4), INFORMAL),
    (_D(2010, 4, 17), "afternoon"): (HLS, _w(4), INFORMAL),
    (_D(2010, 4, 18), "morning"): (HLS, INFORMAL, INFORMAL),
    (_D(2010, 4, 18), "afternoon"): (HLS, INFORMAL, INFORMAL),
    (_D(2010, 4, 19), "morning"): (HLS, INFORMAL, INFORMAL),
    (_D(2010, 4, 19), "afternoon"): (("closing", (11,)), BLANK, BLANK),
}


def cell_of(tt: Timetable, date: dt.date, slot: str, body: str) -> Cell:
    m = tt.find(date, slot, body)
    if m is None:
        return BLANK
    if m.kind == "workshop":
        num = int(m.key.split(":")[0].split("-")[1])
        return ("workshop", (num,))
    if m.kind in ("agenda", "opening", "closing"):
        return (m.kind, tuple(m.agenda_items))
    return (m.kind, ())


def compare(tt: Timetable) -> tuple[float, list[str]]:
    """Share of annex cells the timetable reproduces, and the differing cells."""
    total = same = 0
    diffs: list[str] = []
    for (date, slot), row in ANNEX.items():
        for body, want in zip(_BODIES, row, strict=True):
            got = cell_of(tt, date, slot, body)
            total += 1
            if got == want:
                same += 1
            else:
                diffs.append(f"{date} {slot} {body}: annex {want}, proposal {got}")
    return same / total, diffs
