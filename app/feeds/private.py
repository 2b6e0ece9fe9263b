"""A delegation's private feed: its speakers' estimated slots, behind a token URL.

token (shown once) → its SHA-256 → `DelegationFeedToken` → the delegation → its
speakers' slots (app.speakers.order) → `service.build_speaker_feed`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.auth.deps import Principal
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.database import utc_now
from app.core.problems import InvalidParam, NotFound, ProblemError
from app.delegations import repository as delegations
from app.delegations.models import Delegation
from app.feeds import repository
from app.feeds.cache import BuiltFeed
from app.feeds.events import SpeakerSlot
from app.feeds.models import DelegationFeedToken
from app.feeds.service import build_speaker_feed, head_of
from app.speakers import order as speakers
from app.speakers import repository as speakers_log

#: Feed tokens carry this prefix, so that a leaked feed URL is recognisable.
FEED_TOKEN_PREFIX = "cgf_"


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedFeedToken:
    token: str  #: shown once, in the feed URL
    record: DelegationFeedToken


def delegation_for(
    session: Session, congress: Congress, caller: Principal, delegation_id: int | None
) -> Delegation:
    """The delegation whose feed the caller may issue: its own, or any for the secretariat."""
    if caller.may_organize(congress.id):
        if delegation_id is None:
            raise ProblemError(
                422,
                "The secretariat issues a delegation's feed: give its delegation_id.",
                invalid_params=[InvalidParam(name="body.delegation_id", reason="required")],
            )
        chosen = delegation_id
    else:
        if caller.delegation_id is None or caller.congress_id != congress.id:
            raise ProblemError(403, "This token is not a delegation's token for this congress.")
        if delegation_id not in (None, caller.delegation_id):
            raise ProblemError(403, "A delegation may issue only its own feed.")
        chosen = caller.delegation_id
    delegation = delegations.delegation(session, congress.id, chosen)
    if delegation is None:
        raise ProblemError(
            422,
            f"{congress.name} has no delegation with id {chosen}.",
            invalid_params=[InvalidParam(name="body.delegation_id", reason="unknown delegation")],
        )
    return delegation


def issue_feed_token(session: Session, delegation: Delegation) -> IssuedFeedToken:
    """A new private feed URL for the delegation; the previous one stops working."""
    now = utc_now()
    repository.revoke_feed_tokens(session, delegation.id, now)
    token = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = DelegationFeedToken(
        congress_id=delegation.congress_id,
        delegation_id=delegation.id,
        token_hash=hash_feed_token(token),
        prefix=token[:12],
        created_at=now,
    )
    return IssuedFeedToken(token=token, record=repository.add_feed_token(session, record))


def find_feed_token(session: Session, congress_id: int, token: str) -> DelegationFeedToken | None:
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_feed_token(token)
    record = repository.feed_token_by_hash(session, digest)
    # Found by its hash (an index); compared once more in constant time.
    if record is None or not hmac.compare_digest(record.token_hash, digest):
        return None
    if record.revoked_at is not None or record.congress_id != congress_id:
        return None
    return record


#: The log's action for a withdrawal; its "before" keeps the entry and its last turn.
WITHDRAWAL = "entry.withdraw"


@dataclass(frozen=True)
class EntryChanges:
    """A speaker's entry as its feed event numbers it: inscribed at `since`, and
    `sequence` changes of its list after that (each may move its estimate), the last
    at `modified_at`; for a withdrawn entry, the changes up to its withdrawal (the last
    of them, at `withdrawn_at`): its cancelled event no longer moves."""

    since: dt.datetime
    sequence: int
    modified_at: dt.datetime
    withdrawn_at: dt.datetime | None = None


def entry_changes(session: Session, congress_id: int) -> dict[int, EntryChanges]:
    """Every entry's inscription and the changes of its list since, from the speakers'
    log (shared by the delegation's and the speaker's feeds, so that both number alike):
    a new entry's event starts at SEQUENCE 0, stamped with its inscription, and its
    withdrawal is one change more, the last."""
    rows = speakers_log.list_changes(session, congress_id)
    by_list: dict[int, list[tuple[dt.datetime, int]]] = {}
    inscribed: dict[int, tuple[dt.datetime, int, int]] = {}
    withdrawn: dict[int, tuple[dt.datetime, int]] = {}
    for record_id, list_id, entry_id, action, at in rows:
        if list_id is None:
            continue
        by_list.setdefault(list_id, []).append((at, record_id))
        if entry_id is None:
            continue
        if entry_id not in inscribed or (action == "entry.register" and entry_id in withdrawn):
            # The second case: an id SQLite gave again before ids were AUTOINCREMENT
            # (migration 0015); the log's records from there on are the new entry's.
            inscribed[entry_id] = (at, record_id, list_id)
            withdrawn.pop(entry_id, None)
        elif action == WITHDRAWAL:
            withdrawn[entry_id] = (at, record_id)
    found: dict[int, EntryChanges] = {}
    for entry_id, (at, record_id, list_id) in inscribed.items():
        end = withdrawn.get(entry_id)
        later = [c for c in by_list[list_id] if (at, record_id) < c and (end is None or c <= end)]
        found[entry_id] = EntryChanges(
            since=at,
            sequence=len(later),
            modified_at=later[-1][0] if later else at,
            withdrawn_at=end[0] if end else None,
        )
    return found


def speaker_slot(
    changes: dict[int, EntryChanges],
    *,
    entry_id: int,
    meeting_key: str,
    start: dt.datetime,
    end: dt.datetime,
    speaker: str,
    delegation: str,
) -> SpeakerSlot:
    """A speaker's estimated turn as the feed builder takes it (cancelled once the
    entry is withdrawn)."""
    known = changes.get(entry_id)
    return SpeakerSlot(
        slot_id=str(entry_id),
        meeting_key=meeting_key,
        start=start.replace(tzinfo=None),
        end=end.replace(tzinfo=None),
        speaker=speaker,
        delegation=delegation,
        sequence=known.sequence if known else 0,
        since=known.since if known else None,
        modified_at=known.modified_at if known else None,
        withdrawn_at=known.withdrawn_at if known else None,
    )


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawn entry as its log record keeps it (app.speakers.inscription.withdraw)."""

    entry_id: int
    speaker: str
    #: The turn its feeds showed last (None: it had none, or it was withdrawn before
    #: the turn was kept; its feeds then have no event to cancel).
    turn: dict[str, str] | None


def withdrawals(
    session: Session,
    congress_id: int,
    *,
    entry_id: int | None = None,
    delegation_id: int | None = None,
) -> list[Withdrawal]:
    """The congress's withdrawn entries (of one entry, or of one delegation), oldest
    first. The withdrawal of an id given again since (before migration 0015) is left
    out: the id is a live entry's now."""
    found: list[Withdrawal] = []
    for record in speakers_log.audit_records(session, congress_id, WITHDRAWAL, entry_id=entry_id):
        before = record.before or {}
        if delegation_id is not None and before.get("delegation_id") != delegation_id:
            continue
        assert record.entry_id is not None
        turn = before.get("turn")
        found.append(
            Withdrawal(
                entry_id=record.entry_id,
                speaker=str(before.get("name", "")),
                turn=turn if isinstance(turn, dict) else None,
            )
        )
    if not found:
        return found
    live = speakers_log.existing_entry_ids(session, {w.entry_id for w in found})
    return [w for w in found if w.entry_id not in live]


def withdrawn_slot(changes: dict[int, EntryChanges], withdrawal: Withdrawal) -> SpeakerSlot | None:
    """The cancelled event of a withdrawn entry: its last turn, one SEQUENCE higher."""
    turn = withdrawal.turn
    if turn is None:
        return None
    return speaker_slot(
        changes,
        entry_id=withdrawal.entry_id,
        meeting_key=turn["meeting"],
        start=dt.datetime.fromisoformat(turn["start"]),
        end=dt.datetime.fromisoformat(turn["end"]),
        speaker=withdrawal.speaker,
        delegation=turn["delegation"],
    )


def slots_of_delegation(
    session: Session, congress: Congress, delegation: Delegation
) -> list[SpeakerSlot]:
    """The delegation's speakers' estimated slots, as the feed builder takes them, and
    the last turns of its withdrawn speakers, cancelled.

    SEQUENCE: an estimate moves whenever its list changes (an inscription, a
    withdrawal, a swap before it), so each slot's share of SEQUENCE is the number
    of recorded changes of its list since the entry's inscription: 0 for a new
    entry, and it grows with every change, up to the entry's own withdrawal.
    """
    found = speakers.speaker_slots_for_delegation(session, congress, delegation.id)
    changes = entry_changes(session, congress.id)
    slots = [
        speaker_slot(
            changes,
            entry_id=slot.entry_id,
            meeting_key=slot.meeting_key,
            start=slot.start,
            end=slot.end,
            speaker=slot.speaker_name,
            delegation=delegation.name,
        )
        for slot in found
    ]
    for withdrawal in withdrawals(session, congress.id, delegation_id=delegation.id):
        cancelled = withdrawn_slot(changes, withdrawal)
        if cancelled is not None:
            slots.append(cancelled)
    return slots


def delegation_feed(
    session: Session,
    congress_ref: str,
    token: str,
    *,
    language: str | None,
    base_url: str,
) -> BuiltFeed:
    """Built on each request: the lists of speakers change between publications (its
    ETag still makes an unchanged feed a 304)."""
    head = head_of(session, congress_ref)
    record = find_feed_token(session, head.congress_id, token)
    if record is None:
        # The same answer for a wrong, revoked or other congress's token.
        raise NotFound("No such feed. Its URL may have been replaced by a newer one.")
    congress = get_congress(session, str(head.congress_id), full=True)
    versions = repository.published_versions_with_meetings(session, congress.id)
    delegation = record.delegation
    built = build_speaker_feed(
        congress,
        versions,
        slots_of_delegation(session, congress, delegation),
        name=delegation.name,
        path=f"delegations/{token}.ics",
        language=language,
        base_url=base_url,
    )
    # The estimates move with the lists too: Last-Modified (If-Modified-Since) must
    # not stay at the publication when a list changed after it.
    changed = speakers_log.last_change_at(session, congress.id)
    if changed is not None and changed > built.last_modified:
        return replace(built, last_modified=changed)
    return built
