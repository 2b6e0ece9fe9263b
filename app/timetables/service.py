"""Solving a congress, keeping drafts, publishing versions, comparing them.

Pure domain functions in the manner of pretalx's schedule releases: a version is a
snapshot; publishing numbers it, freezes it and sets each meeting's iCal SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

import scheduler
from app.congresses.deps import write_lock
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.timetables import changes, repository, snapshot
from app.timetables.models import TimetableMeeting, TimetableVersion, VersionState
from app.timetables.problem import build_problem
from scheduler import Violation

ProgressHook = Callable[[int, float, float, float], None]


def solve_congress(
    session: Session,
    congress: Congress,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressHook | None = None,
    cancel: threading.Event | None = None,
) -> tuple[scheduler.Timetable, TimetableVersion | None]:
    """Solve, keeping close to the latest published version; store a draft if one exists.

    Returns the scheduler's timetable (with its explanation when none exists) and the
    draft version, or None when there is no timetable to keep.
    """
    timetable, published = propose(
        session,
        congress,
        time_limit_s=time_limit_s,
        seed=seed,
        on_progress=on_progress,
        cancel=cancel,
    )
    if not timetable.ok:
        return timetable, None
    draft = save_draft(session, congress, timetable, seed=seed, based_on=published)
    return timetable, draft


def propose(
    session: Session,
    congress: Congress,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressHook | None = None,
    cancel: threading.Event | None = None,
) -> tuple[scheduler.Timetable, TimetableVersion | None]:
    """Solve without writing anything; also return the published version kept close to.

    Solve jobs write nothing while CP-SAT runs (their heartbeats need the database,
    and SQLite has a single writer), then keep the draft with `save_draft`.
    """
    problem = build_problem(session, congress)
    published = repository.latest_published(session, congress.id)
    previous = timetable_from_version(published, congress) if published else None
    timetable = scheduler.solve(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        previous=previous,
        on_progress=on_progress,
        cancel=cancel,
    )
    return timetable, published


def save_draft(
    session: Session,
    congress: Congress,
    timetable: scheduler.Timetable,
    *,
    seed: int | None,
    based_on: TimetableVersion | None,
) -> TimetableVersion:
    version = TimetableVersion(
        congress_id=congress.id,
        state=VersionState.DRAFT,
        based_on_id=based_on.id if based_on else None,
        solver_status=timetable.status,
        objective=timetable.objective,
        best_bound=timetable.best_bound,
        gap=timetable.gap,
        wall_time_s=timetable.wall_time_s,
        seed=seed,
        rule_report=[_rule(r) for r in timetable.rule_report],
        violations=[v.to_dict() for v in timetable.violations],
        meetings=[
            TimetableMeeting(
                key=m.key,
                also=list(m.also),
                date=m.date,
                slot_key=m.slot,
                body_key=m.body,
                body_name=m.body_name,
                kind=m.kind,
                start=m.start,
                end=m.end,
                agenda_items=list(m.agenda_items),
                workshop=m.workshop,
                room=m.room,
                title=m.title,
                position=position,
            )
            for position, m in enumerate(timetable.meetings)
        ],
    )
    session.add(version)
    session.flush()
    return version


def publish(
    session: Session, version: TimetableVersion, change_log: str | None = None
) -> TimetableVersion:
    """Number and freeze a draft; carry every unchanged meeting's SEQUENCE over."""
    if version.state is VersionState.PUBLISHED:
        raise ProblemError(
            409, f"Version {version.number} is already published; published versions never change."
        )
    if version.violations:
        raise ProblemError(
            409,
            "This draft breaks rules of the congress and cannot be published: "
            + "; ".join(v["message"] for v in version.violations),
        )
    congress = version.congress
    published = repository.published_versions(session, version.congress_id, with_meetings=True)
    # The version records what is announced now: the congress's names and titles
    # as they are at this moment, whatever is edited afterwards.
    snapshot.freeze(version, congress)
    version.published_at = utc_now()
    _number_sequences(published, version, congress)
    version.number = repository.next_version_number(session, version.congress_id)
    version.state = VersionState.PUBLISHED
    if not change_log:
        change_log = (
            changes.describe(changes.diff_versions(published[-1], version, congress))
            if published
            else "First published organization of work."
        )
    version.change_log = change_log
    session.flush()
    return version


def _number_sequences(
    published: list[TimetableVersion], version: TimetableVersion, congress: Congress
) -> None:
    """Each meeting's iCal SEQUENCE as the history of every published version and this
    one gives it (`changes.history`: the feeds' own rule)."""
    states = changes.history(
        [
            *((v, snapshot.labels_of(v, congress), changes.published_at(v)) for v in published),
            (version, snapshot.labels_of(version, congress), changes.published_at(version)),
        ]
    )
    sequences = {s.key: s.sequence for s in states}
    for meeting in version.meetings:
        meeting.sequence = sequences[changes.identity(meeting)]


def matches(version: TimetableVersion, other: TimetableVersion) -> bool:
    """Both versions show the same meetings the same way (places, times, rooms, titles)."""
    return changes.diff_versions(other, version, version.congress).empty


def diff_versions(
    before: TimetableVersion, after: TimetableVersion, congress: Congress
) -> changes.VersionDiff:
    """What changed from one version to another (`app.timetables.changes`)."""
    return changes.diff_versions(before, after, congress)


def timetable_from_version(version: TimetableVersion, congress: Congress) -> scheduler.Timetable:
    """A stored version as the scheduler's `Timetable` (to validate, diff or keep stable)."""
    return scheduler.Timetable(
        status="FEASIBLE" if version.solver_status != "OPTIMAL" else "OPTIMAL",
        time_zone=congress.time_zone,
        meetings=[
            scheduler.Meeting(
                key=m.key,
                date=m.date,
                slot=m.slot_key,
                body=m.body_key,
                body_name=m.body_name,
                kind=m.kind,  # type: ignore[arg-type]  # stored from the same Literal
                start=m.start,
                end=m.end,
                agenda_items=tuple(m.agenda_items),
                workshop=m.workshop,
                room=m.room,
                title=m.title,
                also=tuple(m.also),
            )
            for m in version.meetings
        ],
        objective=version.objective,
        best_bound=version.best_bound,
        gap=version.gap,
        wall_time_s=version.wall_time_s or 0.0,
        bodies=[(b.key, b.name) for b in congress.bodies],
        slots=[(s.key, s.name) for s in congress.meeting_slots],
    )


def _rule(result: scheduler.RuleResult) -> dict[str, object]:
    return {
        "name": result.name,
        "source": result.source,
        "hard": result.hard,
        "satisfied": result.satisfied,
        "violations": result.violations,
        "penalty": result.penalty,
        "weight": result.weight,
        "description": result.description,
    }


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
    violations = scheduler.validate(problem, timetable_from_version(draft, congress))
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
        meeting.start = dt.datetime.combine(meeting.date, slot.start_time)
        meeting.end = dt.datetime.combine(meeting.date, slot.end_time)
    session.flush()
    _rekey_informal_consultations(session, draft)
    return revalidate(session, congress, draft)


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


def publish_draft(
    session: Session, congress: Congress, draft_id: int, change_log: str | None
) -> TimetableVersion:
    """Publish a draft that breaks no rule (409 with the violations otherwise).

    The one way to publish a draft, for the API and the console alike: it takes the
    draft by id through `draft_for_change`, so no caller can publish a draft read
    without the lock (409 AlreadyPublished for one published meanwhile). A caller that
    already holds the lock, having checked the draft, loses nothing: taking it again
    in the same transaction is a no-op, and the draft read is the one it checked.
    """
    draft = draft_for_change(session, congress, draft_id)
    violations = revalidate(session, congress, draft)
    if violations:
        raise ProblemError(
            409,
            f"Draft {draft.id} breaks {len(violations)} rule(s) of the congress and cannot be "
            "published: " + "; ".join(v.message for v in violations),
            invalid_params=[
                InvalidParam(name=f"violations[{i}].{v.rule}", reason=v.message)
                for i, v in enumerate(violations)
            ],
        )
    current = repository.latest_published(session, congress.id)
    if current is not None and matches(draft, current):
        raise ProblemError(
            409,
            f"Draft {draft.id} holds the same meetings as published version {current.number}; "
            "nothing new to publish.",
        )
    return publish(session, draft, change_log)
