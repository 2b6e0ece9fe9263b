"""Who is calling: Annotated dependencies for the routers.

def route(..., caller: Organizer) -> ...      # 401 without a token, 403 for a delegation
def route(..., caller: Caller) -> ...         # anyone; caller.role may be None (public)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth.models import ApiToken, Role
from app.auth.tokens import find_token
from app.core.deps import SessionDep
from app.core.problems import ProblemError

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


def _principal(record: ApiToken) -> Principal:
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
    return _principal(record)


def require_organizer(caller: Annotated[Principal, Depends(current_caller)]) -> Principal:
    if caller.role is None:
        raise ProblemError(
            401,
            "This needs an organizer's bearer token (Authorization: Bearer cgs_…).",
            headers=CHALLENGE,
        )
    if not caller.is_organizer:
        raise ProblemError(403, "Only the secretariat (an organizer token) may do this.")
    return caller


def require_delegation(caller: Annotated[Principal, Depends(current_caller)]) -> Principal:
    if caller.role is None:
        raise ProblemError(401, "This needs a delegation's bearer token.", headers=CHALLENGE)
    if caller.role is not Role.DELEGATION and not caller.is_organizer:
        raise ProblemError(403, "This needs a delegation's token.")
    return caller


Caller = Annotated[Principal, Depends(current_caller)]
Organizer = Annotated[Principal, Depends(require_organizer)]
DelegationOrOrganizer = Annotated[Principal, Depends(require_delegation)]
