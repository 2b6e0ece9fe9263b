"""Private feed tokens: the unguessable part of a delegation's calendar feed URL.

A calendar client cannot send a bearer token, so the secret is in the URL. Only its
SHA-256 is stored (as app/auth/tokens.py does for API tokens); issuing a new one
revokes the delegation's previous one, which is how a leaked URL is withdrawn.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, UTCDateTime, utc_now

if TYPE_CHECKING:
    from app.delegations.models import Delegation


class DelegationFeedToken(Base):
    __tablename__ = "delegation_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    #: hex SHA-256 of the token; the token itself is shown once, in the URL.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, to tell feed URLs apart in listings.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegation: Mapped[Delegation] = relationship()
