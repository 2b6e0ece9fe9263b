"""Delegations as the API reads and writes them."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.core.inputs import optional_fields_of
from app.seeds.schema import DelegationSection, SeedModel


class DelegationCreate(DelegationSection):
    """A delegation: a member State, an observer State, or an intergovernmental or
    non-governmental organization."""

    credentials_committee: bool = Field(
        default=False, description="Member of the Credentials Committee (rule 4: nine members)"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Jamaica",
                    "kind": "member_state",
                    "regional_group": "Latin American and Caribbean States",
                }
            ]
        }
    )


@optional_fields_of(DelegationCreate)
class DelegationUpdate(SeedModel):
    """The fields to change; the others keep their values."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"credentials_committee": True}]})


class DelegationResource(DelegationCreate):
    id: int
