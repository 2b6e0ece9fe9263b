"""Dependencies shared by the routers, as Annotated aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from app.core.languages import OFFICIAL_LANGUAGES


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; a request that writes commits through its service."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]

LanguageQuery = Annotated[
    str | None,
    Query(
        alias="lang",
        pattern="^(" + "|".join(OFFICIAL_LANGUAGES) + ")$",
        description="Language of titles (ar, zh, en, fr, ru, es); English is the fallback",
    ),
]
