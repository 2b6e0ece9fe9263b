"""Which congress a route works on, who may change it, and the lock a change takes.

Reading a congress's configuration is public (it is public information). Changing it
needs an organizer token; a token limited to another congress gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.auth.deps import Organizer, Principal, ensure_organizer_of
from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.crud import ResourceService, crud_router
from app.core.deps import SessionDep
from app.core.fields import IdPath
from app.core.problems import ProblemError

CongressRef = Annotated[
    str,
    Path(
        min_length=1,
        max_length=120,
        description="The congress's id or slug",
        examples=["twelfth-congress-salvador-2010"],
    ),
]


@dataclass(frozen=True)
class CongressScope:
    """The congress a request is about."""

    congress: Congress


def write_lock(session: Session, congress_id: int) -> None:
    """Serialize writes to one congress until this transaction ends.

    An ETag check followed by a write is only safe if no one else writes in between:
    on PostgreSQL the congress row is locked (SELECT … FOR UPDATE; READ COMMITTED
    then shows this request everything committed before it got the lock); SQLite has
    one writer at a time, and a no-op UPDATE takes that write lock now rather than at
    the first real write. A whole congress is the unit because its rules span
    resources (a cluster's items must share a body while the items' bodies change).
    """
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Congress.id).where(Congress.id == congress_id).with_for_update())
    else:
        session.execute(
            update(Congress.__table__)  # type: ignore[arg-type]
            .where(Congress.__table__.c.id == congress_id)
            .values(id=Congress.__table__.c.id)
        )
    # Whatever was read before the lock may be stale now.
    session.expire_all()


def read_scope(session: SessionDep, congress: CongressRef) -> CongressScope:
    return CongressScope(get_congress(session, congress))


def write_scope(session: SessionDep, congress: CongressRef, caller: Organizer) -> CongressScope:
    found = get_congress(session, congress)
    ensure_organizer_of(
        caller,
        found,
        refusal=f"This organizer token is limited to another congress; it may not change "
        f"{found.name}.",
    )
    write_lock(session, found.id)
    return CongressScope(found)


ReadScope = Annotated[CongressScope, Depends(read_scope)]
WriteScope = Annotated[CongressScope, Depends(write_scope)]


def require_unlimited_organizer(caller: Organizer) -> Principal:
    """Adding a congress needs an organizer token not limited to one congress."""
    if caller.congress_id is not None:
        raise ProblemError(
            403, "This organizer token is limited to one congress; it may not add others."
        )
    return caller


UnlimitedOrganizer = Annotated[Principal, Depends(require_unlimited_organizer)]


def congress_router(
    service: ResourceService[CongressScope, Any, Any, Any],
    collection: str,
    *,
    tag: str,
    key_name: str,
    update_model: type[BaseModel],
    key_type: Any = IdPath,
    filters: Callable[..., Any] | None = None,
) -> APIRouter:
    """The CRUD routes of a family whose rows belong to one congress.

    They stand at /congresses/{congress}/<collection> ("agenda-items" is listed as
    "agenda items"); anyone reads, the congress's organizers write.
    """
    return crud_router(
        service,
        prefix=f"/congresses/{{congress}}/{collection}",
        tags=[tag],
        key_name=key_name,
        key_type=key_type,
        update_model=update_model,
        read_scope=read_scope,
        write_scope=write_scope,
        filters=filters,
        plural=collection.replace("-", " "),
    )
