"""The one publication path: a solver's timetable kept as a draft, a draft published.

As pretalx's schedule releases: publishing revalidates the draft against the congress
as it is now, refuses one that shows nothing new, freezes what the public sees
(`snapshot.freeze`), numbers the version and gives each meeting its iCal SEQUENCE from
the history of every published version (`changes.history`). The API, the console and
`congress solve --publish` all publish through `publish_draft`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

import scheduler
from app.congresses.models import Congress
from app.core.database import utc_now
from app.core.problems import InvalidParam, ProblemError
from app.timetables import changes, mapping, repository, service, snapshot
from app.timetables.models import TimetableVersion, VersionState


def save_draft(
    session: Session,
    congress: Congress,
    timetable: scheduler.Timetable,
    *,
    seed: int | None,
    based_on: TimetableVersion | None,
) -> TimetableVersion:
    """Keep the solver's timetable as a draft of the congress."""
    version = mapping.draft_of(congress, timetable, seed=seed, based_on=based_on)
    session.add(version)
    session.flush()
    return version


def publish_draft(
    session: Session, congress: Congress, draft_id: int, change_log: str | None
) -> TimetableVersion:
    """Publish a draft that breaks no rule (409 with the violations otherwise).

    The one way to publish a draft, for the API, the console and the command line: it
    takes the draft by id through `service.draft_for_change`, so no caller can publish
    a draft read without the lock (409 AlreadyPublished for one published meanwhile).
    A caller that already holds the lock, having checked the draft, loses nothing:
    taking it again in the same transaction is a no-op, and the draft read is the one
    it checked.
    """
    draft = service.draft_for_change(session, congress, draft_id)
    violations = service.revalidate(session, congress, draft)
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
    if current is not None and changes.matches(draft, current):
        raise ProblemError(
            409,
            f"Draft {draft.id} holds the same meetings as published version {current.number}; "
            "nothing new to publish.",
        )
    return publish(session, draft, change_log)


def publish(
    session: Session, version: TimetableVersion, change_log: str | None = None
) -> TimetableVersion:
    """Number and freeze a draft; carry every unchanged meeting's SEQUENCE over.

    The last step of `publish_draft`, which checks the draft first; tests and
    benchmarks call it on a draft the solver just made."""
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
