"""Drafts: which draft a write is about (under the congress's write lock), moving its
meetings by hand, and checking it against the congress's rules as they are now.

Solving is `app.timetables.solving`, publishing `app.timetables.release`, what changed
between versions `app.timetables.changes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy.orm import Session

import scheduler
from app.congresses.deps import write_lock
from app.congresses.models import Congress
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.timetables import changes, mapping
from app.timetables.models import TimetableVersion, VersionState
from app.timetables.problem import build_problem
from scheduler import Violation


class AlreadyPublished(ProblemError):
    """A write on a draft that was published in the meantime (409): it names the version
    the draft became, so that whoever lost the race can go and look at it."""

    def __init__(self, congress: Congress, version: TimetableVersion) -> None:
        self.version = version
        super().__init__(
            409,
            f"Draft {version.id} was already published as version {version.number} "
            f"(/congresses/{congress.slug}/timetable/versions/{version.number}); "
            "published versions never change.",
        )


def draft_for_change(session: Session, congress: Congress, draft_id: int) -> TimetableVersion:
    """The draft a write (a move, a pin, a publication, a discard) is about, read again
    under the congress's write lock: as it is after every write committed before this
    one got the lock, and unchanged by anyone else until this transaction ends. Every
    check a caller makes on it (If-Match, the console's revision) must come after this.

    A draft published meanwhile is refused with AlreadyPublished (409), not 404: the
    organizer whose submission lost learns what became of the draft. Read before the
    lock, both of two concurrent publications saw a draft and published it, the second
    renumbering the first's version and replacing its change log (issue #13 item 5).
    """
    write_lock(session, congress.id)
    # write_lock expired everything: this reads the row as it is now.
    version = session.get(TimetableVersion, draft_id)
    if (
        version is not None
        and version.congress_id == congress.id
        and version.state is VersionState.PUBLISHED
    ):
        raise AlreadyPublished(congress, version)
    return get_draft(session, congress, draft_id)


def get_draft(session: Session, congress: Congress, draft_id: int) -> TimetableVersion:
    version = session.get(TimetableVersion, draft_id)
    if (
        version is None
        or version.congress_id != congress.id
        or version.state is not VersionState.DRAFT
    ):
        raise NotFound(
            f"{congress.name} has no draft {draft_id} (published versions are under "
            f"/congresses/{congress.slug}/timetable/versions)."
        )
    return version


def revalidate(session: Session, congress: Congress, draft: TimetableVersion) -> list[Violation]:
    """Check the draft against the congress's rules as they are now; store the result."""
    problem = build_problem(session, congress)
    violations = scheduler.validate(problem, mapping.timetable_of(draft, congress))
    draft.violations = [v.to_dict() for v in violations]
    broken: dict[str, int] = {}
    for v in violations:
        broken[v.rule] = broken.get(v.rule, 0) + 1
    # The per-rule report of hard rules follows the edits (soft penalties are the
    # solver's and are not recomputed here).
    draft.rule_report = [
        {
            **line,
            "violations": broken.get(line["name"], 0),
            "satisfied": not broken.get(line["name"]),
        }
        if line.get("hard")
        else line
        for line in draft.rule_report
    ]
    session.flush()
    return violations


def placement_revision(draft: TimetableVersion) -> str:
    """A short digest of where every meeting of a draft is: a form of the console carries
    the revision its page showed, so that a move, pin or publication made on a draft
    another organizer has changed since is refused instead of applied blind."""
    placements = sorted(
        (m.key, m.start.isoformat(), m.end.isoformat(), m.body_key or "", m.room or "")
        for m in draft.meetings
    )
    digest = hashlib.sha256(repr(placements).encode())
    return digest.hexdigest()[:16]


def edit_meeting(
    session: Session,
    congress: Congress,
    draft: TimetableVersion,
    key: str,
    changes: dict[str, Any],
) -> list[Violation]:
    """Move one meeting of a draft (date, slot, body, room), then re-validate the draft.

    `changes` holds only the fields given; unknown slots, bodies and rooms are refused
    (422), rules broken by the move are returned as violations (the edit is kept, so
    that a sequence of edits can pass through a state that breaks a rule).
    """
    meeting = next((m for m in draft.meetings if m.key == key), None)
    if meeting is None:
        carrier = next((m for m in draft.meetings if key in m.also), None)
        hint = f"; it is held in meeting {carrier.key}, move that one" if carrier else ""
        raise NotFound(f"Draft {draft.id} has no meeting {key!r}{hint}.")
    slots = {s.key: s for s in congress.meeting_slots}
    bodies = {b.key: b for b in congress.bodies}
    rooms = {r.name for r in congress.rooms}
    invalid: list[InvalidParam] = []
    if changes.get("slot") is not None and changes["slot"] not in slots:
        invalid.append(
            InvalidParam(
                name="slot",
                reason=f"unknown slot {changes['slot']!r}; the congress has " + ", ".join(slots),
            )
        )
    if changes.get("body") is not None and changes["body"] not in bodies:
        invalid.append(
            InvalidParam(
                name="body",
                reason=f"unknown body {changes['body']!r}; the congress has " + ", ".join(bodies),
            )
        )
    if changes.get("room") is not None and changes["room"] not in rooms:
        invalid.append(
            InvalidParam(
                name="room",
                reason=f"unknown room {changes['room']!r}; the congress has "
                + ", ".join(sorted(rooms)),
            )
        )
    for field in ("date", "slot", "body"):
        if field in changes and changes[field] is None:
            invalid.append(InvalidParam(name=field, reason="may be left out, not null"))
    if invalid:
        raise ProblemError(
            422,
            "The move is not valid: " + "; ".join(f"{p.name}: {p.reason}" for p in invalid),
            invalid_params=invalid,
        )
    if "date" in changes:
        meeting.date = changes["date"]
    if "slot" in changes:
        meeting.slot_key = changes["slot"]
    if "body" in changes:
        body = bodies[changes["body"]]
        meeting.body_key, meeting.body_name = body.key, body.name
    if "room" in changes:
        meeting.room = changes["room"]
    slot = slots.get(meeting.slot_key)
    if slot is not None:
        start, end = _slot_times(congress, meeting.date, slot.key, slot.start_time, slot.end_time)
        meeting.start = dt.datetime.combine(meeting.date, start)
        meeting.end = dt.datetime.combine(meeting.date, end)
    session.flush()
    _rekey_informal_consultations(session, draft)
    return revalidate(session, congress, draft)


def _slot_times(
    congress: Congress, date: dt.date, key: str, start: dt.time, end: dt.time
) -> tuple[dt.time, dt.time]:
    """The slot's times on `date`: that date's own (congress.day_slots), else its own."""
    for entry in congress.day_slots or []:
        if entry.get("date") != date.isoformat():
            continue
        for s in entry.get("slots", []):
            if s.get("key") == key:
                return (
                    dt.time.fromisoformat(s["start"]) if s.get("start") else start,
                    dt.time.fromisoformat(s["end"]) if s.get("end") else end,
                )
    return start, end


def _rekey_informal_consultations(session: Session, draft: TimetableVersion) -> None:
    """Informal consultations are named by their place (`changes.identity`): one moved
    by hand takes the key of where it now is, as the solver would name it, so that a
    re-solve that leaves it there changes nothing. A key still held by another meeting
    (two in one slot: a broken grid, refused at publication) waits for the next edit."""
    held = {m.key for m in draft.meetings}
    renamed = []
    for meeting in draft.meetings:
        wanted = changes.identity(meeting)
        if meeting.key != wanted and wanted not in held:
            held.discard(meeting.key)
            held.add(wanted)
            renamed.append((meeting, wanted))
    if not renamed:
        return
    # Through unique temporary keys: two placeholders may trade places in one edit.
    for meeting, _ in renamed:
        meeting.key = f"{meeting.key}#{meeting.id}"
    session.flush()
    for meeting, wanted in renamed:
        meeting.key = wanted
    session.flush()
