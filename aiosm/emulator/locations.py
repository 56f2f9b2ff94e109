"""``GET /locations``: the emulator's fixed list of data centres."""

from __future__ import annotations

from aiohttp import web

from ..models.locations import Location, LocationList, StorageCapabilities
from ._http import LOCATIONS, Handler, xml_response
from .views import compute_capabilities

_SERVICES = ["Compute", "Storage", "PersistentVMRole", "HighMemory"]
_ACCOUNT_TYPES = ["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Premium_LRS"]


async def list_locations(request: web.Request) -> web.Response:
    capabilities = compute_capabilities()
    storage = StorageCapabilities(storage_account_types=_ACCOUNT_TYPES)
    return xml_response(
        LocationList(
            locations=[
                Location(
                    name=name,
                    display_name=name,
                    available_services=_SERVICES,
                    compute_capabilities=capabilities,
                    storage_capabilities=storage,
                )
                for name in LOCATIONS
            ]
        )
    )


HANDLERS: dict[str, Handler] = {"locations.list": list_locations}
