"""The emulator's network security groups: ``/services/networking/networksecuritygroups``, and their
association with subnets (``/services/virtualnetwork/...``) and virtual machines.

Every group carries the service's default rules (priorities 65000 and above, ``IsDefault``),
which are not stored. A rule's priority is unique among the rules of its direction; rule names
are unique in the group (case-insensitively: setting an existing name replaces that rule). A
subnet, a role or a network interface has at most one group; a group in use cannot be deleted.
An association outlives neither its virtual network nor its deployment.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..models.network_security_groups import (
    CreateNetworkSecurityGroup,
    NetworkSecurityGroup,
    NetworkSecurityGroupAssociation,
    NetworkSecurityGroupList,
    NetworkSecurityRule,
    RuleAction,
    RuleProtocol,
    RuleType,
    SetNetworkSecurityRule,
)
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_of,
    busy_error,
    context,
    find_location,
    subscription,
    xml_response,
)
from .lookups import NOT_FOUND, find_service, find_vm_role
from .records import (
    DeploymentRecord,
    NetworkSecurityGroupAssociationRecord,
    NetworkSecurityGroupRecord,
    NetworkSecurityRuleRecord,
    SubnetRecord,
    VirtualNetworkRecord,
)
from .repository import deployment_named, settled, virtual_network
from .state import State

_Association = NetworkSecurityGroupAssociationRecord

DEFAULT_RULES = (
    NetworkSecurityRuleRecord(
        name="ALLOW VNET INBOUND",
        type="Inbound",
        priority=65000,
        action="Allow",
        source_address_prefix="VIRTUAL_NETWORK",
        source_port_range="*",
        destination_address_prefix="VIRTUAL_NETWORK",
        destination_port_range="*",
        protocol="*",
    ),
    NetworkSecurityRuleRecord(
        name="ALLOW AZURE LOAD BALANCER INBOUND",
        type="Inbound",
        priority=65001,
        action="Allow",
        source_address_prefix="AZURE_LOADBALANCER",
        source_port_range="*",
        destination_address_prefix="*",
        destination_port_range="*",
        protocol="*",
    ),
    NetworkSecurityRuleRecord(
        name="DENY ALL INBOUND",
        type="Inbound",
        priority=65500,
        action="Deny",
        source_address_prefix="*",
        source_port_range="*",
        destination_address_prefix="*",
        destination_port_range="*",
        protocol="*",
    ),
    NetworkSecurityRuleRecord(
        name="ALLOW VNET OUTBOUND",
        type="Outbound",
        priority=65000,
        action="Allow",
        source_address_prefix="VIRTUAL_NETWORK",
        source_port_range="*",
        destination_address_prefix="VIRTUAL_NETWORK",
        destination_port_range="*",
        protocol="*",
    ),
    NetworkSecurityRuleRecord(
        name="ALLOW INTERNET OUTBOUND",
        type="Outbound",
        priority=65001,
        action="Allow",
        source_address_prefix="*",
        source_port_range="*",
        destination_address_prefix="INTERNET",
        destination_port_range="*",
        protocol="*",
    ),
    NetworkSecurityRuleRecord(
        name="DENY ALL OUTBOUND",
        type="Outbound",
        priority=65500,
        action="Deny",
        source_address_prefix="*",
        source_port_range="*",
        destination_address_prefix="*",
        destination_port_range="*",
        protocol="*",
    ),
)
"""The rules the service gives every network security group."""


def nsg_lock(name: str) -> str:
    """The lock a mutation of the group holds (the declarations' ``network_security_group:{name}``)."""
    return f"network_security_group:{name.lower()}"


def _key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The network security group {name} does not exist.")


def _find(request: web.Request, name: str) -> NetworkSecurityGroupRecord:
    record = context(request).state.get(NetworkSecurityGroupRecord, _key(subscription(request), name))
    if record is None:
        raise _not_found(name)
    return record


def _check_free(state: State, name: str) -> None:
    holder = state.busy(nsg_lock(name))
    if holder is not None:
        raise busy_error(holder)


def _rule_model(rule: NetworkSecurityRuleRecord, default: bool) -> NetworkSecurityRule:
    return NetworkSecurityRule(
        name=rule.name,
        type=RuleType(rule.type),
        priority=rule.priority,
        action=RuleAction(rule.action),
        source_address_prefix=rule.source_address_prefix,
        source_port_range=rule.source_port_range,
        destination_address_prefix=rule.destination_address_prefix,
        destination_port_range=rule.destination_port_range,
        protocol=RuleProtocol(rule.protocol),
        state="Active",
        is_default=default,
    )


def _model(record: NetworkSecurityGroupRecord, *, rules: bool) -> NetworkSecurityGroup:
    listed: list[NetworkSecurityRule] = []
    if rules:
        ordered = sorted(
            [(r, False) for r in record.rules] + [(r, True) for r in DEFAULT_RULES],
            key=lambda pair: (pair[0].type != "Inbound", pair[0].priority),
        )
        listed = [_rule_model(rule, default) for rule, default in ordered]
    return NetworkSecurityGroup(
        name=record.name, label=record.label, location=record.location, state="Created", rules=listed
    )


# -- the groups ----------------------------------------------------------------------------------


async def create(request: web.Request) -> web.Response:
    body = body_of(request, CreateNetworkSecurityGroup)
    state, sub = context(request).state, subscription(request)
    location = find_location(body.location)
    key = _key(sub, body.name)
    if state.get(NetworkSecurityGroupRecord, key) is not None or state.pending_put(
        NetworkSecurityGroupRecord, key
    ):
        raise AsmFault(
            409, "ConflictError", f"A network security group with the name {body.name} already exists."
        )
    _check_free(state, body.name)
    record = NetworkSecurityGroupRecord(
        subscription=sub, name=body.name, label=body.label or "", location=location
    )
    return accepted(request, "create_network_security_group", puts=[record], lock=nsg_lock(body.name))


async def get(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    full = request.query.get("detaillevel", "").lower() == "full"
    return xml_response(_model(record, rules=full))


async def list_(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    records = sorted(
        (r for r in state.values(NetworkSecurityGroupRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    return xml_response(
        NetworkSecurityGroupList(network_security_groups=[_model(r, rules=False) for r in records])
    )


def _describe(target: str) -> str:
    kind, _, rest = target.partition("/")
    parts = rest.split("/")
    if kind == "subnet":
        return f"subnet {parts[1]} of virtual network {parts[0]}"
    if kind == "role":
        return f"role {parts[2]} of deployment {parts[1]} of hosted service {parts[0]}"
    return (
        f"network interface {parts[3]} of role {parts[2]} of deployment {parts[1]} "
        f"of hosted service {parts[0]}"
    )


async def delete(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    state = context(request).state
    uses = [a for a in _associations(state, record.subscription) if a.group.lower() == record.name.lower()]
    live = [a for a in uses if _live(state, a)]
    pending = [
        a
        for a in state.pending_puts(_Association)
        if a.subscription == record.subscription and a.group.lower() == record.name.lower()
    ]
    if live or pending:
        target = (live or pending)[0].target
        raise AsmFault(
            400,
            "BadRequest",
            f"The network security group {record.name} is in use by {_describe(target)} "
            "and cannot be deleted.",
        )
    stale = [a.ref for a in uses]
    return accepted(request, "delete_network_security_group", deletes=[record.ref, *stale])


# -- rules ---------------------------------------------------------------------------------------


async def set_rule(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["network_security_group_name"])
    body = body_of(request, SetNetworkSecurityRule)
    name = request.match_info["name"]
    if body.name.lower() != name.lower():
        raise AsmFault(
            400, "BadRequest", f"The rule name {body.name} does not match the name {name} in the URI."
        )
    if any(d.name.lower() == name.lower() for d in DEFAULT_RULES):
        raise AsmFault(400, "BadRequest", f"The default rule {name} cannot be changed.")
    rule = NetworkSecurityRuleRecord(
        name=name,
        type=body.type.value,
        priority=body.priority,
        action=body.action.value,
        source_address_prefix=body.source_address_prefix,
        source_port_range=body.source_port_range,
        destination_address_prefix=body.destination_address_prefix,
        destination_port_range=body.destination_port_range,
        protocol=body.protocol.value,
    )
    others = [r for r in record.rules if r.name.lower() != name.lower()]
    for other in others:
        if other.type == rule.type and other.priority == rule.priority:
            raise AsmFault(
                400,
                "BadRequest",
                f"The {rule.type.lower()} rule {other.name} of network security group {record.name} already "
                f"has the priority {rule.priority}; rules of one direction need distinct priorities.",
            )
    position = next((i for i, r in enumerate(record.rules) if r.name.lower() == name.lower()), len(others))
    rules = [*others[:position], rule, *others[position:]]
    return accepted(request, "set_network_security_rule", puts=[replace(record, rules=tuple(rules))])


async def delete_rule(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["network_security_group_name"])
    name = request.match_info["name"]
    if any(d.name.lower() == name.lower() for d in DEFAULT_RULES):
        raise AsmFault(400, "BadRequest", f"The default rule {name} cannot be deleted.")
    rules = tuple(r for r in record.rules if r.name.lower() != name.lower())
    if len(rules) == len(record.rules):
        raise AsmFault(
            404,
            "ResourceNotFound",
            f"The rule {name} does not exist in network security group {record.name}.",
        )
    return accepted(request, "delete_network_security_rule", puts=[replace(record, rules=rules)])


# -- associations --------------------------------------------------------------------------------


def _associations(state: State, sub: str) -> list[_Association]:
    return [a for a in state.values(_Association) if a.subscription == sub]


def _live(state: State, association: _Association) -> bool:
    """Whether the target still exists as it was when the group was applied to it."""
    kind, _, rest = association.target.partition("/")
    parts = rest.split("/")
    if kind == "subnet":
        network = virtual_network(state, association.subscription, parts[0])
        return (
            network is not None
            and network.id == association.owner_id
            and any(s.name.lower() == parts[1].lower() for s in network.subnets)
        )
    deployment = deployment_named(state, parts[0], parts[1])
    return (
        deployment is not None
        and deployment.private_id == association.owner_id
        and any(r.role_name.lower() == parts[2].lower() for r in deployment.vm_roles or ())
    )


def _current(state: State, sub: str, target: str) -> _Association | None:
    """The live association of ``target``, if any."""
    found = state.get(_Association, f"{sub}/{target.lower()}")
    return found if found is not None and _live(state, found) else None


def _subnet(request: web.Request) -> tuple[VirtualNetworkRecord, SubnetRecord]:
    state, sub = context(request).state, subscription(request)
    network_name, subnet_name = request.match_info["virtual_network_name"], request.match_info["subnet_name"]
    network = virtual_network(state, sub, network_name)
    if network is None:
        raise AsmFault(404, "ResourceNotFound", f"The virtual network {network_name} does not exist.")
    for subnet in network.subnets:
        if subnet.name.lower() == subnet_name.lower():
            return network, subnet
    raise AsmFault(
        404, "ResourceNotFound", f"The subnet {subnet_name} does not exist in virtual network {network.name}."
    )


def _role_target(request: web.Request, *, interface: bool) -> tuple[DeploymentRecord, str]:
    """The VM deployment and the target (``role/...`` or ``nic/...``) the path names, or 404."""
    service = find_service(request)
    state = context(request).state
    deployment = deployment_named(state, service.name, request.match_info["deployment_name"])
    if deployment is None or not deployment.is_vm:
        raise AsmFault(404, "ResourceNotFound", NOT_FOUND)
    deployment = settled(state, deployment)
    role = find_vm_role(request, deployment)
    target = f"role/{service.name}/{deployment.name}/{role.role_name}"
    if interface:
        # The emulator's VMs have their primary network interface only: a named (secondary) one
        # is never found.
        nic = request.match_info["network_interface_name"]
        raise AsmFault(
            404, "ResourceNotFound", f"The network interface {nic} was not found in role {role.role_name}."
        )
    return deployment, target


def _group_answer(request: web.Request, association: _Association | None, what: str) -> web.Response:
    if association is None:
        raise AsmFault(404, "ResourceNotFound", f"No network security group is associated with the {what}.")
    record = _find(request, association.group)
    return xml_response(NetworkSecurityGroup(name=record.name, state="Created"))


def _add(request: web.Request, target: str, owner_id: str, kind: str, *, lock: str | None) -> web.Response:
    body = body_of(request, NetworkSecurityGroupAssociation)
    record = _find(request, body.name)
    state, sub = context(request).state, subscription(request)
    _check_free(state, record.name)
    existing = _current(state, sub, target) or state.pending_record(_Association, f"{sub}/{target.lower()}")
    if existing is not None:
        raise AsmFault(
            409,
            "ConflictError",
            f"The {_describe(target)} already has the network security group {existing.group}; "
            "remove it first.",
        )
    association = _Association(subscription=sub, target=target, group=record.name, owner_id=owner_id)
    return accepted(request, kind, puts=[association], lock=lock)


def _remove(request: web.Request, target: str, kind: str) -> web.Response:
    name = request.match_info["name"]
    record = _find(request, name)
    state, sub = context(request).state, subscription(request)
    _check_free(state, record.name)
    existing = _current(state, sub, target)
    if existing is None or existing.group.lower() != record.name.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The network security group {record.name} is not associated with the {_describe(target)}.",
        )
    return accepted(request, kind, deletes=[existing.ref])


def _subnet_target(network: VirtualNetworkRecord, subnet: SubnetRecord) -> str:
    return f"subnet/{network.name}/{subnet.name}"


async def add_to_subnet(request: web.Request) -> web.Response:
    network, subnet = _subnet(request)
    body = body_of(request, NetworkSecurityGroupAssociation)
    group = _find(request, body.name)
    if network.location and network.location.lower() != group.location.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The network security group {group.name} is in {group.location}; the virtual network "
            f"{network.name} is in {network.location}.",
        )
    target = _subnet_target(network, subnet)
    return _add(
        request, target, network.id, "add_network_security_group_to_subnet", lock=nsg_lock(group.name)
    )


async def get_for_subnet(request: web.Request) -> web.Response:
    network, subnet = _subnet(request)
    target = _subnet_target(network, subnet)
    return _group_answer(request, _current(context(request).state, subscription(request), target), "subnet")


async def remove_from_subnet(request: web.Request) -> web.Response:
    network, subnet = _subnet(request)
    return _remove(request, _subnet_target(network, subnet), "remove_network_security_group_from_subnet")


async def add_to_role(request: web.Request) -> web.Response:
    deployment, target = _role_target(request, interface=False)
    return _add(request, target, deployment.private_id, "add_network_security_group_to_role", lock=None)


async def get_for_role(request: web.Request) -> web.Response:
    _, target = _role_target(request, interface=False)
    return _group_answer(request, _current(context(request).state, subscription(request), target), "role")


async def remove_from_role(request: web.Request) -> web.Response:
    _, target = _role_target(request, interface=False)
    return _remove(request, target, "remove_network_security_group_from_role")


async def add_to_network_interface(request: web.Request) -> web.Response:
    deployment, target = _role_target(request, interface=True)
    return _add(request, target, deployment.private_id, "add_network_security_group_to_interface", lock=None)


async def get_for_network_interface(request: web.Request) -> web.Response:
    _, target = _role_target(request, interface=True)
    return _group_answer(
        request, _current(context(request).state, subscription(request), target), "network interface"
    )


async def remove_from_network_interface(request: web.Request) -> web.Response:
    _, target = _role_target(request, interface=True)
    return _remove(request, target, "remove_network_security_group_from_interface")


HANDLERS: dict[str, Handler] = {
    "network_security_groups.create": create,
    "network_security_groups.get": get,
    "network_security_groups.list": list_,
    "network_security_groups.delete": delete,
    "network_security_groups.set_rule": set_rule,
    "network_security_groups.delete_rule": delete_rule,
    "network_security_groups.add_to_subnet": add_to_subnet,
    "network_security_groups.get_for_subnet": get_for_subnet,
    "network_security_groups.remove_from_subnet": remove_from_subnet,
    "network_security_groups.add_to_role": add_to_role,
    "network_security_groups.get_for_role": get_for_role,
    "network_security_groups.remove_from_role": remove_from_role,
    "network_security_groups.add_to_network_interface": add_to_network_interface,
    "network_security_groups.get_for_network_interface": get_for_network_interface,
    "network_security_groups.remove_from_network_interface": remove_from_network_interface,
}
