"""The emulator's internal load balancers: ``DEP/loadbalancers[/{name}]``.

They live on the deployment record (``load_balancers``) and show in Get Deployment's
``<LoadBalancers>``. The service's rules: the deployment is in a virtual network and the subnet is one
of its subnets; a static address is inside that subnet and not taken by another load balancer or a VM
of the deployment (without one, the first free address of the subnet from ``.4`` is chosen); names are
unique in the deployment, case-insensitively; a load balancer an input endpoint names is not deleted.
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..models.load_balancers import LoadBalancedEndpointList, LoadBalancerInput
from ..models.virtual_machines import ConfigurationSetInputEndpoint
from ..resources.load_balancers import LOAD_BALANCER_NAME, SUBNET_NAME
from . import repository
from ._http import BAD_XML, AsmFault, Handler, accepted, body_of, context, now_iso
from .lookups import find_deployment
from .records import DeploymentRecord, InputEndpointRecord, LoadBalancerRecord, VMRoleRecord

_FIRST_HOST = 4
"""Azure keeps the first four addresses of a subnet (network, gateway, two DNS)."""


async def _body(request: web.Request) -> LoadBalancerInput:
    """The ``<LoadBalancer>`` body, its name and subnet checked with the client's own rules."""
    data = await request.read()
    try:
        body = LoadBalancerInput.from_xml(data)
    except (ResponseParseError, ValueError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None
    try:
        LOAD_BALANCER_NAME.check("Name", body.name)
        SUBNET_NAME.check("SubnetName", body.frontend_ip_configuration.subnet_name)
    except InvalidInputError as error:
        raise _bad(f"The {error.field} of the load balancer is invalid: {error.rule}.") from None
    return body


def _index(record: DeploymentRecord, name: str) -> int | None:
    for i, balancer in enumerate(record.load_balancers):
        if balancer.name.lower() == name.lower():
            return i
    return None


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The load balancer {name} was not found in the deployment.")


def _bad(message: str) -> AsmFault:
    return AsmFault(400, "BadRequest", message)


def _taken(record: DeploymentRecord, skip: str) -> set[str]:
    """Static addresses used in the deployment: its load balancers' (but ``skip``'s) and its VMs'."""
    used = {b.static_ip for b in record.load_balancers if b.static_ip and b.name.lower() != skip.lower()}
    for role in record.vm_roles or ():
        used.update(n.static_virtual_network_ip_address or "" for n in role.network)
    used.discard("")
    return used


def _frontend(request: web.Request, record: DeploymentRecord, body: LoadBalancerInput) -> LoadBalancerRecord:
    """The load balancer the body asks for, its subnet and address checked against the network."""
    frontend = body.frontend_ip_configuration
    if frontend.type and frontend.type.lower() != "private":
        raise _bad("An internal load balancer's frontend IP configuration must be of type Private.")
    if not record.virtual_network_name:
        raise _bad("An internal load balancer requires the deployment to be in a virtual network.")
    network = repository.virtual_network(
        context(request).state, record.subscription, record.virtual_network_name
    )
    if network is None:
        raise _bad(f"The virtual network {record.virtual_network_name} does not exist.")
    subnet = next((s for s in network.subnets if s.name.lower() == frontend.subnet_name.lower()), None)
    if subnet is None:
        raise _bad(f"The subnet {frontend.subnet_name} does not exist in virtual network {network.name}.")
    prefix = ipaddress.ip_network(subnet.address_prefix, strict=False)
    taken = _taken(record, body.name)
    wanted = frontend.static_virtual_network_ip_address
    if wanted:
        try:
            address = ipaddress.ip_address(wanted)
        except ValueError:
            raise _bad(f"The static IP address {wanted} is invalid.") from None
        if address not in prefix:
            raise _bad(f"The static IP address {wanted} is not in subnet {subnet.name} ({prefix}).")
        offset = int(address) - int(prefix.network_address)
        if offset < _FIRST_HOST or offset == prefix.num_addresses - 1:
            raise _bad(f"The static IP address {wanted} is reserved in subnet {subnet.name} ({prefix}).")
        if str(address) in taken:
            raise AsmFault(409, "ConflictError", f"The static IP address {wanted} is already in use.")
        return LoadBalancerRecord(name=body.name, subnet_name=subnet.name, static_ip=str(address))
    for offset in range(_FIRST_HOST, prefix.num_addresses - 1):
        host = str(prefix.network_address + offset)
        if host not in taken:
            return LoadBalancerRecord(name=body.name, subnet_name=subnet.name, static_ip=host)
    raise _bad(f"The subnet {subnet.name} has no free address left.")


def _used_by_endpoint(record: DeploymentRecord, name: str) -> bool:
    for role in record.vm_roles or ():
        for network in role.network:
            for endpoint in network.input_endpoints or ():
                if (endpoint.load_balancer_name or "").lower() == name.lower():
                    return True
    return False


async def add(request: web.Request) -> web.Response:
    record = find_deployment(request)
    body = await _body(request)
    if _index(record, body.name) is not None:
        raise AsmFault(
            409, "ConflictError", f"A load balancer named {body.name} already exists in the deployment."
        )
    balancer = _frontend(request, record, body)
    changed = replace(record, load_balancers=(*record.load_balancers, balancer))
    return accepted(request, "add_load_balancer", puts=[changed])


async def update(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["load_balancer_name"]
    body = await _body(request)
    index = _index(record, name)
    if index is None:
        raise _not_found(name)
    if body.name.lower() != name.lower():
        raise _bad("The load balancer name in the body does not match the one in the URI.")
    balancers = list(record.load_balancers)
    balancers[index] = replace(_frontend(request, record, body), name=balancers[index].name)
    return accepted(request, "update_load_balancer", puts=[replace(record, load_balancers=tuple(balancers))])


async def delete(request: web.Request) -> web.Response:
    record = find_deployment(request)
    name = request.match_info["load_balancer_name"]
    index = _index(record, name)
    if index is None:
        raise _not_found(name)
    if _used_by_endpoint(record, name):
        raise _bad(f"The load balancer {name} is still used by an input endpoint of the deployment.")
    balancers = record.load_balancers[:index] + record.load_balancers[index + 1 :]
    return accepted(request, "delete_load_balancer", puts=[replace(record, load_balancers=balancers)])


_KEPT = ("name", "vip")
"""What each VM keeps of its own endpoint when its set is updated."""
_PORTS = ("port", "local_port")
"""What each VM keeps when the update does not give it."""


def _updated(old: InputEndpointRecord, new: ConfigurationSetInputEndpoint) -> InputEndpointRecord:
    data = new.model_dump(mode="json", exclude_none=True)
    kept = old.to_json()
    for name in _KEPT:
        data.pop(name, None)
        if kept.get(name) is not None:
            data[name] = kept[name]
    for name in _PORTS:
        if name not in data and kept.get(name) is not None:
            data[name] = kept[name]
    data["load_balanced_endpoint_set_name"] = old.load_balanced_endpoint_set_name
    return InputEndpointRecord.from_json(data)


def _role_with(role: VMRoleRecord, by_set: dict[str, ConfigurationSetInputEndpoint]) -> VMRoleRecord:
    networks = []
    for network in role.network:
        endpoints = network.input_endpoints
        if endpoints is not None:
            endpoints = tuple(
                _updated(e, by_set[key])
                if (key := (e.load_balanced_endpoint_set_name or "").lower()) in by_set
                else e
                for e in endpoints
            )
        networks.append(replace(network, input_endpoints=endpoints))
    return replace(role, network=tuple(networks))


async def update_endpoint_sets(request: web.Request) -> web.Response:
    """``POST DEP?comp=UpdateLbSet``: every VM's endpoint of each named set takes the set's settings."""
    record = find_deployment(request)
    body = body_of(request, LoadBalancedEndpointList)
    if not record.is_vm:
        raise _bad("Load-balanced endpoint sets can only be updated on a virtual machine deployment.")
    existing = {
        (e.load_balanced_endpoint_set_name or "").lower()
        for role in record.vm_roles or ()
        for network in role.network
        for e in network.input_endpoints or ()
        if e.load_balanced_endpoint_set_name
    }
    by_set: dict[str, ConfigurationSetInputEndpoint] = {}
    for endpoint in body.input_endpoints:
        set_name = endpoint.load_balanced_endpoint_set_name or ""
        key = set_name.lower()
        if key in by_set:
            raise _bad(f"The load-balanced endpoint set {set_name} is given more than once.")
        if key not in existing:
            raise _bad(f"The load-balanced endpoint set {set_name} does not exist in the deployment.")
        if endpoint.load_balancer_name and _index(record, endpoint.load_balancer_name) is None:
            raise _bad(f"The load balancer {endpoint.load_balancer_name} does not exist in the deployment.")
        by_set[key] = endpoint
    roles = tuple(_role_with(role, by_set) for role in record.vm_roles or ())
    changed = replace(record, vm_roles=roles, modified=now_iso())
    return accepted(request, "update_load_balanced_endpoint_set", puts=[changed])


HANDLERS: dict[str, Handler] = {
    "load_balancers.update_endpoint_sets": update_endpoint_sets,
    "load_balancers.add": add,
    "load_balancers.update": update,
    "load_balancers.delete": delete,
}
