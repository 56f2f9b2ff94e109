"""``session.role_instances``: role instances of a deployment."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["RoleInstancesClient", "RoleInstancesLegacy"]


class RoleInstancesClient(ResourceClient):
    """Role instances of a deployment: reboot, reimage, rebuild, delete, and waiting until they are ready."""


class RoleInstancesLegacy:
    """Legacy facade methods of this family."""
