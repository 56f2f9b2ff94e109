"""Virtual machines: VM deployments (``POST HS/deployments``) and their roles."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zlib
from dataclasses import replace

from aiohttp import web

from ..xml import local_name
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_element,
    check_argument,
    context,
    now_iso,
    subscription,
    xml_response,
)
from .lookups import check_slot_free, find_deployment, find_service, slot_name
from .records import (
    DeploymentRecord,
    DnsServerRecord,
    HostedServiceRecord,
    Record,
    ReservedIPRecord,
    reserved_ip_key,
)
from .repository import reserved_ip_user, virtual_network
from .views import role_model
from .vm_roles import check_subnets, child, children, invalid, parse_role, text


async def create_deployment(request: web.Request) -> web.Response:
    service = find_service(request)
    raw = await body_element(request)
    if local_name(raw.tag) != "Deployment":
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        )
    name = text(raw, "Name")
    if not name:
        raise invalid("deployment Name")
    slot = slot_name(text(raw, "DeploymentSlot") or "")
    if slot != "Production":
        raise AsmFault(
            400, "BadRequest", "Virtual machine deployments can only be created in the production slot."
        )
    label = text(raw, "Label") or ""
    check_argument(request, "label", label)
    network_name = text(raw, "VirtualNetworkName") or ""
    network = virtual_network(context(request).state, service.subscription, network_name)
    if network_name and network is None:
        raise AsmFault(400, "BadRequest", f"The virtual network {network_name} does not exist.")
    roles = [parse_role(request, service.name, r) for r in children(raw, "RoleList", "Role")]
    if len(roles) != 1:
        raise AsmFault(400, "BadRequest", "A virtual machine deployment must hold exactly one role.")
    if network is not None:
        check_subnets(network, roles)
    check_slot_free(request, service.name, slot, name)
    dns_servers = _dns_servers(raw)
    reserved = _reserved_ip(request, service, text(raw, "ReservedIPName"))
    now = now_iso()
    n = zlib.crc32(f"{service.name}/{name}".encode())
    record = DeploymentRecord(
        subscription=service.subscription,
        service=service.name,
        name=name,
        slot=slot,
        private_id=uuid.uuid4().hex,
        status="Running",
        label=label,
        vm_roles=tuple(roles),
        created=now,
        modified=now,
        vip=f"104.42.{n % 250}.{(n >> 8) % 250 + 1}",
        dns_servers=dns_servers,
        reserved_ip_name=reserved.name if reserved is not None else "",
        reserved_ip_address=reserved.address if reserved is not None else "",
        virtual_network_name=network.name if network is not None else "",
    )
    puts: list[Record] = [record]
    if reserved is not None:
        puts.append(replace(reserved, service=service.name, deployment=name))
    return accepted(request, "create_virtual_machine_deployment", puts=puts)


def _dns_servers(raw: ET.Element) -> tuple[DnsServerRecord, ...]:
    """The deployment's DNS servers (``Dns/DnsServers/DnsServer``), each with a name and an address."""
    servers = []
    for server in children(child(raw, "Dns") or raw, "DnsServers", "DnsServer"):
        name, address = text(server, "Name"), text(server, "Address")
        if not name or not address:
            raise invalid("DnsServer (Name and Address)")
        servers.append(DnsServerRecord(name=name, address=address))
    return tuple(servers)


def _reserved_ip(
    request: web.Request, service: HostedServiceRecord, name: str | None
) -> ReservedIPRecord | None:
    """The reserved IP a new VM deployment takes as its virtual IP: it must exist, be free and be in
    the service's location."""
    if not name:
        return None
    state = context(request).state
    record = state.get(ReservedIPRecord, reserved_ip_key(subscription(request), name))
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The Reserved IP {name} does not exist.")
    user = reserved_ip_user(state, record)
    if user is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"The Reserved IP {record.name} is already in use by deployment {user.name} of hosted "
            f"service {user.service}.",
        )
    if service.location and service.location.lower() != record.location.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The Reserved IP {record.name} is in {record.location}; the hosted service {service.name} "
            f"is in {service.location}.",
        )
    return record


async def get_role(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["role_name"]
    for role in record.vm_roles or ():
        if role.role_name == name:
            return xml_response(role_model(role, record.vip))
    raise AsmFault(404, "ResourceNotFound", f"Role {name} was not found in the currently deployed service.")


HANDLERS: dict[str, Handler] = {
    "virtual_machines.create_deployment": create_deployment,
    "virtual_machines.get_role": get_role,
}
