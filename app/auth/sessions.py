"""Server-side sessions of the organizer console, and the values that sign them.

The cookie carries `<session id>.<signature>`: a random id (256 bits), signed with
HMAC-SHA-256 so that a forged or altered cookie is refused before any lookup. The
database holds only the id's SHA-256 hash, the organizer token it stands for and its
expiry; signing out deletes the row, revoking the token ends every session made with it.

The signing key is CONGRESS_SESSION_SECRET if set (give every API process the same);
otherwise one is generated at random on first use and kept in the install_secrets table,
so each installation has its own and every process shares it. Never a constant.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import ApiToken, ConsoleSession, InstallSecret
from app.core.database import transaction, utc_now

#: How long a console session lasts after sign-in.
SESSION_LIFETIME = timedelta(hours=12)
_SECRET_NAME = "console-session-key"


def signing_key(factory: sessionmaker[Session], configured: str | None) -> bytes:
    """The key that signs console cookies and CSRF values (see the module's docstring).
    Read or generated in a transaction of its own, so that no request's rollback can
    lose a key already handed out."""
    if configured:
        return configured.encode("utf-8")
    with transaction(factory) as session:
        stored = session.get(InstallSecret, _SECRET_NAME)
        if stored is not None:
            return stored.value.encode("utf-8")
    value = secrets.token_urlsafe(48)
    try:
        with transaction(factory) as session:
            session.add(InstallSecret(name=_SECRET_NAME, value=value))
    except IntegrityError:  # another process generated it at the same moment: take that
        with transaction(factory) as session:
            value = session.get_one(InstallSecret, _SECRET_NAME).value
    return value.encode("utf-8")


def _sign(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OpenedSession:
    cookie: str  #: what the browser keeps
    record: ConsoleSession


def open_session(session: Session, key: bytes, token: ApiToken, congress_id: int) -> OpenedSession:
    # Sessions nobody signed out of would pile up: each sign-in clears the expired ones.
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at <= utc_now()))
    session_id = secrets.token_urlsafe(32)
    record = ConsoleSession(
        id_hash=_hash(session_id),
        token_id=token.id,
        congress_id=congress_id,
        expires_at=utc_now() + SESSION_LIFETIME,
    )
    session.add(record)
    session.flush()
    return OpenedSession(f"{session_id}.{_sign(key, 'cookie', session_id)}", record)


def _session_id(key: bytes, cookie: str) -> str | None:
    """The session id of a cookie whose signature is right, else None."""
    session_id, _, signature = cookie.rpartition(".")
    if not session_id or not hmac.compare_digest(_sign(key, "cookie", session_id), signature):
        return None
    return session_id


def find_session(
    session: Session, key: bytes, cookie: str
) -> tuple[ConsoleSession, ApiToken] | None:
    """The live session of a cookie and its live token, or None (forged, expired,
    signed out, or its token revoked)."""
    session_id = _session_id(key, cookie)
    if session_id is None:
        return None
    found = session.execute(
        select(ConsoleSession, ApiToken)
        .join(ApiToken, ApiToken.id == ConsoleSession.token_id)
        .where(ConsoleSession.id_hash == _hash(session_id))
    ).first()
    if found is None:
        return None
    record, token = found
    if record.expires_at <= utc_now() or token.revoked_at is not None:
        return None
    return record, token


def close_session(session: Session, key: bytes, cookie: str) -> None:
    """Delete the cookie's session server-side (nothing if it is unknown)."""
    session_id = _session_id(key, cookie)
    if session_id is not None:
        session.execute(delete(ConsoleSession).where(ConsoleSession.id_hash == _hash(session_id)))


def csrf_for_session(key: bytes, cookie: str) -> str:
    """The CSRF value of the forms of a signed-in console (bound to its session)."""
    return _sign(key, "csrf", cookie)


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def csrf_for_login(key: bytes, nonce: str) -> str:
    """The CSRF value of the sign-in form, bound to a nonce in a cookie of its own
    (before sign-in there is no session to bind it to)."""
    return _sign(key, "login", nonce)


def same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())
