"""The emulator's rules reach the client as the right status, ASM code and aiosm exception."""

from __future__ import annotations

import pytest

from aiosm import (
    BadRequestError,
    ConflictError,
    LinuxConfigurationSet,
    NotFoundError,
    OSVirtualHardDisk,
    RetryPolicy,
    ServiceManagementSession,
)
from aiosm.emulator import Emulator
from aiosm.models import CreateStorageServiceInput

from .conftest import FAST_POLL, cscfg

CENTOS = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"


async def _service(sms: ServiceManagementSession, name: str = "svc") -> None:
    await (await sms.hosted_services.create(name, name, location="West US"))


async def test_hosted_service_name_is_global(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _service(sms)
    with pytest.raises(ConflictError) as info:
        await sms.hosted_services.create("svc", "again", location="West US")
    assert info.value.status == 409 and info.value.code == "ConflictError" and not info.value.is_busy


async def test_storage_account_name_is_global(sms: ServiceManagementSession) -> None:
    await (await sms.storage_accounts.create("store1", None, "l", location="West US"))
    with pytest.raises(ConflictError):
        await sms.storage_accounts.create("store1", None, "l", location="West US")


async def test_affinity_group_name_per_subscription(sms: ServiceManagementSession) -> None:
    await sms.affinity_groups.create("ag", "l", "West US")
    with pytest.raises(ConflictError):
        await sms.affinity_groups.create("AG", "l", "West US")


async def test_storage_name_format_checked_by_service(sms: ServiceManagementSession) -> None:
    # The client checks this too, so the body is sent raw to reach the emulator's own rule.
    body = CreateStorageServiceInput.model_construct(
        service_name="Bad_Name",
        description=None,
        label="l",
        affinity_group=None,
        location="West US",
        extended_properties=None,
        account_type=None,
    )
    with pytest.raises(BadRequestError) as info:
        await sms.transport.request("POST", "/services/storageservices", body=body)
    assert info.value.code == "BadRequest"
    assert "between 3 and 24 characters" in info.value.message


async def test_label_length_checked_by_service(sms: ServiceManagementSession) -> None:
    body = CreateStorageServiceInput.model_construct(
        service_name="longlabel",
        description=None,
        label="x" * 101,
        affinity_group=None,
        location="West US",
        extended_properties=None,
        account_type=None,
    )
    with pytest.raises(BadRequestError) as info:
        await sms.transport.request("POST", "/services/storageservices", body=body)
    assert "100 characters" in info.value.message


async def test_unknown_location_and_affinity_group(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError):
        await sms.hosted_services.create("svc", "l", location="Mars Central")
    with pytest.raises(BadRequestError):
        await sms.storage_accounts.create("store2", None, "l", affinity_group="nosuchgroup")
    with pytest.raises(BadRequestError):
        await sms.affinity_groups.create("ag", "l", "Atlantis")
    with pytest.raises(NotFoundError):
        await sms.affinity_groups.get("nosuchgroup")


async def test_service_with_deployments_cannot_be_deleted(sms: ServiceManagementSession) -> None:
    await _service(sms)
    await (await sms.deployments.create("svc", "production", "v1", "https://p", "l", cscfg()))
    with pytest.raises(ConflictError) as info:
        await sms.hosted_services.delete("svc")
    assert "deployments" in info.value.message and not info.value.is_busy


async def test_slot_holds_one_deployment(sms: ServiceManagementSession) -> None:
    await _service(sms)
    await (await sms.deployments.create("svc", "production", "v1", "https://p", "l", cscfg()))
    with pytest.raises(ConflictError) as info:
        await sms.deployments.create("svc", "production", "v2", "https://p", "l", cscfg())
    assert "deployment slot" in info.value.message and "occupied" in info.value.message
    with pytest.raises(ConflictError):
        await sms.deployments.create("svc", "staging", "v1", "https://p", "l", cscfg())


async def test_deployment_needs_existing_service(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError) as info:
        await sms.deployments.create("ghost", "production", "v1", "https://p", "l", cscfg())
    assert info.value.message == "The hosted service does not exist."
    await _service(sms)
    with pytest.raises(NotFoundError) as info:
        await sms.deployments.get_by_slot("svc", "staging")
    assert info.value.message == "No deployments were found."


async def test_swap_needs_staging_deployment(sms: ServiceManagementSession) -> None:
    await _service(sms)
    with pytest.raises(NotFoundError):
        await sms.deployments.swap("svc", "v1", "v2")
    await (await sms.deployments.create("svc", "production", "v1", "https://p", "l", cscfg()))
    with pytest.raises(BadRequestError):
        await sms.deployments.swap("svc", "v1", "v2")


async def test_swap_moves_staging_into_empty_production(sms: ServiceManagementSession) -> None:
    await _service(sms)
    await (await sms.deployments.create("svc", "staging", "v2", "https://p", "l", cscfg()))
    await (await sms.deployments.swap("svc", "anything", "v2"))
    assert (await sms.deployments.get_by_slot("svc", "production")).name == "v2"
    with pytest.raises(NotFoundError):
        await sms.deployments.get_by_slot("svc", "staging")


async def test_vm_needs_service_and_image(sms: ServiceManagementSession) -> None:
    config = LinuxConfigurationSet("h", "u", "password1", True)
    with pytest.raises(NotFoundError):
        await sms.virtual_machines.create_deployment(
            "ghost", "vm", "production", "vm", "vm", config, OSVirtualHardDisk(CENTOS, "https://m")
        )
    await _service(sms)
    with pytest.raises(BadRequestError) as info:
        await sms.virtual_machines.create_deployment(
            "svc", "vm", "production", "vm", "vm", config, OSVirtualHardDisk("no-such-image", "https://m")
        )
    assert "no-such-image" in info.value.message
    remote = OSVirtualHardDisk(media_link="https://m", remote_source_image_link="https://x/y.vhd")
    await (
        await sms.virtual_machines.create_deployment("svc", "vm", "production", "vm", "vm", config, remote)
    )
    assert (await sms.deployments.get_by_name("svc", "vm")).status == "Running"


async def test_vm_virtual_network_must_exist(sms: ServiceManagementSession) -> None:
    await _service(sms)
    with pytest.raises(BadRequestError) as info:
        await sms.virtual_machines.create_deployment(
            "svc",
            "vm",
            "production",
            "vm",
            "vm",
            LinuxConfigurationSet("h", "u", "password1"),
            OSVirtualHardDisk(CENTOS, "https://m"),
            virtual_network_name="mynet",
        )
    assert info.value.message == "The virtual network mynet does not exist."


async def test_affinity_group_in_use_cannot_be_deleted(sms: ServiceManagementSession) -> None:
    await sms.affinity_groups.create("ag", "l", "West US")
    await (await sms.storage_accounts.create("agstore", None, "l", affinity_group="ag"))
    with pytest.raises(ConflictError) as info:
        await sms.affinity_groups.delete("ag")
    assert not info.value.is_busy


async def test_platform_image_cannot_be_deleted_and_names_are_unique(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError):
        await sms.os_images.delete(CENTOS)
    with pytest.raises(ConflictError):
        await sms.os_images.add("l", "https://m", CENTOS, "Linux")
    with pytest.raises(NotFoundError):
        await sms.os_images.delete("nosuchimage")


async def test_exclusive_access_while_an_operation_runs(emu: Emulator) -> None:
    emu.set_progression("create_deployment", polls=2)
    async with emu.session(retry=RetryPolicy.none(), poll=FAST_POLL) as sms:
        await _service(sms)
        op = await sms.deployments.create("svc", "production", "v1", "https://p", "l", cscfg())
        with pytest.raises(ConflictError) as info:
            await sms.deployments.create("svc", "staging", "v2", "https://p", "l", cscfg())
        assert info.value.is_busy
        assert f"x-ms-requestid {op.request_id}" in info.value.message
        assert "requires exclusive access" in info.value.message
        with pytest.raises(ConflictError):
            await sms.hosted_services.delete("svc")
        # Visible while it is created, as Deploying (a status of Azure's DeploymentStatus), then Suspended.
        assert (await sms.deployments.get_by_slot("svc", "production")).status == "Deploying"
        await op.wait(poll_interval=0)
        assert (await sms.deployments.get_by_slot("svc", "production")).name == "v1"
        await (await sms.deployments.create("svc", "staging", "v2", "https://p", "l", cscfg()))


async def test_time_based_latency(emu: Emulator, sms: ServiceManagementSession) -> None:
    emu.set_latency(3600, kind="create_storage_account")
    op = await sms.storage_accounts.create("slowstore", None, "l", location="West US")
    assert not (await op.status()).done
    emu.state.advance(now=10**12)  # type: ignore[union-attr]
    assert (await op.status()).succeeded


async def test_missing_or_unknown_version_header(sms: ServiceManagementSession) -> None:
    for version in ("2001-01-01", "yesterday"):
        with pytest.raises(BadRequestError) as info:
            await sms.transport.request("GET", "/locations", api_version=version)
        assert info.value.code == "MissingOrIncorrectVersionHeader"


async def test_missing_version_header_refused(emu: Emulator) -> None:
    import aiohttp

    from aiosm.credentials import build_ssl_context, load_certificate

    ctx = build_ssl_context(load_certificate(str(emu.certificate_file)), ca_file=emu.ca_file)
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{emu.endpoint}/{emu.subscription_id}/locations", ssl=ctx) as resp:
            body = await resp.text()
            assert resp.status == 400
            assert "<Code>MissingOrIncorrectVersionHeader</Code>" in body
            assert len(resp.headers["x-ms-request-id"]) == 32


async def test_unknown_operation_and_route(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.operations.get("0123456789abcdef0123456789abcdef")
    with pytest.raises(NotFoundError) as info:
        await sms.transport.request("GET", "/no/such/thing")
    assert info.value.code == "ResourceNotFound"


async def test_the_emulator_checks_the_declared_rules_in_the_services_words(
    sms: ServiceManagementSession,
) -> None:
    # The client checks these first, so the bodies are sent raw to reach the emulator's copy of the
    # same declared rules (one copy: aiosm.validation, run by the routing layer).
    both = CreateStorageServiceInput.model_construct(
        service_name="bothplaces",
        description=None,
        label="l",
        affinity_group="ag",
        location="West US",
        extended_properties=None,
        account_type=None,
    )
    with pytest.raises(BadRequestError) as info:
        await sms.transport.request("POST", "/services/storageservices", body=both)
    assert info.value.message == "Exactly one of Location or AffinityGroup must be specified."
    with pytest.raises(BadRequestError) as info:
        await sms.transport.request(
            "GET", "/services/hostedservices/bad_name", query={"embed-detail": "false"}
        )
    assert info.value.message == "The hosted service name is invalid."
