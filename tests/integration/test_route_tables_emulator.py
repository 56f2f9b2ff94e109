"""Route tables against the emulator: each of its rules as the typed error the client raises."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import (
    AffinityGroupRecord,
    RouteRecord,
    RouteTableRecord,
    SubnetRecord,
    VirtualNetworkRecord,
)
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError


def _network(emu: Emulator, name: str = "corpnet", location: str = "West US", **extra: str) -> None:
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name=name,
                id=f"id-{name}",
                location=location,
                address_prefixes=("10.0.0.0/16",),
                subnets=(
                    SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24"),
                    SubnetRecord(name="BackEnd", address_prefix="10.0.2.0/24"),
                ),
                **extra,
            )
        ]
    )


async def test_create_get_list_delete(sms: ServiceManagementSession) -> None:
    assert await sms.route_tables.list() == []
    await (await sms.route_tables.create("Routes", "west us", "my routes"))
    await (await sms.route_tables.create("alpha", "East US"))
    table = await sms.route_tables.get("routes")
    assert (table.name, table.label, table.location, table.route_list) == (
        "Routes",
        "my routes",
        "West US",
        [],
    )
    assert [(t.name, t.location, t.route_list) for t in await sms.route_tables.list()] == [
        ("alpha", "East US", None),
        ("Routes", "West US", None),
    ]
    assert (await sms.route_tables.get("Routes", full=False)).route_list is None
    with pytest.raises(ConflictError):
        await sms.route_tables.create("ROUTES", "West US")
    await (await sms.route_tables.delete("Routes"))
    with pytest.raises(NotFoundError) as caught:
        await sms.route_tables.get("Routes")
    assert "The Route Table Routes does not exist." in str(caught.value)
    with pytest.raises(NotFoundError):
        await sms.route_tables.delete("Routes")


async def test_create_needs_a_known_location(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError):
        await sms.route_tables.create("rt", "Atlantis")


async def test_set_route_is_an_upsert(sms: ServiceManagementSession) -> None:
    await (await sms.route_tables.create("rt", "West US"))
    await (await sms.route_tables.set_route("rt", "default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4"))
    await (await sms.route_tables.set_route("rt", "blackhole", "10.9.0.0/16", "Null"))
    await (await sms.route_tables.set_route("rt", "DEFAULT", "0.0.0.0/0", "VPNGateway"))
    routes = (await sms.route_tables.get("rt")).route_list
    assert routes is not None
    assert [(r.name, r.address_prefix, r.next_hop.type if r.next_hop else None) for r in routes] == [
        ("DEFAULT", "0.0.0.0/0", "VPNGateway"),
        ("blackhole", "10.9.0.0/16", "Null"),
    ]
    assert routes[0].next_hop is not None and routes[0].next_hop.ip_address is None
    await (await sms.route_tables.delete_route("rt", "blackhole"))
    routes = (await sms.route_tables.get("rt")).route_list
    assert routes is not None and [r.name for r in routes] == ["DEFAULT"]
    with pytest.raises(NotFoundError):
        await sms.route_tables.delete_route("rt", "blackhole")


async def test_set_route_on_an_unknown_table(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.route_tables.set_route("nothing", "default", "0.0.0.0/0", "VPNGateway")


def _route_body(name: str, prefix: str, hop: str, address: str = "") -> bytes:
    ip = f"<IpAddress>{address}</IpAddress>" if address else ""
    return (
        f'<Route xmlns="http://schemas.microsoft.com/windowsazure"><Name>{name}</Name>'
        f"<AddressPrefix>{prefix}</AddressPrefix><NextHopType><Type>{hop}</Type>{ip}</NextHopType></Route>"
    ).encode()


async def test_the_emulator_refuses_what_the_client_would(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    """Requests that skip the client's checks (another client): the emulator applies the rules."""
    await (await sms.route_tables.create("rt", "West US"))
    cases = [
        (_route_body("r", "MockAddressPrefix", "VPNGateway"), "address prefix"),
        (_route_body("r", "0.0.0.0/0", "MockNextHopType"), "next_hop_type"),
        (_route_body("r", "0.0.0.0/0", "VirtualAppliance"), "next hop IP address"),
        (_route_body("r", "0.0.0.0/0", "VPNGateway", "10.0.0.4"), "next hop IP address"),
        (_route_body("other", "0.0.0.0/0", "VPNGateway"), "Route name other is invalid."),
        (b'<Route xmlns="http://schemas.microsoft.com/windowsazure"><Name>r</Name></Route>', "XML"),
        (b"<Route", "XML"),
    ]
    for body, words in cases:
        with pytest.raises(BadRequestError) as caught:
            await sms.transport.request("PUT", "/services/networking/routetables/rt/routes/r", body=body)
        assert words.lower() in str(caught.value).lower()
    routes = (await sms.route_tables.get("rt")).route_list
    assert routes == []


async def test_apply_to_a_subnet(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    await (await sms.route_tables.create("rt", "West US"))
    await (await sms.route_tables.create("other", "West US"))
    assert (await sms.route_tables.get_for_subnet("corpnet", "FrontEnd")).route_table_name == ""
    await (await sms.route_tables.add_to_subnet("CORPNET", "frontend", "rt"))
    assert (await sms.route_tables.get_for_subnet("corpnet", "FrontEnd")).route_table_name == "rt"
    await (await sms.route_tables.add_to_subnet("corpnet", "FrontEnd", "RT"))  # again: no change
    with pytest.raises(ConflictError) as caught:  # one route table per subnet
        await sms.route_tables.add_to_subnet("corpnet", "FrontEnd", "other")
    assert "already has the Route Table rt" in str(caught.value)
    with pytest.raises(BadRequestError) as refused:  # still applied to a subnet
        await sms.route_tables.delete("rt")
    assert "in use by subnet FrontEnd of virtual network corpnet" in str(refused.value)
    await (await sms.route_tables.remove_from_subnet("corpnet", "FrontEnd"))
    assert (await sms.route_tables.get_for_subnet("corpnet", "FrontEnd")).route_table_name == ""
    with pytest.raises(BadRequestError):
        await sms.route_tables.remove_from_subnet("corpnet", "FrontEnd")
    await (await sms.route_tables.delete("rt"))


async def test_apply_needs_a_known_network_subnet_and_table(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    _network(emu)
    assert emu.state is not None
    emu.state.write(
        puts=[VirtualNetworkRecord(subscription="someone-else", name="theirs", id="x", location="West US")]
    )
    await (await sms.route_tables.create("rt", "West US"))
    with pytest.raises(NotFoundError) as caught:
        await sms.route_tables.add_to_subnet("corpnet", "Nowhere", "rt")
    assert "Subnet name Nowhere was not found in Virtual Network corpnet." in str(caught.value)
    with pytest.raises(NotFoundError):
        await sms.route_tables.add_to_subnet("theirs", "FrontEnd", "rt")  # another subscription's
    with pytest.raises(NotFoundError):
        await sms.route_tables.add_to_subnet("corpnet", "FrontEnd", "nothing")
    with pytest.raises(NotFoundError):
        await sms.route_tables.get_for_subnet("corpnet", "Nowhere")
    with pytest.raises(NotFoundError):
        await sms.route_tables.remove_from_subnet("nonet", "FrontEnd")


async def test_the_location_must_match_the_network(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu, "eastnet", "East US")
    assert emu.state is not None
    emu.state.write(
        puts=[
            AffinityGroupRecord(
                subscription=emu.subscription_id,
                name="group",
                label="g",
                description="",
                location="West US",
                created="2015-01-01T00:00:00Z",
            )
        ]
    )
    _network(emu, "groupnet", "", affinity_group="group")
    await (await sms.route_tables.create("rt", "West US"))
    with pytest.raises(BadRequestError) as caught:
        await sms.route_tables.add_to_subnet("eastnet", "FrontEnd", "rt")
    assert "is in West US; the virtual network eastnet is in East US" in str(caught.value)
    await (await sms.route_tables.add_to_subnet("groupnet", "BackEnd", "rt"))  # its affinity group's location
    assert (await sms.route_tables.get_for_subnet("groupnet", "BackEnd")).route_table_name == "rt"


async def test_changes_hold_the_route_table(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    await (await sms.route_tables.create("rt", "West US"))
    emu.set_latency(3600, kind="set_route")
    await sms.route_tables.set_route("rt", "default", "0.0.0.0/0", "VPNGateway")
    for attempt in (
        sms.route_tables.set_route("rt", "other", "10.1.0.0/16", "Null"),
        sms.route_tables.delete_route("rt", "default"),
        sms.route_tables.delete("RT"),
        sms.route_tables.add_to_subnet("corpnet", "FrontEnd", "rt"),
    ):
        with pytest.raises(ConflictError) as caught:
            await attempt
        assert "requires exclusive access" in str(caught.value)
    assert (await sms.route_tables.get("rt")).name == "rt"  # reads are not held


async def test_the_subscription_limits(emu: Emulator, sms: ServiceManagementSession) -> None:
    """Get Subscription's MaxRouteTables and MaxRoutesPerRouteTable (100 each)."""
    assert emu.state is not None
    full = tuple(
        RouteRecord(name=f"r{i}", address_prefix=f"10.{i}.0.0/16", next_hop_type="Null") for i in range(100)
    )
    tables = [
        RouteTableRecord(subscription=emu.subscription_id, name=f"t{i}", label="", location="West US")
        for i in range(99)
    ]
    emu.state.write(
        puts=[
            *tables,
            RouteTableRecord(
                subscription=emu.subscription_id, name="full", label="", location="West US", routes=full
            ),
        ]
    )
    with pytest.raises(BadRequestError) as caught:
        await sms.route_tables.create("one-more", "West US")
    assert "maximum of 100 route tables" in str(caught.value)
    with pytest.raises(BadRequestError) as refused:
        await sms.route_tables.set_route("full", "r100", "10.100.0.0/16", "Null")
    assert "maximum of 100 routes" in str(refused.value)
    await (
        await sms.route_tables.set_route("full", "r7", "10.200.0.0/16", "Null")
    )  # replacing one still works
    routes = (await sms.route_tables.get("full")).route_list
    assert routes is not None and len(routes) == 100 and routes[7].address_prefix == "10.200.0.0/16"


async def test_client_side_rules_send_nothing(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError):
        await sms.route_tables.set_route("rt", "r", "0.0.0.0/0", "VirtualAppliance")
    with pytest.raises(InvalidInputError):
        await sms.route_tables.create("bad name", "West US")
