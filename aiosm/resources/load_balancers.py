"""``session.load_balancers``: internal load balancers and endpoint sets."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["LoadBalancersClient"]


class LoadBalancersClient(ResourceClient):
    """Internal load balancers of a deployment and its load-balanced endpoint sets."""
