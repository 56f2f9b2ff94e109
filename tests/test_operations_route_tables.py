"""session.route_tables: create, list, get, delete, set/delete route, add/remove/get on a subnet.

The request bodies and answers are those of real traffic the classic .NET network management
client recorded (Azure/azure-sdk-for-net, ``Network.Tests/SessionRecords/Network.Tests.Routes.*``).
"""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    doc,
    error_doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError, NotFoundError
from aiosm.models.route_tables import NextHopType
from aiosm.resources.route_tables import ROUTE_TABLES_API_VERSION

RT = "/services/networking/routetables"
SUBNET = "/services/networking/virtualnetwork/virtualNetworkSiteName/subnets/SubnetName/routetables"
V = ROUTE_TABLES_API_VERSION


async def test_create_sends_the_recorded_body(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(RT))
    op = await session.route_tables.create("MockRouteTableName", "North Central US", "MockLabel")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(RT))
    assert_mutation_headers(kwargs, V)
    assert kwargs["data"] == body_xml(
        "RouteTable",
        "<Name>MockRouteTableName</Name><Label>MockLabel</Label><Location>North Central US</Location>",
    )
    assert op.request_id == RID and op.http_status == 202


async def test_create_without_label(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(RT))
    await session.route_tables.create("rt", "West US")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("RouteTable", "<Name>rt</Name><Location>West US</Location>")


@pytest.mark.parametrize("name", ["", "-starts-with-hyphen", "ends.", "a/b", "x" * 81, "sp ace"])
async def test_create_refuses_a_bad_name(
    session: ServiceManagementSession, mock: aioresponses, name: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.route_tables.create(name, "West US")
    assert caught.value.field == "name"
    assert not mock.requests


async def test_get_full_parses_the_recorded_answer(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    body = (
        '<RouteTable xmlns="http://schemas.microsoft.com/windowsazure" '
        'xmlns:i="http://www.w3.org/2001/XMLSchema-instance">\r\n  <Name>MockRouteTableName</Name>\r\n'
        "  <Label>MockLabel</Label>\r\n  <Location>North Central US</Location>\r\n"
        "  <RouteList />\r\n</RouteTable>"
    )
    respond_xml(mock, "GET", url(f"{RT}/MockRouteTableName", detailLevel="full"), body)
    table = await session.route_tables.get("MockRouteTableName")
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs, V)
    assert (table.name, table.label, table.location, table.route_list) == (
        "MockRouteTableName",
        "MockLabel",
        "North Central US",
        [],
    )


async def test_get_with_routes(session: ServiceManagementSession, mock: aioresponses) -> None:
    inner = (
        "<Name>rt</Name><Label>l</Label><Location>West US</Location>"
        "<RouteTableState>Created</RouteTableState>"
        "<RouteList><Route><Name>default</Name><AddressPrefix>0.0.0.0/0</AddressPrefix>"
        "<NextHopType><Type>VirtualAppliance</Type><IpAddress>10.0.1.4</IpAddress></NextHopType>"
        "<Metric>1</Metric><RouteState>Active</RouteState></Route>"
        "<Route><Name>blackhole</Name><AddressPrefix>10.9.0.0/16</AddressPrefix>"
        "<NextHopType><Type>Null</Type></NextHopType></Route></RouteList>"
    )
    respond_xml(mock, "GET", url(f"{RT}/rt", detailLevel="full"), doc("RouteTable", inner))
    table = await session.route_tables.get("rt")
    assert table.route_table_state == "Created"
    assert table.route_list is not None
    first, second = table.route_list
    assert (first.name, first.address_prefix, first.metric, first.state) == (
        "default",
        "0.0.0.0/0",
        1,
        "Active",
    )
    assert first.next_hop is not None
    assert (first.next_hop.type, first.next_hop.ip_address) == ("VirtualAppliance", "10.0.1.4")
    assert second.next_hop is not None and (second.next_hop.type, second.next_hop.ip_address) == (
        "Null",
        None,
    )


async def test_get_without_detail(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{RT}/rt"), doc("RouteTable", "<Name>rt</Name>"))
    table = await session.route_tables.get("rt", full=False)
    assert table.name == "rt" and table.route_list is None


async def test_get_unknown_is_not_found(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{RT}/MockRouteTableName", detailLevel="full"),
        error_doc("ResourceNotFound", "The Route Table MockRouteTableName does not exist."),
        status=404,
    )
    with pytest.raises(NotFoundError) as caught:
        await session.route_tables.get("MockRouteTableName")
    assert "does not exist" in str(caught.value)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    inner = (
        "<RouteTable><Name>a</Name><Label>l</Label><Location>West US</Location></RouteTable>"
        "<RouteTable><Name>b</Name><Label>m</Label><Location>East US</Location></RouteTable>"
    )
    respond_xml(mock, "GET", url(RT), doc("RouteTables", inner))
    tables = await session.route_tables.list()
    assert [(t.name, t.location) for t in tables] == [("a", "West US"), ("b", "East US")]
    respond_xml(mock, "GET", url(RT), doc("RouteTables"))
    assert await session.route_tables.list() == []


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{RT}/rt"))
    op = await session.route_tables.delete("rt")
    method, _, kwargs = only_request(mock)
    assert method == "DELETE" and op.request_id == RID
    assert not kwargs.get("data")


async def test_set_route_sends_the_recorded_body(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{RT}/MockRouteTableName/routes/MockRouteName")
    accept(mock, "PUT", target)
    await session.route_tables.set_route("MockRouteTableName", "MockRouteName", "0.0.0.0/0", "VPNGateway")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", target)
    assert_mutation_headers(kwargs, V)
    assert kwargs["data"] == body_xml(
        "Route",
        "<Name>MockRouteName</Name><AddressPrefix>0.0.0.0/0</AddressPrefix>"
        "<NextHopType><Type>VPNGateway</Type></NextHopType>",
    )


async def test_set_route_to_an_appliance(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{RT}/rt/routes/default")
    accept(mock, "PUT", target)
    await session.route_tables.set_route(
        "rt", "default", "0.0.0.0/0", NextHopType.VIRTUAL_APPLIANCE, "10.0.1.4"
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "Route",
        "<Name>default</Name><AddressPrefix>0.0.0.0/0</AddressPrefix>"
        "<NextHopType><Type>VirtualAppliance</Type><IpAddress>10.0.1.4</IpAddress></NextHopType>",
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("MockAddressPrefix", "VPNGateway"), "address_prefix"),
        (("10.0.0.1/16", "VPNGateway"), "address_prefix"),  # host bits set
        (("10.0.0.0/33", "VPNGateway"), "address_prefix"),
        (("10.0.0.0", "VPNGateway"), "address_prefix"),
        (("fd00::/8", "VPNGateway"), "address_prefix"),
        (("0.0.0.0/0", "MockNextHopType"), "next_hop_type"),
        (("0.0.0.0/0", "VirtualAppliance"), "next_hop_ip_address"),  # an appliance needs its address
        (("0.0.0.0/0", "VPNGateway", "10.0.1.4"), "next_hop_ip_address"),  # only an appliance has one
        (("0.0.0.0/0", "VirtualAppliance", "10.0.1"), "next_hop_ip_address"),
    ],
)
async def test_set_route_refuses_bad_input(
    session: ServiceManagementSession, mock: aioresponses, args: tuple[str, ...], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.route_tables.set_route("rt", "r", *args)
    assert caught.value.field == field
    assert not mock.requests


async def test_delete_route(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{RT}/MockRouteTableName/routes/MockRouteName")
    accept(mock, "DELETE", target)
    await session.route_tables.delete_route("MockRouteTableName", "MockRouteName")
    method, sent, _ = only_request(mock)
    assert (method, sent) == ("DELETE", target)


async def test_add_to_subnet_sends_the_recorded_body(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(SUBNET))
    await session.route_tables.add_to_subnet("virtualNetworkSiteName", "SubnetName", "MockRouteTableName")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(SUBNET))
    assert_mutation_headers(kwargs, V)
    assert kwargs["data"] == body_xml(
        "RouteTableAssociation", "<RouteTableName>MockRouteTableName</RouteTableName>"
    )


async def test_remove_from_subnet(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(SUBNET))
    await session.route_tables.remove_from_subnet("virtualNetworkSiteName", "SubnetName")
    method, sent, _ = only_request(mock)
    assert (method, sent) == ("DELETE", url(SUBNET))


async def test_get_for_subnet(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(SUBNET),
        doc("RouteTableAssociation", "<RouteTableName>MockRouteTableName</RouteTableName>"),
    )
    association = await session.route_tables.get_for_subnet("virtualNetworkSiteName", "SubnetName")
    assert association.route_table_name == "MockRouteTableName"


async def test_get_for_subnet_of_an_unknown_subnet(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    message = "Subnet name NonExistantSubnetName was not found in Virtual Network virtualNetworkSiteName."
    target = url(SUBNET.replace("SubnetName", "NonExistantSubnetName"))
    respond_xml(mock, "GET", target, error_doc("ResourceNotFound", message), status=404)
    with pytest.raises(NotFoundError):
        await session.route_tables.get_for_subnet("virtualNetworkSiteName", "NonExistantSubnetName")


async def test_subnet_names_are_path_segments(session: ServiceManagementSession, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.route_tables.add_to_subnet("net/../x", "s", "rt")
    assert caught.value.field == "virtual_network_name"
    assert not mock.requests
