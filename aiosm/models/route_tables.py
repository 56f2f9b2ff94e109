"""Models of route tables: the classic "user defined routes" (``/services/networking/routetables``).

The service names the element of a route's next hop ``NextHopType`` (holding ``Type`` and
``IpAddress``), in requests and answers alike; the models call it ``next_hop``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "CreateRouteTable",
    "NextHop",
    "NextHopType",
    "Route",
    "RouteTable",
    "RouteTableAssociation",
    "RouteTableList",
    "SetRoute",
]


class NextHopType(AsmEnum):
    """Where a route sends its traffic."""

    VIRTUAL_APPLIANCE = "VirtualAppliance"
    VPN_GATEWAY = "VPNGateway"
    VNET_LOCAL = "VNETLocal"
    INTERNET = "Internet"
    NULL = "Null"


class NextHop(XmlModel):
    """A route's next hop: its type and, for a virtual appliance, the appliance's IP address."""

    type: Text = ""
    ip_address: str | None = Field(default=None, alias="IpAddress")


class CreateRouteTable(XmlModel):
    """Body of Create Route Table."""

    __xml_root__ = "RouteTable"
    name: str
    label: str | None = None
    location: str


class SetRoute(XmlModel):
    """Body of Set Route (``name`` repeats the route name of the path)."""

    __xml_root__ = "Route"
    name: str
    address_prefix: str
    next_hop: NextHop = Field(alias="NextHopType")


class Route(XmlModel):
    """A route of a route table: traffic to ``address_prefix`` goes to ``next_hop``."""

    name: Text = ""
    address_prefix: Text = ""
    next_hop: NextHop | None = Field(default=None, alias="NextHopType")
    metric: int | None = None
    state: Text = Field(default="", alias="RouteState")


class RouteTable(XmlModel):
    """A route table; ``route_list`` is ``None`` unless the routes were asked for (``full=True``)."""

    __xml_root__ = "RouteTable"
    name: Text = ""
    label: Text = ""
    location: Text = ""
    route_table_state: Text = ""
    route_list: Annotated[list[Route] | None, XmlList("Route")] = None


class RouteTableList(XmlModel):
    """``GET /services/networking/routetables``."""

    __xml_root__ = "RouteTables"
    route_tables: Annotated[list[RouteTable], XmlList("RouteTable", wrapper=False)] = Field(
        default_factory=list
    )


class RouteTableAssociation(XmlModel):
    """The route table of a subnet: body of Add Route Table to Subnet, answer of Get Route Table for
    Subnet (``route_table_name`` is ``""`` when the subnet has none)."""

    __xml_root__ = "RouteTableAssociation"
    route_table_name: Text = ""
