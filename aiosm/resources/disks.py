"""``session.disks``: the subscription's disk repository."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["DisksClient", "DisksLegacy"]


class DisksClient(ResourceClient):
    """The subscription's disk repository: OS and data disks (VHDs) that roles can attach."""


class DisksLegacy:
    """Legacy facade methods of this family."""
