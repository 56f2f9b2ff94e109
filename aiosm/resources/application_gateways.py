"""``session.application_gateways``: application gateways."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from ._base import ResourceClient

__all__ = ["ApplicationGatewaysClient"]


class ApplicationGatewaysClient(ResourceClient):
    """Application gateways: create, configure, start and stop."""
