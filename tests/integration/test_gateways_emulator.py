"""Virtual network gateways against the emulator: each rule as the typed error the client raises."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.emulator.records import SubnetRecord, VirtualNetworkRecord
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models.gateways import GatewaySize, GatewayType, ResetSharedKey, SharedKey
from aiosm.models.operations import OperationStatus
from aiosm.secret import Secret


def _network(emu: Emulator, name: str = "corpnet", *, gateway_subnet: bool = True) -> None:
    subnets = [SubnetRecord(name="FrontEnd", address_prefix="10.0.1.0/24")]
    if gateway_subnet:
        subnets.append(SubnetRecord(name="GatewaySubnet", address_prefix="10.0.0.0/29"))
    assert emu.state is not None
    emu.state.write(
        puts=[
            VirtualNetworkRecord(
                subscription=emu.subscription_id,
                name=name,
                id=f"7b5f7a3c-0000-4000-8000-{len(name):012d}",
                location="West US",
                address_prefixes=("10.0.0.0/16",),
                subnets=tuple(subnets),
            )
        ]
    )


async def _gateway(emu: Emulator, sms: ServiceManagementSession, **kwargs: object) -> None:
    _network(emu)
    await (await sms.gateways.create("corpnet", **kwargs))  # type: ignore[arg-type]


async def test_gateway_lifecycle(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    assert (await sms.gateways.get("corpnet")).state == "NotProvisioned"
    op = await sms.gateways.create("corpnet", GatewayType.DYNAMIC_ROUTING)
    done = await op
    assert done.status is OperationStatus.SUCCEEDED and done.id == op.result.id  # type: ignore[union-attr]
    gateway = await sms.gateways.get("corpnet")
    assert (gateway.state, gateway.gateway_type, gateway.gateway_size) == (
        "Provisioned",
        "DynamicRouting",
        "Default",
    )
    assert gateway.vip_address.count(".") == 3
    assert gateway.last_event is not None and gateway.last_event.message == "Gateway provisioned."
    await (await sms.gateways.resize("corpnet", GatewaySize.HIGH_PERFORMANCE))
    assert (await sms.gateways.get("corpnet")).gateway_size == "HighPerformance"
    await (await sms.gateways.reset("corpnet"))
    assert (await sms.gateways.get("corpnet")).last_event.message == "Gateway reset."  # type: ignore[union-attr]
    await (await sms.gateways.delete("corpnet"))
    assert (await sms.gateways.get("corpnet")).state == "NotProvisioned"


async def test_creation_is_in_progress_for_the_latency(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    emu.set_progression("gateway_create", polls=2)
    op = await sms.gateways.create("corpnet")
    assert (await sms.gateways.get("corpnet")).state == "Provisioning"
    assert (await op.status()).status is OperationStatus.IN_PROGRESS
    assert (await op.status()).status is OperationStatus.SUCCEEDED
    gateway = await sms.gateways.get("corpnet")
    assert (gateway.state, gateway.gateway_type) == ("Provisioned", "StaticRouting")


async def test_gateway_operation_status_endpoint(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    emu.set_progression("gateway_create", polls=2)
    op = await sms.gateways.create("corpnet")
    first = await sms.operations.get_gateway_operation(op.request_id)
    assert first.status.value == "InProgress" and first.http_status_code == ""
    second = await sms.operations.get_gateway_operation(op.request_id)
    assert (second.status.value, second.http_status_code) == ("Successful", "OK")
    with pytest.raises(NotFoundError):
        await sms.operations.get_gateway_operation("01234567-89ab-cdef-0123-456789abcdef")


async def test_network_needs_a_gateway_subnet(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu, gateway_subnet=False)
    with pytest.raises(BadRequestError, match="GatewaySubnet"):
        await sms.gateways.create("corpnet")


async def test_unknown_network(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.gateways.create("nowhere")
    with pytest.raises(NotFoundError):
        await sms.gateways.get("nowhere")


async def test_one_gateway_per_network(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    with pytest.raises(ConflictError, match="already has a gateway"):
        await sms.gateways.create("corpnet")


async def test_operations_need_a_gateway(emu: Emulator, sms: ServiceManagementSession) -> None:
    _network(emu)
    with pytest.raises(NotFoundError):
        await sms.gateways.delete("corpnet")
    with pytest.raises(NotFoundError):
        await sms.gateways.reset("corpnet")
    with pytest.raises(NotFoundError):
        await sms.gateways.list_connections("corpnet")


async def test_mutations_hold_the_gateway_lock(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    emu.set_progression("gateway_resize", polls=3)
    pending = await sms.gateways.resize("corpnet", "Standard")
    with pytest.raises(ConflictError) as caught:
        await sms.gateways.reset("corpnet")
    assert caught.value.status == 409
    await pending
    await (await sms.gateways.reset("corpnet"))
    assert (await sms.gateways.get("corpnet")).gateway_size == "Standard"


async def test_deleting_gateway_is_deprovisioning(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    emu.set_progression("gateway_delete", polls=2)
    op = await sms.gateways.delete("corpnet")
    assert (await sms.gateways.get("corpnet")).state == "Deprovisioning"
    await op
    assert (await sms.gateways.get("corpnet")).state == "NotProvisioned"


async def test_shared_keys_and_connections(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    with pytest.raises(NotFoundError):
        await sms.gateways.get_shared_key("corpnet", "onprem")
    await (await sms.gateways.set_shared_key("corpnet", "onprem", "abc123XYZ"))
    key = await sms.gateways.get_shared_key("corpnet", "onprem")
    assert isinstance(key, Secret) and key == "abc123XYZ" and "abc123XYZ" not in repr(key)
    await (await sms.gateways.reset_shared_key("corpnet", "onprem", 40))
    new = await sms.gateways.get_shared_key("corpnet", "onprem")
    assert len(new) == 40 and new.isalnum() and new != "abc123XYZ"
    (connection,) = await sms.gateways.list_connections("corpnet")
    assert (connection.local_network_site_name, connection.connectivity_state) == ("onprem", "Connected")
    assert connection.ingress_bytes_transferred == 0 and connection.last_connection_established
    await (await sms.gateways.disconnect("corpnet", "onprem"))
    assert (await sms.gateways.list_connections("corpnet"))[0].connectivity_state == "NotConnected"
    await (await sms.gateways.connect("corpnet", "onprem"))
    assert (await sms.gateways.list_connections("corpnet"))[0].connectivity_state == "Connected"
    await (await sms.gateways.test_connection("corpnet", "onprem", "131.107.72.22"))
    with pytest.raises(NotFoundError):
        await sms.gateways.connect("corpnet", "elsewhere")
    with pytest.raises(NotFoundError):
        await sms.gateways.reset_shared_key("corpnet", "elsewhere", 10)


async def test_server_refuses_a_bad_shared_key(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    with pytest.raises(InvalidInputError):
        await sms.gateways.set_shared_key("corpnet", "onprem", "not-alphanumeric!")
    with pytest.raises(InvalidInputError):
        await sms.gateways.set_shared_key("corpnet", "onprem", "x" * 129)
    with pytest.raises(InvalidInputError):
        await sms.gateways.reset_shared_key("corpnet", "onprem", 0)
    with pytest.raises(InvalidInputError):
        await sms.gateways.create("corpnet", gateway_size="Huge")
    # bypassing the client's check, the emulator applies the same rules
    path = "/services/networking/corpnet/gateway/connection/onprem/sharedkey"
    with pytest.raises(BadRequestError):
        await sms.transport.request("POST", path, body=SharedKey.model_construct(value="a-b"))
    with pytest.raises(BadRequestError):
        await sms.transport.request("PUT", path, body=ResetSharedKey.model_construct(key_length=500))


async def test_diagnostics(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _gateway(emu, sms)
    assert (await sms.gateways.get_diagnostics("corpnet")).state == "Ready"
    with pytest.raises(BadRequestError, match="No diagnostics"):
        await sms.gateways.stop_diagnostics("corpnet")
    await (await sms.gateways.start_diagnostics("corpnet", 60, "captures", "mystorage", "c2VjcmV0"))
    status = await sms.gateways.get_diagnostics("corpnet")
    assert (status.state, status.public_diagnostics_url) == ("InProgress", "")
    with pytest.raises(ConflictError, match="already in progress"):
        await sms.gateways.start_diagnostics("corpnet", 60, "captures", "mystorage", "c2VjcmV0")
    await (await sms.gateways.stop_diagnostics("corpnet"))
    status = await sms.gateways.get_diagnostics("corpnet")
    assert status.state == "Ready"
    assert status.public_diagnostics_url == "https://mystorage.blob.core.windows.net/captures/diagnostics.zip"
