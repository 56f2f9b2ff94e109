"""``session.traffic_manager``: Traffic Manager profiles."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["TrafficManagerClient"]


class TrafficManagerClient(ResourceClient):
    """Traffic Manager profiles and their definitions."""
