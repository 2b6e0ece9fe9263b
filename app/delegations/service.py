"""Delegations: names unique in a congress; one holding an office or a live token stays."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.congresses.deps import CongressScope
from app.core.crud import ResourceService, copy_fields, refuse_taken, stored
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
        refuse_taken(
            repository.delegation_named(session, scope.congress.id, data.name),
            row,
            lambda same: f"There is already a delegation named {data.name!r} (id {same.id}).",
        )
        row = stored(session, row, lambda: Delegation(congress_id=scope.congress.id))
        # Every field of a delegation is a column of the same name.
        copy_fields(data, row, DelegationCreate.model_fields)
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


delegations = DelegationService(repository.delegation, repository.delegations)
