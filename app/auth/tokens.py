"""Creating and checking bearer tokens."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.auth import repository
from app.auth.models import ApiToken, Role
from app.congresses.models import Congress
from app.core.database import SQLITE_BUSY_TIMEOUT_S, is_sqlite_lock_error, utc_now
from app.core.rate_limit import count_unknown_token
from app.delegations.models import Delegation

log = logging.getLogger(__name__)

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
    return IssuedToken(token=token, record=repository.add_token(session, record))


def find_token(session: Session, token: str) -> ApiToken | None:
    """The live token record for a presented bearer token, or None.

    Inside a request, each unknown or revoked token is counted per client address, and
    one more from an address that presented too many lately gets 429
    (app/core/rate_limit.py); a live token is never refused.
    """
    record = _live_token(session, token)
    if record is None and token:
        count_unknown_token()
    return record


def _live_token(session: Session, token: str) -> ApiToken | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    record = repository.token_by_hash(session, digest)
    # The lookup is by hash (an index); compare once more in constant time so that
    # no timing difference depends on how much of a guess was right.
    if record is None or not hmac.compare_digest(record.token_hash, digest):
        return None
    if record.revoked_at is not None:
        return None
    now = utc_now()
    if _touch(session, record.id, record.last_used_at, now):
        set_committed_value(record, "last_used_at", now)
    return record


@dataclass(frozen=True)
class LiveToken:
    """What a request needs of its caller's token (see Principal in app/auth/deps.py)."""

    id: int
    role: Role
    delegation_id: int | None
    congress_id: int | None


def find_live_token(session: Session, token: str) -> LiveToken | None:
    """find_token without an ORM object, for the hot path of the opening burst (loading
    the ApiToken entity costs more CPU than the query): the same checks, the same
    count of bad tokens, the same touch."""
    found = _live_token_row(session, token)
    if found is None and token:
        count_unknown_token()
    return found


def _live_token_row(session: Session, token: str) -> LiveToken | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    row = repository.token_row_by_hash(session, digest)
    # As in _live_token: a constant-time comparison after the indexed lookup.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.revoked_at is not None:
        return None
    _touch(session, row.id, row.last_used_at, utc_now())
    return LiveToken(row.id, row.role, row.delegation_id, row.congress_id)


#: last_used_at is for telling live tokens from forgotten ones, so minutes are exact
#: enough: a token used again within this many seconds is not written again (the opening
#: burst of a list of speakers would otherwise update every token row on every retry).
LAST_USED_RESOLUTION_S = 60

#: Milliseconds the last-use write waits for SQLite's write lock: it is bookkeeping, and
#: the request it rides on (often a read) must not wait long nor fail for it.
TOUCH_LOCK_WAIT_MS = 250

#: session.info key of the last-use times to write when the session commits.
_PENDING_TOUCHES = "app.auth.tokens.pending_touches"


def _touch(session: Session, token_id: int, last: datetime | None, now: datetime) -> bool:
    """Note last_used_at for writing at commit, unless it is recent; whether it was noted.

    Written just before the commit (`_write_touches`) rather than now: on SQLite the
    first write of a transaction takes the database's write lock until the commit, so
    a read that wrote here held it for its whole request, and the other requests of a
    burst queued behind it until they gave up (503).
    """
    if last is not None and now - last < timedelta(seconds=LAST_USED_RESOLUTION_S):
        return False
    pending: dict[int, datetime] = session.info.setdefault(_PENDING_TOUCHES, {})
    pending[token_id] = now
    return True


@event.listens_for(Session, "before_commit")
def _write_touches(session: Session) -> None:
    """The noted last-use times, as the transaction's last statements: the write lock
    (SQLite) or the token's row lock (PostgreSQL) is held only until the commit right
    after. A lost SQLite lock skips the write instead of failing the request: the next
    use of the token writes it."""
    pending: dict[int, datetime] | None = session.info.pop(_PENDING_TOUCHES, None)
    if not pending:
        return
    on_sqlite = session.get_bind().dialect.name == "sqlite"
    try:
        if on_sqlite:
            session.execute(text(f"PRAGMA busy_timeout = {TOUCH_LOCK_WAIT_MS}"))
        for token_id, now in sorted(pending.items()):
            repository.write_last_used(session, token_id, now)
    except OperationalError as error:
        if not is_sqlite_lock_error(error):
            raise
        log.info("token last-use time not written (database busy): %s", error.orig)
    finally:
        if on_sqlite:
            busy_ms = int(SQLITE_BUSY_TIMEOUT_S * 1000)
            session.execute(text(f"PRAGMA busy_timeout = {busy_ms}"))


@event.listens_for(Session, "after_rollback")
def _forget_touches(session: Session) -> None:
    session.info.pop(_PENDING_TOUCHES, None)
