"""Delegations: member States, observers, intergovernmental and non-governmental organizations."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import Base, Timestamped
from app.core.types import str_enum

if TYPE_CHECKING:
    from app.congresses.models import Congress


class DelegationKind(enum.StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    INTERGOVERNMENTAL = "intergovernmental"
    NON_GOVERNMENTAL = "non_governmental"


class RegionalGroup(enum.StrEnum):
    """The five regional groups of United Nations practice."""

    AFRICAN = "African States"
    ASIA_PACIFIC = "Asia-Pacific States"
    EASTERN_EUROPEAN = "Eastern European States"
    LATIN_AMERICAN_CARIBBEAN = "Latin American and Caribbean States"
    WESTERN_EUROPEAN_OTHER = "Western European and other States"


class Delegation(Timestamped, Base):
    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DelegationKind] = mapped_column(str_enum(DelegationKind, "delegation_kind"))
    regional_group: Mapped[RegionalGroup | None] = mapped_column(
        str_enum(RegionalGroup, "regional_group")
    )
    #: Member of the Credentials Committee (rule 4: nine members).
    credentials_committee: Mapped[bool] = mapped_column(default=False)

    congress: Mapped[Congress] = relationship(back_populates="delegations")
