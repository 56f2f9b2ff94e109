"""Application gateways against the emulator: a gateway in a virtual network's subnet, its
configuration, and Start/Stop as gateway operations."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models import (
    ApplicationGatewayConfiguration,
    ApplicationGatewayFrontendIPConfiguration,
    ApplicationGatewayHttpListener,
    ApplicationGatewayOperation,
    CreateApplicationGateway,
)
from aiosm.resources.application_gateways import EXAMPLE_CONFIGURATION

AGW = "/services/networking/ApplicationGateways"


@pytest.fixture
def network(emu: Emulator) -> None:
    """A virtual network with two subnets in the store (as the network configuration writes it)."""
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name="corpnet",
                id="7b5f7a3c-0000-4000-8000-000000000001",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=(
                    SubnetRecord(name="Subnet-1", address_prefix="10.0.0.0/24"),
                    SubnetRecord(name="Subnet-2", address_prefix="10.0.1.0/24"),
                ),
            )
        ]
    )


async def _created(sms: ServiceManagementSession, name: str = "appgw") -> None:
    op = await sms.application_gateways.create(name, "corpnet", ["subnet-1"], "my gateway", 3, "Large")
    await sms.application_gateways.wait(op)


@pytest.mark.usefixtures("network")
async def test_a_gateway_configured_started_and_stopped(sms: ServiceManagementSession) -> None:
    assert await sms.application_gateways.list() == []
    await _created(sms)
    gateway = await sms.application_gateways.get("appgw")
    assert (gateway.name, gateway.description, gateway.vnet_name, gateway.subnets) == (
        "appgw",
        "my gateway",
        "corpnet",
        ["Subnet-1"],
    )
    assert (gateway.instance_count, gateway.gateway_size, gateway.state) == (3, "Large", "Stopped")
    assert (gateway.virtual_ips, gateway.dns_name) == ([], "")
    assert await sms.application_gateways.get_configuration("appgw") == ApplicationGatewayConfiguration()

    await sms.application_gateways.wait(
        await sms.application_gateways.set_configuration("appgw", EXAMPLE_CONFIGURATION)
    )
    assert await sms.application_gateways.get_configuration("appgw") == EXAMPLE_CONFIGURATION
    done = await sms.application_gateways.wait(await sms.application_gateways.start("appgw"))
    assert done.status == "Successful"
    gateway = await sms.application_gateways.get("appgw")
    assert gateway.state == "Running"
    assert gateway.virtual_ips == ["10.0.0.10"]  # the private frontend's static address
    assert gateway.dns_name.endswith(".cloudapp.net")
    # the configuration may change while it runs
    await sms.application_gateways.wait(
        await sms.application_gateways.set_configuration("appgw", EXAMPLE_CONFIGURATION)
    )
    await sms.application_gateways.wait(await sms.application_gateways.stop("appgw"))
    gateway = await sms.application_gateways.get("appgw")
    assert (gateway.state, gateway.virtual_ips, gateway.dns_name) == ("Stopped", [], "")
    await sms.application_gateways.wait(await sms.application_gateways.delete("appgw"))
    assert await sms.application_gateways.list() == []


@pytest.mark.usefixtures("network")
async def test_start_and_stop_are_long_operations(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _created(sms)
    await sms.application_gateways.wait(
        await sms.application_gateways.set_configuration("appgw", EXAMPLE_CONFIGURATION)
    )
    emu.set_progression("start_application_gateway", polls=2)
    started = await sms.application_gateways.start("appgw")
    assert (await sms.application_gateways.operation_status(started.id)).status == "InProgress"
    assert (await sms.application_gateways.get("appgw")).state == "Starting"
    # one gateway operation at a time
    with pytest.raises(ConflictError):
        await sms.application_gateways.stop("appgw")
    with pytest.raises(ConflictError):
        await sms.application_gateways.set_configuration("appgw", EXAMPLE_CONFIGURATION)
    status = await sms.application_gateways.operation_status(started.id)
    assert (status.id, status.status, status.http_status_code) == (started.id, "Successful", "OK")
    assert (await sms.application_gateways.get("appgw")).state == "Running"
    emu.set_progression("stop_application_gateway", polls=2)
    stopped = await sms.application_gateways.stop("appgw")
    assert (await sms.application_gateways.get("appgw")).state == "Stopping"
    await sms.application_gateways.wait(stopped)
    assert (await sms.application_gateways.get("appgw")).state == "Stopped"


@pytest.mark.usefixtures("network")
async def test_the_service_rules(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError):  # no such network
        await sms.application_gateways.create("appgw", "othernet", ["Subnet-1"])
    with pytest.raises(BadRequestError):  # no such subnet
        await sms.application_gateways.create("appgw", "corpnet", ["Subnet-9"])
    await _created(sms)
    with pytest.raises(ConflictError):
        await sms.application_gateways.create("APPGW", "corpnet", ["Subnet-2"])
    with pytest.raises(BadRequestError):  # nothing to start with
        await sms.application_gateways.start("appgw")
    with pytest.raises(BadRequestError):  # not running
        await sms.application_gateways.stop("appgw")
    outside = EXAMPLE_CONFIGURATION.model_copy(
        update={
            "frontend_ip_configurations": [
                ApplicationGatewayFrontendIPConfiguration(name="fip1", static_ip_address="10.0.1.10")
            ]
        }
    )
    with pytest.raises(BadRequestError):  # a static address outside the gateway's subnet
        await sms.application_gateways.set_configuration("appgw", outside)
    await sms.application_gateways.wait(
        await sms.application_gateways.set_configuration("appgw", EXAMPLE_CONFIGURATION)
    )
    await sms.application_gateways.wait(await sms.application_gateways.start("appgw"))
    with pytest.raises(BadRequestError):  # already running
        await sms.application_gateways.start("appgw")
    with pytest.raises(BadRequestError):  # delete while running
        await sms.application_gateways.delete("appgw")
    assert (await sms.application_gateways.get("appgw")).state == "Running"


async def test_an_unknown_gateway_is_404(sms: ServiceManagementSession) -> None:
    for call in (
        sms.application_gateways.get("nope"),
        sms.application_gateways.delete("nope"),
        sms.application_gateways.get_configuration("nope"),
        sms.application_gateways.set_configuration("nope", EXAMPLE_CONFIGURATION),
        sms.application_gateways.start("nope"),
        sms.application_gateways.stop("nope"),
        sms.application_gateways.operation_status("01234567-89ab-cdef-0123-456789abcdef"),
    ):
        with pytest.raises(NotFoundError):
            await call


@pytest.mark.usefixtures("network")
async def test_bad_input_is_refused_by_the_client_and_the_service(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await sms.application_gateways.create("appgw", "corpnet", ["Subnet-1"], instance_count=11)
    assert caught.value.field == "instance_count"
    with pytest.raises(InvalidInputError) as caught:
        await sms.application_gateways.create("appgw", "corpnet", ["Subnet-1"], gateway_size="Huge")
    assert caught.value.field == "gateway_size"
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            "POST",
            AGW,
            body=CreateApplicationGateway(
                name="appgw", vnet_name="corpnet", subnets=["Subnet-1"], instance_count=0
            ),
            api_version="2015-04-01",
        )
    await _created(sms)
    dangling = EXAMPLE_CONFIGURATION.model_copy(
        update={
            "http_listeners": [
                ApplicationGatewayHttpListener(name="HTTPListener1", frontend_ip="fip1", frontend_port="nope")
            ]
        }
    )
    with pytest.raises(InvalidInputError) as caught:
        await sms.application_gateways.set_configuration("appgw", dangling)
    assert caught.value.field == "http_listeners[0].frontend_port"
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            "POST", f"{AGW}/appgw/configuration", body=dangling, api_version="2015-04-01"
        )
    with pytest.raises(BadRequestError):
        await sms.transport.request(
            "POST",
            f"{AGW}/appgw/Operations",
            body=ApplicationGatewayOperation(operation_type="restart"),
            api_version="2015-04-01",
        )
    assert await sms.application_gateways.get_configuration("appgw") == ApplicationGatewayConfiguration()
