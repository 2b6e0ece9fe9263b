"""Delegations: names unique in a congress; one holding an office or a live token stays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.congresses.deps import CongressScope
from app.core.crud import ResourceService, conflict
from app.delegations import repository
from app.delegations.models import Delegation, DelegationKind, RegionalGroup
from app.delegations.schemas import DelegationCreate, DelegationResource


@dataclass(frozen=True)
class DelegationFilters:
    kind: DelegationKind | None
    regional_group: RegionalGroup | None


class DelegationService(
    ResourceService[CongressScope, Delegation, DelegationCreate, DelegationResource]
):
    label = "delegation"
    create_model = DelegationCreate
    public_model = DelegationResource

    def find(self, session: Session, scope: CongressScope, key: Any) -> Delegation | None:
        return repository.delegation(session, scope.congress.id, key)

    def query(self, scope: CongressScope, filters: DelegationFilters) -> Select[Delegation]:
        return repository.delegations(scope.congress.id, filters.kind, filters.regional_group)

    def public(self, row: Delegation) -> DelegationResource:
        return DelegationResource(
            id=row.id,
            name=row.name,
            kind=row.kind,
            regional_group=row.regional_group,
            credentials_committee=row.credentials_committee,
        )

    def describe(self, row: Delegation) -> str:
        return f"the delegation of {row.name}"

    def write(
        self,
        session: Session,
        scope: CongressScope,
        row: Delegation | None,
        data: DelegationCreate,
    ) -> Delegation:
        same = repository.delegation_named(session, scope.congress.id, data.name)
        if same is not None and same is not row:
            raise conflict(f"There is already a delegation named {data.name!r} (id {same.id}).")
        if row is None:
            row = Delegation(congress_id=scope.congress.id)
            session.add(row)
        row.name = data.name
        row.kind = data.kind
        row.regional_group = data.regional_group
        row.credentials_committee = data.credentials_committee
        return row

    def blockers(self, session: Session, scope: CongressScope, row: Delegation) -> list[str]:
        found = [
            f"the office of {o.office}" + (f" {o.seat}" if o.seat != 1 else "")
            for o in repository.offices_held(session, row.id)
        ]
        tokens = repository.live_tokens(session, row.id)
        if tokens:
            found.append(f"{len(tokens)} API token(s) (revoke them first)")
        return found


delegations = DelegationService()
