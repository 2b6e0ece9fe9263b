"""Creating and checking bearer tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import ApiToken, Role
from app.congresses.models import Congress
from app.core.database import utc_now
from app.delegations.models import Delegation

#: Tokens carry this prefix so that a leaked one is recognisable (secret scanners).
TOKEN_PREFIX = "cgs_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str  #: shown once
    record: ApiToken


def issue_token(
    session: Session,
    *,
    role: Role,
    name: str,
    delegation: Delegation | None = None,
    congress: Congress | None = None,
) -> IssuedToken:
    if role is Role.DELEGATION and delegation is None:
        raise ValueError("a delegation token needs its delegation")
    if role is Role.ORGANIZER and delegation is not None:
        raise ValueError("an organizer token is not bound to a delegation")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        token_hash=hash_token(token),
        prefix=token[:12],
        role=role,
        name=name,
        delegation=delegation,
        congress=congress if delegation is None else delegation.congress,
    )
    session.add(record)
    session.flush()
    return IssuedToken(token=token, record=record)


def find_token(session: Session, token: str) -> ApiToken | None:
    """The live token record for a presented bearer token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # The lookup is by hash (an index); compare once more in constant time so that
    # no timing difference depends on how much of a guess was right.
    if record is None or not hmac.compare_digest(record.token_hash, digest):
        return None
    if record.revoked_at is not None:
        return None
    record.last_used_at = utc_now()
    return record
