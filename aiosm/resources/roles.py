"""``session.roles``: VM roles of a deployment."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["RolesClient", "RolesLegacy"]


class RolesClient(ResourceClient):
    """Virtual machine roles of a deployment: add, update, delete, capture, start, restart and shut down."""


class RolesLegacy:
    """Legacy facade methods of this family."""
