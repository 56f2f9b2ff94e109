"""``GET /locations``: the emulator's fixed list of data centres."""

from __future__ import annotations

from aiohttp import web

from ..models.locations import ComputeCapabilities, Location, LocationList
from ._http import LOCATIONS, Handler, xml_response

_SERVICES = ["Compute", "Storage", "PersistentVMRole", "HighMemory"]
_SIZES = ["A5", "A6", "A7", "ExtraLarge", "ExtraSmall", "Large", "Medium", "Small", "Standard_D1"]


async def list_locations(request: web.Request) -> web.Response:
    capabilities = ComputeCapabilities(web_worker_role_sizes=_SIZES, virtual_machines_role_sizes=_SIZES)
    return xml_response(
        LocationList(
            locations=[
                Location(
                    name=name,
                    display_name=name,
                    available_services=_SERVICES,
                    compute_capabilities=capabilities,
                )
                for name in LOCATIONS
            ]
        )
    )


HANDLERS: dict[str, Handler] = {"locations.list": list_locations}
