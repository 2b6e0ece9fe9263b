"""The queries of `api_tokens` (creating and checking tokens is app.auth.tokens)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from app.auth.models import ApiToken

_TOKENS = cast(Table, ApiToken.__table__)


def add_token(session: Session, record: ApiToken) -> ApiToken:
    session.add(record)
    session.flush()
    return record


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def token_row_by_hash(session: Session, token_hash: str) -> Any | None:
    """The columns a request's caller needs, without loading the ApiToken entity (the
    hot path of the opening burst: the entity costs more CPU than the query)."""
    return session.execute(
        select(
            _TOKENS.c.id,
            _TOKENS.c.token_hash,
            _TOKENS.c.role,
            _TOKENS.c.delegation_id,
            _TOKENS.c.congress_id,
            _TOKENS.c.last_used_at,
            _TOKENS.c.revoked_at,
        ).where(_TOKENS.c.token_hash == token_hash)
    ).first()


def write_last_used(session: Session, token_id: int, at: dt.datetime) -> None:
    # One UPDATE rather than a dirty ORM attribute, which would make the next query
    # run a whole unit-of-work flush for it.
    session.execute(update(_TOKENS).where(_TOKENS.c.id == token_id).values(last_used_at=at))
