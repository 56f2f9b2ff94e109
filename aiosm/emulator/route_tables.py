"""The emulator's route tables: ``/services/networking/routetables`` and a subnet's route table.

A route table belongs to a subscription and a location. Set Route is an upsert (a route of the
same name is replaced). A route table applies to subnets of the subscription's virtual networks in
its location, one route table per subnet; one still applied to a subnet cannot be deleted. Every
change holds the route table's lock until its operation completes.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..models.route_tables import (
    CreateRouteTable,
    NextHop,
    Route,
    RouteTable,
    RouteTableAssociation,
    RouteTableList,
    SetRoute,
)
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_of,
    busy_error,
    check_argument,
    context,
    find_location,
    subscription,
    xml_response,
)
from .records import RouteRecord, RouteTableRecord, RouteTableSubnetRecord, SubnetRecord, VirtualNetworkRecord
from .repository import affinity_group, virtual_network
from .state import State

MAX_ROUTE_TABLES = 100
"""Route tables a subscription may have (Get Subscription's ``MaxRouteTables``)."""
MAX_ROUTES = 100
"""Routes a route table may hold (Get Subscription's ``MaxRoutesPerRouteTable``)."""


def _lock(name: str) -> str:
    return f"route_table:{name.lower()}"


def _key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The Route Table {name} does not exist.")


def _find(request: web.Request, name: str) -> RouteTableRecord:
    record = context(request).state.get(RouteTableRecord, _key(subscription(request), name))
    if record is None:
        raise _not_found(name)
    return record


def _hold(request: web.Request, name: str) -> str:
    """The lock of the route table ``name``: 409 while another operation holds it."""
    lock = _lock(name)
    holder = context(request).state.busy(lock)
    if holder is not None:
        raise busy_error(holder)
    return lock


def _model(record: RouteTableRecord, *, routes: bool) -> RouteTable:
    return RouteTable(
        name=record.name,
        label=record.label,
        location=record.location,
        route_list=[
            Route(
                name=r.name,
                address_prefix=r.address_prefix,
                next_hop=NextHop(type=r.next_hop_type, ip_address=r.next_hop_ip_address or None),
            )
            for r in record.routes
        ]
        if routes
        else None,
    )


def _subnet(request: web.Request) -> tuple[VirtualNetworkRecord, SubnetRecord]:
    """The virtual network and subnet of the path, or 404."""
    network_name, subnet_name = request.match_info["virtual_network_name"], request.match_info["subnet_name"]
    network = virtual_network(context(request).state, subscription(request), network_name)
    if network is None:
        raise AsmFault(404, "ResourceNotFound", f"The virtual network {network_name} does not exist.")
    for subnet in network.subnets:
        if subnet.name.lower() == subnet_name.lower():
            return network, subnet
    raise AsmFault(
        404, "ResourceNotFound", f"Subnet name {subnet_name} was not found in Virtual Network {network.name}."
    )


def _association_key(sub: str, network: str, subnet: str) -> str:
    return f"{sub}/{network.lower()}/{subnet.lower()}"


def _users(state: State, record: RouteTableRecord) -> list[RouteTableSubnetRecord]:
    """The subnets (still in their virtual network) the route table applies to."""
    found = []
    for association in state.values(RouteTableSubnetRecord):
        if association.subscription != record.subscription:
            continue
        if association.route_table.lower() != record.name.lower():
            continue
        network = virtual_network(state, record.subscription, association.virtual_network)
        if network is not None and any(s.name.lower() == association.subnet.lower() for s in network.subnets):
            found.append(association)
    return found


def _network_location(state: State, network: VirtualNetworkRecord) -> str:
    if network.location:
        return network.location
    group = (
        affinity_group(state, network.subscription, network.affinity_group)
        if network.affinity_group
        else None
    )
    return group.location if group is not None else ""


async def create(request: web.Request) -> web.Response:
    body = body_of(request, CreateRouteTable)
    state, sub = context(request).state, subscription(request)
    location = find_location(body.location)
    key = _key(sub, body.name)
    if state.get(RouteTableRecord, key) is not None or state.pending_put(RouteTableRecord, key):
        raise AsmFault(409, "ConflictError", f"A Route Table with the name {body.name} already exists.")
    count = sum(
        1
        for r in [*state.values(RouteTableRecord), *state.pending_puts(RouteTableRecord)]
        if r.subscription == sub
    )
    if count >= MAX_ROUTE_TABLES:
        raise AsmFault(
            400, "BadRequest", f"The subscription already has the maximum of {MAX_ROUTE_TABLES} route tables."
        )
    record = RouteTableRecord(subscription=sub, name=body.name, label=body.label or "", location=location)
    return accepted(request, "create_route_table", puts=[record], lock=_hold(request, body.name))


async def list_(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    records = sorted(
        (r for r in state.values(RouteTableRecord) if r.subscription == sub), key=lambda r: r.name.lower()
    )
    return xml_response(RouteTableList(route_tables=[_model(r, routes=False) for r in records]))


async def get(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    full = request.query.get("detailLevel", "").lower() == "full"
    return xml_response(_model(record, routes=full))


async def delete(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["name"])
    users = _users(context(request).state, record)
    if users:
        user = users[0]
        raise AsmFault(
            400,
            "BadRequest",
            f"The Route Table {record.name} is in use by subnet {user.subnet} of virtual network "
            f"{user.virtual_network} and cannot be deleted.",
        )
    return accepted(request, "delete_route_table", deletes=[record.ref])


async def set_route(request: web.Request) -> web.Response:
    try:
        body = SetRoute.from_xml(await request.read())
    except (ResponseParseError, InvalidInputError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None
    route_name = request.match_info["route_name"]
    if body.name.lower() != route_name.lower():
        raise AsmFault(400, "BadRequest", f"Route name {body.name} is invalid.")
    prefix = check_argument(request, "address_prefix", body.address_prefix)
    hop_type = check_argument(request, "next_hop_type", body.next_hop.type)
    address = check_argument(request, "next_hop_ip_address", body.next_hop.ip_address or None)
    if (hop_type == "VirtualAppliance") != bool(address):
        raise AsmFault(
            400,
            "BadRequest",
            "A next hop IP address is required for a VirtualAppliance next hop, and allowed for no other.",
        )
    record = _find(request, request.match_info["route_table_name"])
    route = RouteRecord(
        name=route_name, address_prefix=prefix, next_hop_type=hop_type, next_hop_ip_address=address or ""
    )
    routes = [r for r in record.routes if r.name.lower() != route_name.lower()]
    kept = next((i for i, r in enumerate(record.routes) if r.name.lower() == route_name.lower()), None)
    if kept is None and len(record.routes) >= MAX_ROUTES:
        raise AsmFault(
            400,
            "BadRequest",
            f"The Route Table {record.name} already has the maximum of {MAX_ROUTES} routes.",
        )
    routes.insert(len(routes) if kept is None else kept, route)
    return accepted(request, "set_route", puts=[replace(record, routes=tuple(routes))])


async def delete_route(request: web.Request) -> web.Response:
    record = _find(request, request.match_info["route_table_name"])
    name = request.match_info["route_name"]
    routes = tuple(r for r in record.routes if r.name.lower() != name.lower())
    if len(routes) == len(record.routes):
        raise AsmFault(
            404, "ResourceNotFound", f"The route {name} does not exist in Route Table {record.name}."
        )
    return accepted(request, "delete_route", puts=[replace(record, routes=routes)])


async def add_to_subnet(request: web.Request) -> web.Response:
    body = body_of(request, RouteTableAssociation)
    state, sub = context(request).state, subscription(request)
    network, subnet = _subnet(request)
    record = _find(request, body.route_table_name)
    current = state.get(RouteTableSubnetRecord, _association_key(sub, network.name, subnet.name))
    if current is not None and current.route_table.lower() != record.name.lower():
        raise AsmFault(
            409,
            "ConflictError",
            f"Subnet {subnet.name} of virtual network {network.name} already has the Route Table "
            f"{current.route_table}; remove it first.",
        )
    location = _network_location(state, network)
    if location and location.lower() != record.location.lower():
        raise AsmFault(
            400,
            "BadRequest",
            f"The Route Table {record.name} is in {record.location}; the virtual network {network.name} "
            f"is in {location}.",
        )
    association = RouteTableSubnetRecord(
        subscription=sub, virtual_network=network.name, subnet=subnet.name, route_table=record.name
    )
    return accepted(
        request, "add_route_table_to_subnet", puts=[association], lock=_hold(request, record.name)
    )


async def remove_from_subnet(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    network, subnet = _subnet(request)
    current = state.get(RouteTableSubnetRecord, _association_key(sub, network.name, subnet.name))
    if current is None:
        raise AsmFault(
            400, "BadRequest", f"Subnet {subnet.name} of virtual network {network.name} has no Route Table."
        )
    return accepted(
        request,
        "remove_route_table_from_subnet",
        deletes=[current.ref],
        lock=_hold(request, current.route_table),
    )


async def get_for_subnet(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    network, subnet = _subnet(request)
    current = state.get(RouteTableSubnetRecord, _association_key(sub, network.name, subnet.name))
    return xml_response(RouteTableAssociation(route_table_name=current.route_table if current else ""))


HANDLERS: dict[str, Handler] = {
    "route_tables.create": create,
    "route_tables.list": list_,
    "route_tables.get": get,
    "route_tables.delete": delete,
    "route_tables.set_route": set_route,
    "route_tables.delete_route": delete_route,
    "route_tables.add_to_subnet": add_to_subnet,
    "route_tables.remove_from_subnet": remove_from_subnet,
    "route_tables.get_for_subnet": get_for_subnet,
}
