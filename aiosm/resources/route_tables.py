"""``session.route_tables``: route tables (classic "user defined routes")."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
import ipaddress
import re
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.route_tables import (
    CreateRouteTable,
    NextHop,
    NextHopType,
    RouteTable,
    RouteTableAssociation,
    RouteTableList,
    SetRoute,
)
from ..operation import LONG_RUNNING, flag, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["ROUTE_TABLES_API_VERSION", "RouteTablesClient"]

ROUTE_TABLES_API_VERSION = "2016-03-01"
"""The x-ms-version of the route table calls: the version real traffic of these operations carried
(the classic .NET network client's recorded sessions; with 2015-02-01 the service still took only a
``0.0.0.0/0`` route to a VPN gateway)."""

_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")


def _name(field: str, value: Any) -> str:
    v.path_segment(field, value)
    if not _NAME.match(value):
        raise InvalidInputError(
            field,
            "must be 1-80 letters, digits, '_', '.' and '-', starting with a letter or digit and "
            "ending with a letter, digit or '_'",
        )
    return str(value)


def _prefix(field: str, value: Any) -> str:
    v.required(field, value)
    try:
        ipaddress.IPv4Network(v.string(field, value), strict=True)
    except ValueError:
        raise InvalidInputError(
            field, "must be an IPv4 address prefix in CIDR form, such as 10.0.0.0/16"
        ) from None
    if "/" not in value:
        raise InvalidInputError(field, "must be an IPv4 address prefix in CIDR form, such as 10.0.0.0/16")
    return str(value)


def _ip(field: str, value: Any) -> str | None:
    if value is None:
        return None
    try:
        ipaddress.IPv4Address(v.string(field, value))
    except ValueError:
        raise InvalidInputError(field, "must be an IPv4 address") from None
    return str(value)


ROUTE_TABLE_NAME = v.Rule(
    _name, "1-80 letters, digits, '_', '.', '-'", service_message="Route Table name is null or empty."
)
ROUTE_NAME = v.Rule(_name, "1-80 letters, digits, '_', '.', '-'")
ADDRESS_PREFIX = v.Rule(_prefix, "an IPv4 prefix in CIDR form")
NEXT_HOP_TYPE = v.choice_rule(NextHopType, value=True)
NEXT_HOP_IP = v.Rule(_ip, "an IPv4 address")

RouteTableName = Annotated[str, ROUTE_TABLE_NAME]
RouteName = Annotated[str, ROUTE_NAME]
NetworkName = Annotated[str, v.SEGMENT]

_TABLES = "/services/networking/routetables"
_SUBNET = "/services/networking/virtualnetwork/{virtual_network_name}/subnets/{subnet_name}/routetables"
_ROUTE = {
    "route_table_name": "mytable",
    "route_name": "default",
    "address_prefix": "0.0.0.0/0",
    "next_hop_type": "VirtualAppliance",
    "next_hop_ip_address": "10.0.1.4",
}


def check_next_hop(values: Mapping[str, Any]) -> None:
    """A next hop IP address is given for a virtual appliance, and only for one."""
    appliance = str(values.get("next_hop_type") or "").lower() == "virtualappliance"
    address = values.get("next_hop_ip_address")
    if appliance and not address:
        raise InvalidInputError("next_hop_ip_address", "is required when the next hop is a VirtualAppliance")
    if not appliance and address:
        raise InvalidInputError(
            "next_hop_ip_address", "is only allowed when the next hop is a VirtualAppliance"
        )


def _set_route_body(values: Mapping[str, Any]) -> SetRoute:
    return SetRoute(
        name=values["route_name"],
        address_prefix=values["address_prefix"],
        next_hop=NextHop(type=values["next_hop_type"], ip_address=values.get("next_hop_ip_address")),
    )


class RouteTablesClient(ResourceClient):
    """Route tables, their routes, and the subnets they apply to."""

    @operation(
        "POST",
        _TABLES,
        body=CreateRouteTable,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="route_table:{name}",
        api_version=ROUTE_TABLES_API_VERSION,
        example={"name": "mytable", "label": "my routes", "location": "West US"},
    )
    async def create(
        self,
        name: RouteTableName,
        location: Annotated[str, v.REQUIRED_STRING],
        label: Annotated[str | None, v.OPTIONAL_LABEL] = None,
    ) -> AsyncOperation:
        """Create an empty route table in a location (that of the virtual networks it will serve)."""

    @operation(
        "GET",
        _TABLES,
        answer=RouteTableList,
        unwrap="route_tables",
        api_version=ROUTE_TABLES_API_VERSION,
    )
    async def list(self) -> builtins.list[RouteTable]:
        """Every route table of the subscription (without their routes)."""

    @operation(
        "GET",
        _TABLES + "/{name}",
        query={"detailLevel": flag("full", "full")},
        answer=RouteTable,
        api_version=ROUTE_TABLES_API_VERSION,
        example={"name": "mytable", "full": True},
    )
    async def get(self, name: RouteTableName, full: bool = True) -> RouteTable:
        """A route table; with ``full`` (``detailLevel=full``, the default) its routes too."""

    @operation(
        "DELETE",
        _TABLES + "/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="route_table:{name}",
        api_version=ROUTE_TABLES_API_VERSION,
        example={"name": "mytable"},
    )
    async def delete(self, name: RouteTableName) -> AsyncOperation:
        """Delete a route table that no subnet uses."""

    @operation(
        "PUT",
        _TABLES + "/{route_table_name}/routes/{route_name}",
        body=SetRoute,
        build=_set_route_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="route_table:{route_table_name}",
        api_version=ROUTE_TABLES_API_VERSION,
        checks=(check_next_hop,),
        example=_ROUTE,
    )
    async def set_route(
        self,
        route_table_name: RouteTableName,
        route_name: RouteName,
        address_prefix: Annotated[str, ADDRESS_PREFIX],
        next_hop_type: Annotated[NextHopType | str, NEXT_HOP_TYPE],
        next_hop_ip_address: Annotated[str | None, NEXT_HOP_IP] = None,
    ) -> AsyncOperation:
        """Add a route, or replace the route of that name: traffic to ``address_prefix`` goes to the
        next hop (``next_hop_ip_address`` is the appliance's address, for a ``VirtualAppliance`` only)."""

    @operation(
        "DELETE",
        _TABLES + "/{route_table_name}/routes/{route_name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="route_table:{route_table_name}",
        api_version=ROUTE_TABLES_API_VERSION,
        example={"route_table_name": "mytable", "route_name": "default"},
    )
    async def delete_route(self, route_table_name: RouteTableName, route_name: RouteName) -> AsyncOperation:
        """Remove a route from a route table."""

    @operation(
        "POST",
        _SUBNET,
        body=RouteTableAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="route_table:{route_table_name}",
        api_version=ROUTE_TABLES_API_VERSION,
        example={"virtual_network_name": "corpnet", "subnet_name": "FrontEnd", "route_table_name": "mytable"},
    )
    async def add_to_subnet(
        self, virtual_network_name: NetworkName, subnet_name: NetworkName, route_table_name: RouteTableName
    ) -> AsyncOperation:
        """Apply a route table to a subnet (one route table per subnet, in the network's location)."""

    @operation(
        "DELETE",
        _SUBNET,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="subnet:{virtual_network_name}/{subnet_name}",
        api_version=ROUTE_TABLES_API_VERSION,
        example={"virtual_network_name": "corpnet", "subnet_name": "FrontEnd"},
    )
    async def remove_from_subnet(
        self, virtual_network_name: NetworkName, subnet_name: NetworkName
    ) -> AsyncOperation:
        """Take a subnet's route table off it."""

    @operation(
        "GET",
        _SUBNET,
        answer=RouteTableAssociation,
        api_version=ROUTE_TABLES_API_VERSION,
        example={"virtual_network_name": "corpnet", "subnet_name": "FrontEnd"},
    )
    async def get_for_subnet(
        self, virtual_network_name: NetworkName, subnet_name: NetworkName
    ) -> RouteTableAssociation:
        """The route table applied to a subnet (``route_table_name`` is ``""`` when there is none)."""
