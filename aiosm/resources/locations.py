"""``session.locations``."""

from __future__ import annotations

from ..models.locations import Location, LocationList
from ._base import ResourceClient

__all__ = ["LocationsClient"]


class LocationsClient(ResourceClient):
    async def list(self) -> list[Location]:
        """The data-centre locations available to the subscription."""
        return (await self._get("/locations", LocationList)).locations
