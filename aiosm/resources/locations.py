"""``session.locations``."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins

from ..models.locations import Location, LocationList
from ..operation import legacy, operation
from ._base import ResourceClient

__all__ = ["LocationsClient", "LocationsLegacy"]


class LocationsClient(ResourceClient):
    """The data-centre locations of the subscription."""

    @operation("GET", "/locations", answer=LocationList, unwrap="locations", legacy="list_locations")
    async def list(self) -> builtins.list[Location]:
        """The data-centre locations available to the subscription."""


class LocationsLegacy:
    """Legacy facade methods of this family."""

    list_locations = legacy(LocationsClient.list)
