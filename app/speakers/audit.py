"""The log of every change to the lists of speakers (SpeakersAudit rows): who changed
what, with the state before and after. Private feeds read withdrawn turns from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.auth.deps import Principal
from app.congresses.models import Congress
from app.speakers.models import SpeakerEntry, SpeakersAudit, SpeakersList


def record(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList | None,
    action: str,
    actor: Principal | None,
    *,
    entry_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        SpeakersAudit(
            congress_id=congress.id,
            list_id=speakers_list.id if speakers_list else None,
            entry_id=entry_id,
            action=action,
            actor_role=actor.role.value if actor and actor.role else None,
            actor_token_id=actor.token_id if actor else None,
            actor_delegation_id=actor.delegation_id if actor else None,
            before=before,
            after=after,
        )
    )


def list_state(speakers_list: SpeakersList) -> dict[str, Any]:
    return {
        "target": speakers_list.target,
        "title": speakers_list.title,
        "opens_at": speakers_list.opens_at.isoformat(),
        "closes_at": speakers_list.closes_at.isoformat(),
        "time_limit_minutes": speakers_list.time_limit_minutes,
        "statements_per_delegation": speakers_list.statements_per_delegation,
        "allowed_kinds": list(speakers_list.allowed_kinds),
    }


def entry_state(entry: SpeakerEntry) -> dict[str, Any]:
    return {
        "delegation_id": entry.delegation_id,
        "sequence": entry.sequence,
        "name": entry.name,
        "title": entry.title,
        "protocol_level": entry.protocol_level.value,
        "language": entry.language,
        "place": [entry.place_level, entry.place_class, entry.place_sequence],
    }
