"""Dependencies shared by the routers, as Annotated aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from app.core.languages import OFFICIAL_LANGUAGES


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, committed when the route returns and before its answer
    is sent (scope="function" below): with FastAPI's default, the commit ran after the
    answer had gone, so a client could be told 201 for a write that then failed to
    commit, or read the resource back before it existed."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

LanguageQuery = Annotated[
    str | None,
    Query(
        alias="lang",
        pattern="^(" + "|".join(OFFICIAL_LANGUAGES) + ")$",
        description="Language of titles (ar, zh, en, fr, ru, es); English is the fallback",
    ),
]
