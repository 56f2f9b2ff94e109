"""The emulator's network configuration: ``/services/networking/media`` and the address check.

The configuration is stored per subscription: its virtual network sites as
:class:`~.records.VirtualNetworkRecord` (what List Virtual Network Sites and VM creation read),
the rest (DNS servers, local network sites, gateways) in one
:class:`~.records.SubscriptionNetworkRecord`. Set replaces all of it, after the service's rules:
valid CIDR ranges, no overlapping address spaces between virtual networks, each subnet inside its
network's address space and apart from its siblings, known locations, affinity groups, DNS
servers and local networks, and no virtual network or subnet removed while a deployment uses it.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Iterator

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..models.network import (
    AddressAvailability,
    NetcfgAddressSpace,
    NetcfgDns,
    NetcfgDnsServer,
    NetcfgDnsServerRef,
    NetcfgGateway,
    NetcfgLocalNetworkConnection,
    NetcfgLocalNetworkSite,
    NetcfgLocalNetworkSiteRef,
    NetcfgSubnet,
    NetcfgVirtualNetworkSite,
    NetworkConfiguration,
    VirtualNetworkConfiguration,
)
from ._http import AsmFault, Handler, accepted, busy_error, context, find_location, subscription, xml_response
from .records import (
    DeploymentRecord,
    DnsServerRecord,
    LocalNetworkRecord,
    SiteGatewayRecord,
    SubnetRecord,
    SubscriptionNetworkRecord,
    VirtualNetworkRecord,
)
from .repository import affinity_group, virtual_network, virtual_networks_of
from .state import State

_Network = ipaddress.IPv4Network
_SUGGESTIONS = 5


def _lock(sub: str) -> str:
    return f"network_configuration:{sub}"


def _bad(message: str) -> AsmFault:
    return AsmFault(400, "BadRequest", message)


# -- reading -------------------------------------------------------------------------------


def _site(record: VirtualNetworkRecord, gateway: SiteGatewayRecord | None) -> NetcfgVirtualNetworkSite:
    return NetcfgVirtualNetworkSite(
        name=record.name,
        location="" if record.affinity_group else record.location,
        affinity_group=record.affinity_group,
        label=record.label,
        address_space=NetcfgAddressSpace(address_prefixes=list(record.address_prefixes)),
        subnets=[NetcfgSubnet(name=s.name, address_prefix=s.address_prefix) for s in record.subnets],
        dns_servers_ref=[NetcfgDnsServerRef(name=d.name) for d in record.dns_servers],
        gateway=None
        if gateway is None
        else NetcfgGateway(
            profile=gateway.profile,
            vpn_client_address_pool=None
            if gateway.vpn_client_prefixes is None
            else NetcfgAddressSpace(address_prefixes=list(gateway.vpn_client_prefixes)),
            connections_to_local_network=[
                NetcfgLocalNetworkSiteRef(name=n, connection=NetcfgLocalNetworkConnection(type=t))
                for n, t in zip(gateway.local_networks, gateway.connection_types, strict=False)
            ],
        ),
    )


def configuration_of(state: State, sub: str) -> NetworkConfiguration | None:
    """The subscription's network configuration, ``None`` while none was ever set."""
    record = state.get(SubscriptionNetworkRecord, sub)
    sites = virtual_networks_of(state, sub)
    if record is None and not sites:
        return None
    record = record or SubscriptionNetworkRecord(subscription=sub)
    gateways = {g.virtual_network.lower(): g for g in record.gateways}
    return NetworkConfiguration(
        virtual_network_configuration=VirtualNetworkConfiguration(
            dns=NetcfgDns(
                dns_servers=[NetcfgDnsServer(name=d.name, ip_address=d.address) for d in record.dns_servers]
            )
            if record.dns_servers
            else None,
            local_network_sites=[
                NetcfgLocalNetworkSite(
                    name=n.name,
                    address_space=NetcfgAddressSpace(address_prefixes=list(n.address_prefixes)),
                    vpn_gateway_address=n.vpn_gateway_address,
                )
                for n in record.local_networks
            ],
            virtual_network_sites=[_site(s, gateways.get(s.name.lower())) for s in sites],
        )
    )


async def get(request: web.Request) -> web.Response:
    found = configuration_of(context(request).state, subscription(request))
    if found is None:
        raise AsmFault(404, "ResourceNotFound", "The network configuration does not exist.")
    return xml_response(found)


# -- rules ---------------------------------------------------------------------------------


def _cidr(prefix: str, where: str) -> _Network:
    try:
        return ipaddress.IPv4Network(prefix, strict=True)
    except ValueError:
        raise _bad(f"The address prefix {prefix!r} of {where} is not a valid CIDR range.") from None


def _unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if not name:
            raise _bad(f"Every {what} must have a name.")
        if name.lower() in seen:
            raise _bad(f"The {what} name {name} is used more than once.")
        seen.add(name.lower())


def _users(state: State, sub: str, vnet: str) -> Iterator[tuple[DeploymentRecord, set[str]]]:
    """The subscription's deployments in virtual network ``vnet``, with the subnets their roles use."""
    for deployment in state.values(DeploymentRecord):
        if deployment.subscription != sub or deployment.virtual_network_name.lower() != vnet.lower():
            continue
        subnets = {
            name.lower()
            for role in deployment.vm_roles or ()
            for network in role.network
            for name in network.subnet_names or ()
        }
        yield deployment, subnets


def _check_sites(request: web.Request, vnc: VirtualNetworkConfiguration) -> None:
    state, sub = context(request).state, subscription(request)
    dns_names = {d.name.lower() for d in (vnc.dns.dns_servers if vnc.dns is not None else [])}
    local_names = {n.name.lower() for n in vnc.local_network_sites}
    for server in vnc.dns.dns_servers if vnc.dns is not None else []:
        try:
            ipaddress.IPv4Address(server.ip_address)
        except ValueError:
            raise _bad(
                f"The IP address {server.ip_address!r} of DNS server {server.name} is not valid."
            ) from None
    for local in vnc.local_network_sites:
        for prefix in local.address_space.address_prefixes:
            _cidr(prefix, f"local network site {local.name}")
    spaces: list[tuple[str, _Network]] = []
    for site in vnc.virtual_network_sites:
        if bool(site.location) == bool(site.affinity_group):
            raise _bad(f"The virtual network {site.name} must have either a Location or an AffinityGroup.")
        if site.location:
            find_location(site.location)
        elif affinity_group(state, sub, site.affinity_group) is None:
            raise _bad(f"The affinity group name '{site.affinity_group}' is not valid.")
        if not site.address_space.address_prefixes:
            raise _bad(f"The virtual network {site.name} must have an address space.")
        own = [_cidr(p, f"virtual network {site.name}") for p in site.address_space.address_prefixes]
        for network in own:
            for other_name, other in spaces:
                if network.overlaps(other):
                    raise _bad(
                        f"The address space {network} of virtual network {site.name} overlaps with "
                        f"the address space {other} of virtual network {other_name}."
                    )
        for i, network in enumerate(own):
            for other in own[:i]:
                if network.overlaps(other):
                    raise _bad(
                        f"The address spaces of virtual network {site.name} overlap ({other}, {network})."
                    )
        spaces.extend((site.name, n) for n in own)
        _unique([s.name for s in site.subnets], f"subnet of virtual network {site.name}")
        subnets: list[tuple[str, _Network]] = []
        for subnet in site.subnets:
            network = _cidr(subnet.address_prefix, f"subnet {subnet.name}")
            if not any(network.subnet_of(space) for space in own):
                raise _bad(
                    f"The subnet {subnet.name} ({network}) is not within the address space of "
                    f"virtual network {site.name}."
                )
            for other_name, other in subnets:
                if network.overlaps(other):
                    raise _bad(
                        f"The subnet {subnet.name} ({network}) overlaps with subnet {other_name} ({other})."
                    )
            subnets.append((subnet.name, network))
        for ref in site.dns_servers_ref:
            if ref.name.lower() not in dns_names:
                raise _bad(
                    f"The DNS server {ref.name} referenced by virtual network {site.name} is not defined."
                )
        if site.gateway is not None:
            for connection in site.gateway.connections_to_local_network:
                if connection.name.lower() not in local_names:
                    raise _bad(
                        f"The local network site {connection.name} referenced by virtual network "
                        f"{site.name} is not defined."
                    )


def _check_removals(request: web.Request, vnc: VirtualNetworkConfiguration) -> None:
    state, sub = context(request).state, subscription(request)
    wanted = {s.name.lower(): s for s in vnc.virtual_network_sites}
    for record in virtual_networks_of(state, sub):
        site = wanted.get(record.name.lower())
        for deployment, subnets in _users(state, sub, record.name):
            if site is None:
                raise _bad(
                    f"The virtual network {record.name} cannot be removed because it is in use by "
                    f"deployment {deployment.name} of cloud service {deployment.service}."
                )
            kept = {s.name.lower() for s in site.subnets}
            for subnet in record.subnets:
                if subnet.name.lower() in subnets and subnet.name.lower() not in kept:
                    raise _bad(
                        f"The subnet {subnet.name} of virtual network {record.name} cannot be removed "
                        f"because it is in use by deployment {deployment.name} of cloud service "
                        f"{deployment.service}."
                    )


def _parse(data: bytes) -> NetworkConfiguration:
    try:
        return NetworkConfiguration.from_xml(data)
    except (ResponseParseError, InvalidInputError):
        raise _bad(
            "The specified network configuration is not valid XML of the NetworkConfiguration schema."
        ) from None


# -- writing -------------------------------------------------------------------------------


async def set_(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    holder = state.busy(_lock(sub))
    if holder is not None:
        raise busy_error(holder)
    configuration = _parse(await request.read())
    vnc = configuration.virtual_network_configuration
    _unique([s.name for s in vnc.virtual_network_sites], "virtual network")
    _unique([d.name for d in (vnc.dns.dns_servers if vnc.dns is not None else [])], "DNS server")
    _unique([n.name for n in vnc.local_network_sites], "local network site")
    _check_sites(request, vnc)
    _check_removals(request, vnc)
    servers = {
        d.name.lower(): DnsServerRecord(name=d.name, address=d.ip_address)
        for d in (vnc.dns.dns_servers if vnc.dns else [])
    }
    puts: list[VirtualNetworkRecord | SubscriptionNetworkRecord] = []
    gateways = []
    for site in vnc.virtual_network_sites:
        existing = virtual_network(state, sub, site.name)
        group = affinity_group(state, sub, site.affinity_group) if site.affinity_group else None
        puts.append(
            VirtualNetworkRecord(
                subscription=sub,
                name=site.name,
                id=existing.id if existing is not None else str(uuid.uuid4()),
                location=group.location if group is not None else find_location(site.location),
                affinity_group=group.name if group is not None else "",
                label=site.label,
                address_prefixes=tuple(site.address_space.address_prefixes),
                subnets=tuple(
                    SubnetRecord(name=s.name, address_prefix=s.address_prefix) for s in site.subnets
                ),
                dns_servers=tuple(servers[r.name.lower()] for r in site.dns_servers_ref),
            )
        )
        if site.gateway is not None:
            pool = site.gateway.vpn_client_address_pool
            connections = site.gateway.connections_to_local_network
            gateways.append(
                SiteGatewayRecord(
                    virtual_network=site.name,
                    profile=site.gateway.profile,
                    vpn_client_prefixes=None if pool is None else tuple(pool.address_prefixes),
                    local_networks=tuple(c.name for c in connections),
                    connection_types=tuple(
                        c.connection.type if c.connection is not None else "IPsec" for c in connections
                    ),
                )
            )
    puts.append(
        SubscriptionNetworkRecord(
            subscription=sub,
            dns_servers=tuple(servers.values()),
            local_networks=tuple(
                LocalNetworkRecord(
                    name=n.name,
                    address_prefixes=tuple(n.address_space.address_prefixes),
                    vpn_gateway_address=n.vpn_gateway_address,
                )
                for n in vnc.local_network_sites
            ),
            gateways=tuple(gateways),
        )
    )
    wanted = {s.name.lower() for s in vnc.virtual_network_sites}
    deletes = [r.ref for r in virtual_networks_of(state, sub) if r.name.lower() not in wanted]
    return accepted(request, "set_network_configuration", puts=puts, deletes=deletes, lock=_lock(sub))


# -- address availability --------------------------------------------------------------------


def _taken(state: State, sub: str, vnet: str) -> set[ipaddress.IPv4Address]:
    taken = set()
    for deployment, _ in _users(state, sub, vnet):
        for role in deployment.vm_roles or ():
            for network in role.network:
                if network.static_virtual_network_ip_address:
                    try:
                        taken.add(ipaddress.IPv4Address(network.static_virtual_network_ip_address))
                    except ValueError:
                        continue
    return taken


def _usable(network: _Network) -> Iterator[ipaddress.IPv4Address]:
    """The addresses of a subnet a VM may have: Azure keeps the first four and the last."""
    first, last = int(network.network_address) + 4, int(network.broadcast_address) - 1
    for n in range(first, last + 1):
        yield ipaddress.IPv4Address(n)


async def check_address(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    name = request.match_info["virtual_network_name"]
    record = virtual_network(state, sub, name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The virtual network {name} does not exist.")
    text = request.query.get("address", "")
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        raise _bad(f"The IP address {text!r} is not valid.") from None
    subnets = []
    for subnet in record.subnets:
        try:
            subnets.append(ipaddress.IPv4Network(subnet.address_prefix, strict=False))
        except ValueError:
            continue  # a store written by hand may hold anything; never a 500
    home = next((s for s in subnets if address in s), None)
    if home is None:
        raise _bad(f"The IP address {address} is not within a subnet of virtual network {record.name}.")
    taken = _taken(state, sub, record.name)
    usable = list(_usable(home))
    available = address in usable and address not in taken
    suggestions: list[str] = []
    if not available:
        after = [a for a in usable if a > address] + [a for a in usable if a < address]
        suggestions = [str(a) for a in after if a not in taken][:_SUGGESTIONS]
    return xml_response(AddressAvailability(is_available=available, available_addresses=suggestions))


HANDLERS: dict[str, Handler] = {
    "network.get": get,
    "network.set": set_,
    "network.check_address": check_address,
}

__all__ = ["HANDLERS", "configuration_of"]
