"""A speaker's own feed: the estimated turn of one entry of a list of speakers.

Access: public, at /congresses/{c}/feeds/speakers/{entry_id}.ics. Everything the feed
holds — the speaker's name, delegation and estimated time — is already shown to anyone
by the public list of speakers (GET …/speakers-lists/{target}) and the meeting pages,
so a token would protect nothing; a public URL can be linked from those pages and
handed to the speaker as it is. What stays private is the delegation's feed (all its
speakers at once, a view nobody else is given), behind its token (app.feeds.private).

The events are built by the same `build_speaker_feed` as the delegation's feed, with
the same slot identity and SEQUENCE rule (`private.entry_changes`), so an entry's
event has the same UID in both feeds and its SEQUENCE grows whenever its list changes.
A withdrawn entry is deleted from its list, but its feed goes on (as the delegation's
does): its last turn, kept in the withdrawal's log record, with STATUS:CANCELLED and
one SEQUENCE more, so that subscribed calendars strike it rather than keep a turn
nobody will take. Its id is never given to another entry (AUTOINCREMENT on SQLite,
migration 0015), so the URL and the UID stay this speaker's.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.problems import NotFound
from app.feeds import repository
from app.feeds.cache import BuiltFeed
from app.feeds.private import (
    Withdrawal,
    entry_changes,
    speaker_slot,
    withdrawals,
    withdrawn_slot,
)
from app.feeds.service import build_speaker_feed, head_of
from app.speakers import order as speakers
from app.speakers.models import SpeakerEntry, SpeakersAudit


def speaker_feed(
    session: Session,
    congress_ref: str,
    entry_id: int,
    *,
    language: str | None,
    base_url: str,
) -> BuiltFeed:
    """Built on each request, like the delegation's feed: the estimate moves with the
    list (its ETag still makes an unchanged feed a 304)."""
    head = head_of(session, congress_ref)
    congress = get_congress(session, str(head.congress_id), full=True)
    entry = session.get(SpeakerEntry, entry_id)
    if entry is None or entry.speakers_list.congress_id != congress.id:
        withdrawn = withdrawals(session, congress.id, entry_id=entry_id)
        if withdrawn:
            return _withdrawn_feed(
                session, congress, withdrawn[-1], language=language, base_url=base_url
            )
        raise NotFound(
            f"{congress.name} has no speaker {entry_id}. The lists of speakers "
            f"(/congresses/{congress.slug}/speakers-lists) give each speaker's id."
        )
    speakers_list = entry.speakers_list
    found = speakers.schedule(session, congress, speakers_list)
    turn = found.allocation.slots.get(entry.id)
    # No turn: the entry is beyond the time of the list's meetings (overflow), or no
    # meeting takes up the list yet: a valid calendar without events.
    slots = (
        [
            speaker_slot(
                entry_changes(session, congress.id),
                entry_id=entry.id,
                meeting_key=turn.meeting_key,
                start=turn.start,
                end=turn.end,
                speaker=entry.name,
                delegation=entry.delegation.name,
            )
        ]
        if turn is not None
        else []
    )
    built = build_speaker_feed(
        congress,
        repository.published_versions_with_meetings(session, congress.id),
        slots,
        name=f"{entry.name} ({entry.delegation.name})",
        path=f"speakers/{entry.id}.ics",
        language=language,
        base_url=base_url,
    )
    # Public information: shared caches may keep it (the builder marks speaker feeds
    # private for the delegation's token URL).
    built = replace(built, private=False)
    # The estimate moves with the list: Last-Modified follows its latest change.
    changed = session.scalar(
        select(func.max(SpeakersAudit.at)).where(SpeakersAudit.list_id == speakers_list.id)
    )
    if changed is not None and changed > built.last_modified:
        return replace(built, last_modified=changed)
    return built


def _withdrawn_feed(
    session: Session,
    congress: Congress,
    withdrawal: Withdrawal,
    *,
    language: str | None,
    base_url: str,
) -> BuiltFeed:
    """A withdrawn speaker's feed: its last turn, cancelled (none if it had no turn).

    It no longer follows the list, so its Last-Modified is the withdrawal's (or a later
    publication's, which may reword the meeting): an unchanged feed stays a 304.
    """
    cancelled = withdrawn_slot(entry_changes(session, congress.id), withdrawal)
    delegation = cancelled.delegation if cancelled else ""
    built = build_speaker_feed(
        congress,
        repository.published_versions_with_meetings(session, congress.id),
        [cancelled] if cancelled else [],
        name=f"{withdrawal.speaker} ({delegation})" if delegation else withdrawal.speaker,
        path=f"speakers/{withdrawal.entry_id}.ics",
        language=language,
        base_url=base_url,
    )
    return replace(built, private=False)
