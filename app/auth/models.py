"""API tokens: random bearer tokens, stored only as their SHA-256 hash."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, UTCDateTime, utc_now
from app.core.types import str_enum

if TYPE_CHECKING:
    from app.congresses.models import Congress
    from app.delegations.models import Delegation


class Role(enum.StrEnum):
    #: The secretariat: everything.
    ORGANIZER = "organizer"
    #: A delegation: reads what is public, writes only its own speakers.
    DELEGATION = "delegation"


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: hex SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, to tell tokens apart in listings.
    prefix: Mapped[str] = mapped_column(String(12))
    role: Mapped[Role] = mapped_column(str_enum(Role, "token_role"))
    name: Mapped[str] = mapped_column(String(200))
    #: A delegation token is bound to one delegation (and so to its congress).
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE")
    )
    #: An organizer token may be limited to one congress; None: every congress.
    congress_id: Mapped[int | None] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegation: Mapped[Delegation | None] = relationship()
    congress: Mapped[Congress | None] = relationship()


class ConsoleSession(Base):
    """A signed-in organizer console: the browser's cookie holds a random session id
    (signed), this row only that id's hash and the token it stands for, so that
    neither the cookie nor the database holds the API token itself."""

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: hex SHA-256 of the session id the cookie carries.
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The organizer token signed in with; revoking it ends the session.
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    #: The console the session is for (the cookie is scoped to its path).
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InstallSecret(Base):
    """Secrets generated once per installation (when no setting provides them), shared
    by every API process through the database."""

    __tablename__ = "install_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
