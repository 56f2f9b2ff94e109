"""``session.affinity_groups``."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from typing import Annotated

from .. import validation as v
from ..models.affinity_groups import (
    AffinityGroup,
    AffinityGroupList,
    CreateAffinityGroup,
    UpdateAffinityGroup,
)
from ..operation import LONG_RUNNING, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["AffinityGroupsClient", "AffinityGroupsLegacy"]

GroupName = Annotated[str, v.SEGMENT]


class AffinityGroupsClient(ResourceClient):
    """Affinity groups: named groupings that keep services close together."""

    @operation(
        "GET",
        "/affinitygroups",
        answer=AffinityGroupList,
        unwrap="affinity_groups",
        legacy="list_affinity_groups",
    )
    async def list(self) -> builtins.list[AffinityGroup]:
        """Every affinity group of the subscription."""

    @operation(
        "GET",
        "/affinitygroups/{affinity_group_name}",
        answer=AffinityGroup,
        legacy="get_affinity_group_properties",
        example={"affinity_group_name": "myag"},
    )
    async def get(self, affinity_group_name: GroupName) -> AffinityGroup:
        """Properties of a group, with the services and storage accounts in it."""

    @operation(
        "POST",
        "/affinitygroups",
        body=CreateAffinityGroup,
        answer=LONG_RUNNING,
        statuses=(201,),
        legacy="create_affinity_group",
        example={"name": "myag", "label": "my group", "location": "West US", "description": "d"},
    )
    async def create(
        self,
        name: GroupName,
        label: Annotated[str, v.LABEL],
        location: Annotated[str, v.REQUIRED],
        description: Annotated[str | None, v.DESCRIPTION] = None,
    ) -> AsyncOperation:
        """Create an affinity group in a location (201: done at once)."""

    @operation(
        "PUT",
        "/affinitygroups/{affinity_group_name}",
        body=UpdateAffinityGroup,
        answer=LONG_RUNNING,
        legacy="update_affinity_group",
        example={"affinity_group_name": "myag", "label": "new label", "description": "d"},
    )
    async def update(
        self,
        affinity_group_name: GroupName,
        label: Annotated[str, v.LABEL],
        description: Annotated[str | None, v.DESCRIPTION] = None,
    ) -> AsyncOperation:
        """Change a group's label and description."""

    @operation(
        "DELETE",
        "/affinitygroups/{affinity_group_name}",
        answer=LONG_RUNNING,
        legacy="delete_affinity_group",
        example={"affinity_group_name": "myag"},
    )
    async def delete(self, affinity_group_name: GroupName) -> AsyncOperation:
        """Delete a group no service or storage account uses any more."""


class AffinityGroupsLegacy:
    """Legacy facade methods of this family."""

    list_affinity_groups = legacy(AffinityGroupsClient.list)
    get_affinity_group_properties = legacy(AffinityGroupsClient.get)
    create_affinity_group = legacy(AffinityGroupsClient.create)
    update_affinity_group = legacy(AffinityGroupsClient.update)
    delete_affinity_group = legacy(AffinityGroupsClient.delete)
