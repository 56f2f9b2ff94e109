"""``session.route_tables``: route tables."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["RouteTablesClient"]


class RouteTablesClient(ResourceClient):
    """Route tables, their routes, and the subnets they apply to."""
