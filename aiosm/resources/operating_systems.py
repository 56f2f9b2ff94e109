"""``session.operating_systems``: guest OS versions for cloud services."""

from __future__ import annotations

import builtins

from ..models.operating_systems import (
    OperatingSystem,
    OperatingSystemFamily,
    OperatingSystemFamilyList,
    OperatingSystemList,
)
from ._base import ResourceClient

__all__ = ["OperatingSystemsClient"]


class OperatingSystemsClient(ResourceClient):
    async def list(self) -> list[OperatingSystem]:
        return (await self._get("/operatingsystems", OperatingSystemList)).operating_systems

    async def list_families(self) -> builtins.list[OperatingSystemFamily]:
        """The guest OS versions grouped by family."""
        return (await self._get("/operatingsystemfamilies", OperatingSystemFamilyList)).families
