"""``session.operating_systems``: guest OS versions for cloud services."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins

from ..models.operating_systems import (
    OperatingSystem,
    OperatingSystemFamily,
    OperatingSystemFamilyList,
    OperatingSystemList,
)
from ..operation import legacy, operation
from ._base import ResourceClient

__all__ = ["OperatingSystemsClient", "OperatingSystemsLegacy"]


class OperatingSystemsClient(ResourceClient):
    """Guest operating systems for web and worker roles."""

    @operation(
        "GET",
        "/operatingsystems",
        answer=OperatingSystemList,
        unwrap="operating_systems",
        legacy="list_operating_systems",
    )
    async def list(self) -> builtins.list[OperatingSystem]:
        """Every guest OS version, with its family."""

    @operation(
        "GET",
        "/operatingsystemfamilies",
        answer=OperatingSystemFamilyList,
        unwrap="families",
        legacy="list_operating_system_families",
    )
    async def list_families(self) -> builtins.list[OperatingSystemFamily]:
        """The guest OS versions grouped by family."""


class OperatingSystemsLegacy:
    """Legacy facade methods of this family."""

    list_operating_systems = legacy(OperatingSystemsClient.list)
    list_operating_system_families = legacy(OperatingSystemsClient.list_families)
