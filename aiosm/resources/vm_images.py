"""``session.vm_images``: VM images."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["VMImagesClient", "VMImagesLegacy"]


class VMImagesClient(ResourceClient):
    """VM images: captured or published virtual machine images with their OS and data disks."""


class VMImagesLegacy:
    """Legacy facade methods of this family."""
