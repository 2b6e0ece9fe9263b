"""Who is calling: Annotated dependencies for the routers.

def route(..., caller: Organizer) -> ...      # 401 without a token, 403 for a delegation
def route(..., caller: Caller) -> ...         # anyone; caller.role may be None (public)

Whether a caller organizes one congress is decided by `ensure_organizer_of` only: an
organizer token, unlimited or limited to that congress. Routes take `Organizer` (401
without a token, 403 for a delegation) and then call it once the congress is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.models import ApiToken, Role
from app.auth.tokens import find_live_token, find_token
from app.core.deps import SessionDep
from app.core.problems import ProblemError

if TYPE_CHECKING:
    from app.congresses.models import Congress

_bearer = HTTPBearer(auto_error=False, description="An API token: cgs_…")

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="congress"'}


@dataclass(frozen=True)
class Principal:
    """The caller: public (no token), an organizer, or a delegation."""

    role: Role | None
    token_id: int | None = None
    delegation_id: int | None = None
    #: For an organizer token limited to one congress, or a delegation's congress.
    congress_id: int | None = None

    @property
    def is_organizer(self) -> bool:
        return self.role is Role.ORGANIZER

    def may_organize(self, congress_id: int) -> bool:
        return self.is_organizer and self.congress_id in (None, congress_id)


PUBLIC = Principal(role=None)


def principal_of(record: ApiToken) -> Principal:
    return Principal(
        role=record.role,
        token_id=record.id,
        delegation_id=record.delegation_id,
        congress_id=record.congress_id,
    )


def current_caller(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        return PUBLIC
    record = find_token(session, credentials.credentials)
    if record is None:
        raise ProblemError(401, "The bearer token is unknown or revoked.", headers=CHALLENGE)
    return principal_of(record)


#: The answer to a caller without a token where an organizer's is needed.
ORGANIZER_TOKEN_NEEDED = "This needs an organizer's bearer token (Authorization: Bearer cgs_…)."
#: The answer of the speakers' and side events' routes to an organizer token limited to
#: another congress.
LIMITED_TO_ANOTHER_CONGRESS = "This organizer token is limited to another congress."


def require_organizer(caller: Annotated[Principal, Depends(current_caller)]) -> Principal:
    if caller.role is None:
        raise ProblemError(401, ORGANIZER_TOKEN_NEEDED, headers=CHALLENGE)
    if not caller.is_organizer:
        raise ProblemError(403, "Only the secretariat (an organizer token) may do this.")
    return caller


def ensure_organizer_of(
    caller: Principal,
    congress: Congress,
    *,
    refusal: str | None = None,
    unauthenticated: str = ORGANIZER_TOKEN_NEEDED,
) -> None:
    """The one check that `caller` organizes `congress`: 401 without a token, 403 for a
    delegation's token or an organizer token limited to another congress.

    `refusal` words the 403 where a route has always answered otherwise than "This
    organizer token is not for <congress>." (clients may show the text)."""
    if caller.role is None:
        raise ProblemError(401, unauthenticated, headers=CHALLENGE)
    if not caller.may_organize(congress.id):
        raise ProblemError(403, refusal or f"This organizer token is not for {congress.name}.")


def require_delegation(caller: Annotated[Principal, Depends(current_caller)]) -> Principal:
    if caller.role is None:
        raise ProblemError(401, "This needs a delegation's bearer token.", headers=CHALLENGE)
    if caller.role is not Role.DELEGATION and not caller.is_organizer:
        raise ProblemError(403, "This needs a delegation's token.")
    return caller


def delegation_caller(
    session: Session, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """As `require_delegation` decides, for a route that reads the token in its own
    session and thread (the opening burst of a list of speakers), not as a dependency."""
    if credentials is None:
        raise ProblemError(401, "This needs a delegation's bearer token.", headers=CHALLENGE)
    record = find_live_token(session, credentials.credentials)
    if record is None:
        raise ProblemError(401, "The bearer token is unknown or revoked.", headers=CHALLENGE)
    if record.role is not Role.DELEGATION and record.role is not Role.ORGANIZER:
        raise ProblemError(403, "This needs a delegation's token.")
    return Principal(
        role=record.role,
        token_id=record.id,
        delegation_id=record.delegation_id,
        congress_id=record.congress_id,
    )


Caller = Annotated[Principal, Depends(current_caller)]
Organizer = Annotated[Principal, Depends(require_organizer)]
DelegationOrOrganizer = Annotated[Principal, Depends(require_delegation)]
