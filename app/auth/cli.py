"""`congress token create|revoke`."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import select

from app.auth.models import ApiToken, Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import get_settings
from app.core.database import make_engine, make_session_factory, transaction, utc_now
from app.delegations.models import Delegation


def create_token(
    *,
    role: str,
    name: str | None,
    congress_ref: str | None,
    delegation_name: str | None,
    out: Console,
    err: Console,
) -> int:
    try:
        chosen = Role(role)
    except ValueError:
        err.print(f"--role: {role!r} is not a role; use organizer or delegation")
        return 1
    factory = make_session_factory(make_engine(get_settings().database_url))
    with transaction(factory) as session:
        congress = None
        if congress_ref is not None:
            congress = find_congress(session, congress_ref)
            if congress is None:
                err.print(f"--congress: no congress {congress_ref!r} in the database")
                return 1
        delegation = None
        if chosen is Role.DELEGATION:
            if congress is None or delegation_name is None:
                err.print("a delegation token needs --congress and --delegation")
                return 1
            delegation = session.scalar(
                select(Delegation).where(
                    Delegation.congress_id == congress.id, Delegation.name == delegation_name
                )
            )
            if delegation is None:
                err.print(f"--delegation: no delegation {delegation_name!r} in {congress.slug}")
                return 1
        elif delegation_name is not None:
            err.print("--delegation: only a delegation token names a delegation")
            return 1
        issued = issue_token(
            session,
            role=chosen,
            name=name or delegation_name or f"{chosen.value} token",
            delegation=delegation,
            congress=congress,
        )
    out.print(issued.token)
    err.print(
        f"Created token {issued.record.prefix}… for role {chosen.value}. It is shown only now: "
        "keep it in a password manager."
    )
    return 0


def revoke_token(prefix: str, *, out: Console, err: Console) -> int:
    factory = make_session_factory(make_engine(get_settings().database_url))
    with transaction(factory) as session:
        tokens = list(session.scalars(select(ApiToken).where(ApiToken.prefix == prefix)))
        if len(tokens) != 1:
            err.print(f"{prefix!r} names {len(tokens)} tokens; give the 12-character prefix")
            return 1
        tokens[0].revoked_at = utc_now()
    out.print(f"Revoked {prefix}…")
    return 0
