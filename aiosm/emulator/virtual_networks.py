"""The emulator's virtual network sites: ``GET /services/networking/virtualnetwork``.

Answered from the subscription's network store (:class:`~.records.VirtualNetworkRecord`),
empty until the network configuration writes sites into it.
"""

from __future__ import annotations

from aiohttp import web

from ..models.deployments import DnsServer
from ..models.virtual_networks import AddressSpace, Subnet, VirtualNetworkSite, VirtualNetworkSiteList
from ._http import Handler, context, subscription, xml_response
from .records import VirtualNetworkRecord
from .repository import virtual_networks_of


def site_model(record: VirtualNetworkRecord) -> VirtualNetworkSite:
    """A stored virtual network as ``<VirtualNetworkSite>``."""
    return VirtualNetworkSite(
        name=record.name,
        label=record.label,
        id=record.id,
        affinity_group=record.affinity_group,
        location=record.location,
        state=record.state,
        address_space=AddressSpace(address_prefixes=list(record.address_prefixes)),
        subnets=[Subnet(name=s.name, address_prefix=s.address_prefix) for s in record.subnets],
        dns_servers=[DnsServer(name=d.name, address=d.address) for d in record.dns_servers],
    )


async def list_sites(request: web.Request) -> web.Response:
    records = virtual_networks_of(context(request).state, subscription(request))
    return xml_response(VirtualNetworkSiteList(virtual_network_sites=[site_model(r) for r in records]))


HANDLERS: dict[str, Handler] = {"virtual_networks.list_sites": list_sites}
