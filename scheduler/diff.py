"""How far a re-solve moved from the previous timetable: the solver's own measure of
stability (`solve` keeps meetings at `previous_positions` and reports `Timetable.diff`).

Only placements count here, as the stability rule sees them. What the public is told
changed between two versions (rooms, titles, SEQUENCE, cancellations) is the app's,
in `app.timetables.changes`, which this module knows nothing of.
"""

from __future__ import annotations

import datetime as dt

from scheduler.timetable import Diff, MeetingMove, Timetable


def previous_positions(tt: Timetable) -> dict[str, tuple[dt.date, str, str]]:
    """Meeting key -> (date, slot, body key), for every key a meeting carries.

    Informal consultations are filler, not meetings to keep in place."""
    out: dict[str, tuple[dt.date, str, str]] = {}
    for m in tt.meetings:
        if m.kind == "informal":
            continue
        for k in m.keys:
            out[k] = (m.date, m.slot, m.body)
    return out


def diff_timetables(before: Timetable, after: Timetable) -> Diff:
    """Moved, added and removed meetings (informal consultations ignored)."""
    a, b = previous_positions(before), previous_positions(after)
    moved = tuple(
        MeetingMove(
            key=k,
            before=(a[k][0].isoformat(), a[k][1], a[k][2]),
            after=(b[k][0].isoformat(), b[k][1], b[k][2]),
        )
        for k in sorted(a.keys() & b.keys())
        if a[k] != b[k]
    )
    return Diff(
        moved=moved,
        added=tuple(sorted(b.keys() - a.keys())),
        removed=tuple(sorted(a.keys() - b.keys())),
    )
