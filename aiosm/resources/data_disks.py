"""``session.data_disks``: data disks of a VM role, by LUN."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["DataDisksClient", "DataDisksLegacy"]


class DataDisksClient(ResourceClient):
    """Data disks attached to a VM role, by LUN (0-31)."""


class DataDisksLegacy:
    """Legacy facade methods of this family."""
