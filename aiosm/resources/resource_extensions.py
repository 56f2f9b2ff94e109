"""``session.resource_extensions``: VM resource extensions and their versions."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["ResourceExtensionsClient", "ResourceExtensionsLegacy"]


class ResourceExtensionsClient(ResourceClient):
    """VM resource extensions the service offers, and their versions."""


class ResourceExtensionsLegacy:
    """Legacy facade methods of this family."""
