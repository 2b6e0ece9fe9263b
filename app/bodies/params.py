"""The HTTP parameters of the body and officer routes (the service knows nothing of HTTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.auth.deps import Organizer
from app.bodies.models import BodyKind
from app.bodies.service import BodyFilters, BodyScope, bodies
from app.congresses.deps import CongressRef, read_scope, write_scope
from app.core.deps import SessionDep
from app.core.fields import IdPath


def body_filters(
    kind: Annotated[BodyKind | None, Query(description="Only bodies of this kind")] = None,
) -> BodyFilters:
    return BodyFilters(kind=kind)


def body_read_scope(session: SessionDep, congress: CongressRef, body_id: IdPath) -> BodyScope:
    scope = read_scope(session, congress)
    return BodyScope(scope.congress, bodies.get(session, scope, body_id))


def body_write_scope(
    session: SessionDep, congress: CongressRef, body_id: IdPath, caller: Organizer
) -> BodyScope:
    scope = write_scope(session, congress, caller)
    return BodyScope(scope.congress, bodies.get(session, scope, body_id))
