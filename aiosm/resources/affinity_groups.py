"""``session.affinity_groups``."""

from __future__ import annotations

from .. import validation as v
from ..models.affinity_groups import (
    AffinityGroup,
    AffinityGroupList,
    CreateAffinityGroup,
    UpdateAffinityGroup,
)
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["AffinityGroupsClient"]


def _path(name: str) -> str:
    v.path_segment("affinity_group_name", name)
    return f"/affinitygroups/{name}"


class AffinityGroupsClient(ResourceClient):
    async def list(self) -> list[AffinityGroup]:
        return (await self._get("/affinitygroups", AffinityGroupList)).affinity_groups

    async def get(self, affinity_group_name: str) -> AffinityGroup:
        """Properties of a group, with the services and storage accounts in it."""
        return await self._get(_path(affinity_group_name), AffinityGroup)

    async def create(
        self, name: str, label: str, location: str, description: str | None = None
    ) -> AsyncOperation:
        v.path_segment("name", name)
        v.label(label)
        v.required("location", location)
        v.description(description)
        body = CreateAffinityGroup(name=name, label=label, description=description, location=location)
        return await self._mutate("POST", "/affinitygroups", body)

    async def update(
        self, affinity_group_name: str, label: str, description: str | None = None
    ) -> AsyncOperation:
        path = _path(affinity_group_name)
        v.label(label)
        v.description(description)
        return await self._mutate("PUT", path, UpdateAffinityGroup(label=label, description=description))

    async def delete(self, affinity_group_name: str) -> AsyncOperation:
        """Delete a group no service or storage account uses any more."""
        return await self._mutate("DELETE", _path(affinity_group_name))
