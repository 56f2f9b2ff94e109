"""``session.network``: the network configuration.

Get and Set Network Configuration read and replace the subscription's whole ``netcfg`` document;
the ``add_*``/``remove_*`` helpers edit it (get, change, set, wait), one edit at a time per
subscription in this process so that two concurrent edits can't lose each other's change.
"""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import asyncio
import builtins
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError, NotFoundError
from ..models.network import (
    AddressAvailability,
    NetcfgAddressSpace,
    NetcfgDns,
    NetcfgDnsServer,
    NetcfgDnsServerRef,
    NetcfgLocalNetworkSite,
    NetcfgSubnet,
    NetcfgVirtualNetworkSite,
    NetworkConfiguration,
    VirtualNetworkConfiguration,
)
from ..operation import LONG_RUNNING, operation, optional
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["NetworkConfigurationClient"]

_MEDIA = "/services/networking/media"
_EXAMPLE = NetworkConfiguration(
    virtual_network_configuration=VirtualNetworkConfiguration(
        virtual_network_sites=[
            NetcfgVirtualNetworkSite(
                name="myvnet",
                location="West US",
                address_space=NetcfgAddressSpace(address_prefixes=["10.0.0.0/16"]),
                subnets=[NetcfgSubnet(name="frontend", address_prefix="10.0.0.0/24")],
            )
        ]
    )
)

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def edit_lock(subscription_id: str) -> asyncio.Lock:
    """The lock that serializes this process's edits of a subscription's network configuration
    (one per event loop and subscription)."""
    per_loop = _locks.setdefault(asyncio.get_running_loop(), {})
    return per_loop.setdefault(subscription_id.lower(), asyncio.Lock())


def _configuration(values: Mapping[str, Any]) -> NetworkConfiguration:
    configuration = values["configuration"]
    if not isinstance(configuration, NetworkConfiguration):
        raise InvalidInputError("configuration", "must be a NetworkConfiguration")
    return configuration


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower()


class NetworkConfigurationClient(ResourceClient):
    """The network configuration: virtual network sites, subnets, DNS servers, local networks."""

    @operation("GET", _MEDIA, answer=NetworkConfiguration)
    async def get(self) -> NetworkConfiguration:
        """The subscription's network configuration (a ``NotFoundError`` while none was ever set)."""

    @operation(
        "PUT",
        _MEDIA,
        body=NetworkConfiguration,
        build=_configuration,
        answer=LONG_RUNNING,
        statuses=(202,),
        content_type="text/plain",
        example={"configuration": _EXAMPLE},
    )
    async def set(self, configuration: NetworkConfiguration) -> AsyncOperation:
        """Replace the subscription's whole network configuration (sent as ``text/plain``).

        Prefer the ``add_*``/``remove_*`` helpers to edit one part of it.
        """

    @operation(
        "GET",
        "/services/networking/{virtual_network_name}",
        query={"op": "checkavailability", "address": optional("address")},
        answer=AddressAvailability,
        example={"virtual_network_name": "myvnet", "address": "10.0.0.4"},
    )
    async def check_address(
        self,
        virtual_network_name: Annotated[str, v.SEGMENT],
        address: Annotated[str, v.REQUIRED_STRING],
    ) -> AddressAvailability:
        """Whether ``address`` is free in the virtual network, and some free addresses near it."""

    # -- read-modify-write helpers -----------------------------------------------------

    async def current(self) -> NetworkConfiguration:
        """The network configuration, or an empty one while none was ever set."""
        try:
            return await self.get()
        except NotFoundError:
            return NetworkConfiguration()

    async def edit(self, change: Callable[[NetworkConfiguration], None]) -> NetworkConfiguration:
        """Get the configuration, let ``change`` modify it in place, set it and wait for the
        operation: one edit at a time per subscription in this process. Returns what was set."""
        async with edit_lock(self._transport.subscription_id):
            configuration = await self.current()
            change(configuration)
            operation = await self.set(configuration)
            await operation.wait()
            return configuration

    async def add_virtual_network(
        self,
        name: str,
        address_prefixes: Iterable[str],
        *,
        location: str | None = None,
        affinity_group: str | None = None,
        subnets: Mapping[str, str] | None = None,
        dns_servers: Iterable[str] = (),
    ) -> NetworkConfiguration:
        """Add a virtual network site (in ``location`` or ``affinity_group``) with its address space,
        subnets (``{name: prefix}``) and references to DNS servers of the configuration."""
        v.SEGMENT("name", name)
        if bool(location) == bool(affinity_group):
            raise InvalidInputError("location", "give exactly one of location and affinity_group")
        site = NetcfgVirtualNetworkSite(
            name=name,
            location=location or "",
            affinity_group=affinity_group or "",
            address_space=NetcfgAddressSpace(address_prefixes=list(address_prefixes)),
            subnets=[NetcfgSubnet(name=n, address_prefix=p) for n, p in (subnets or {}).items()],
            dns_servers_ref=[NetcfgDnsServerRef(name=d) for d in dns_servers],
        )

        def change(configuration: NetworkConfiguration) -> None:
            if configuration.site(name) is not None:
                raise InvalidInputError("name", f"the virtual network {name} already exists")
            configuration.virtual_network_configuration.virtual_network_sites.append(site)

        return await self.edit(change)

    async def remove_virtual_network(self, name: str) -> NetworkConfiguration:
        """Remove a virtual network site (the service refuses while a deployment uses it)."""

        def change(configuration: NetworkConfiguration) -> None:
            sites = configuration.virtual_network_configuration.virtual_network_sites
            kept = [s for s in sites if not _same(s.name, name)]
            if len(kept) == len(sites):
                raise InvalidInputError("name", f"no virtual network {name}")
            configuration.virtual_network_configuration.virtual_network_sites = kept

        return await self.edit(change)

    async def add_subnet(
        self, virtual_network_name: str, name: str, address_prefix: str
    ) -> NetworkConfiguration:
        """Add a subnet to a virtual network site."""

        def change(configuration: NetworkConfiguration) -> None:
            site = _site(configuration, virtual_network_name)
            if any(_same(s.name, name) for s in site.subnets):
                raise InvalidInputError("name", f"the subnet {name} already exists")
            site.subnets.append(NetcfgSubnet(name=name, address_prefix=address_prefix))

        return await self.edit(change)

    async def remove_subnet(self, virtual_network_name: str, name: str) -> NetworkConfiguration:
        """Remove a subnet (the service refuses while a deployment's role uses it)."""

        def change(configuration: NetworkConfiguration) -> None:
            site = _site(configuration, virtual_network_name)
            kept = [s for s in site.subnets if not _same(s.name, name)]
            if len(kept) == len(site.subnets):
                raise InvalidInputError("name", f"no subnet {name} in {virtual_network_name}")
            site.subnets = kept

        return await self.edit(change)

    async def add_dns_server(
        self, name: str, ip_address: str, *, virtual_networks: Iterable[str] = ()
    ) -> NetworkConfiguration:
        """Add a DNS server to the configuration, referenced by the ``virtual_networks`` named."""
        users = builtins.list(virtual_networks)

        def change(configuration: NetworkConfiguration) -> None:
            vnc = configuration.virtual_network_configuration
            if vnc.dns is None:
                vnc.dns = NetcfgDns()
            if any(_same(d.name, name) for d in vnc.dns.dns_servers):
                raise InvalidInputError("name", f"the DNS server {name} already exists")
            vnc.dns.dns_servers.append(NetcfgDnsServer(name=name, ip_address=ip_address))
            for vnet in users:
                _site(configuration, vnet).dns_servers_ref.append(NetcfgDnsServerRef(name=name))

        return await self.edit(change)

    async def remove_dns_server(self, name: str) -> NetworkConfiguration:
        """Remove a DNS server and every virtual network's reference to it."""

        def change(configuration: NetworkConfiguration) -> None:
            vnc = configuration.virtual_network_configuration
            servers = vnc.dns.dns_servers if vnc.dns is not None else []
            kept = [d for d in servers if not _same(d.name, name)]
            if len(kept) == len(servers):
                raise InvalidInputError("name", f"no DNS server {name}")
            vnc.dns = NetcfgDns(dns_servers=kept) if kept else None
            for site in vnc.virtual_network_sites:
                site.dns_servers_ref = [r for r in site.dns_servers_ref if not _same(r.name, name)]

        return await self.edit(change)

    async def add_local_network(
        self, name: str, address_prefixes: Iterable[str], vpn_gateway_address: str
    ) -> NetworkConfiguration:
        """Add a local (on-premises) network site: its address space and VPN device address."""
        site = NetcfgLocalNetworkSite(
            name=name,
            address_space=NetcfgAddressSpace(address_prefixes=builtins.list(address_prefixes)),
            vpn_gateway_address=vpn_gateway_address,
        )

        def change(configuration: NetworkConfiguration) -> None:
            sites = configuration.virtual_network_configuration.local_network_sites
            if any(_same(s.name, name) for s in sites):
                raise InvalidInputError("name", f"the local network {name} already exists")
            sites.append(site)

        return await self.edit(change)

    async def remove_local_network(self, name: str) -> NetworkConfiguration:
        """Remove a local network site (and the gateways' connections to it)."""

        def change(configuration: NetworkConfiguration) -> None:
            vnc = configuration.virtual_network_configuration
            kept = [s for s in vnc.local_network_sites if not _same(s.name, name)]
            if len(kept) == len(vnc.local_network_sites):
                raise InvalidInputError("name", f"no local network {name}")
            vnc.local_network_sites = kept
            for site in vnc.virtual_network_sites:
                if site.gateway is not None:
                    site.gateway.connections_to_local_network = [
                        c for c in site.gateway.connections_to_local_network if not _same(c.name, name)
                    ]

        return await self.edit(change)


def _site(configuration: NetworkConfiguration, name: str) -> NetcfgVirtualNetworkSite:
    site = configuration.site(name)
    if site is None:
        raise InvalidInputError("virtual_network_name", f"no virtual network {name}")
    return site
