"""Reserved IPs against the emulator: allocation per location, association with a deployment,
and each rule as the typed error the client raises."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError

from .conftest import cscfg


async def _deployment(
    sms: ServiceManagementSession, service: str = "ripsvc", location: str = "West US"
) -> None:
    await (await sms.hosted_services.create(service, "l", location=location))
    await (
        await sms.deployments.create(service, "production", "dep", "https://pkg/p.cspkg", "l", cscfg(1), True)
    )


async def test_create_get_list_delete(sms: ServiceManagementSession) -> None:
    await (await sms.reserved_ips.create("ip1", "my ip", "West US"))
    await (await sms.reserved_ips.create("ip2", None, "West US"))
    await (await sms.reserved_ips.create("ip3", "east", "East US"))
    ip1 = await sms.reserved_ips.get("ip1")
    assert (ip1.name, ip1.label, ip1.location, ip1.state) == ("ip1", "my ip", "West US", "Created")
    assert ip1.id and ip1.in_use is None and ip1.service_name == "" and ip1.deployment_name == ""
    listed = await sms.reserved_ips.list()
    assert [r.name for r in listed] == ["ip1", "ip2", "ip3"]
    addresses = [r.address for r in listed]
    assert len(set(addresses)) == 3
    # Each location allocates from its own range.
    assert addresses[0].rsplit(".", 2)[0] == addresses[1].rsplit(".", 2)[0] != addresses[2].rsplit(".", 2)[0]
    await (await sms.reserved_ips.delete("ip2"))
    assert [r.name for r in await sms.reserved_ips.list()] == ["ip1", "ip3"]
    with pytest.raises(NotFoundError) as caught:
        await sms.reserved_ips.get("ip2")
    assert caught.value.code == "ResourceNotFound"


async def test_unknown_names_are_not_found(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.reserved_ips.get("nope")
    with pytest.raises(NotFoundError):
        await sms.reserved_ips.delete("nope")
    with pytest.raises(NotFoundError):
        await sms.reserved_ips.associate("nope", "svc", "dep")


async def test_duplicate_name_conflicts(sms: ServiceManagementSession) -> None:
    await (await sms.reserved_ips.create("dup", "l", "West US"))
    with pytest.raises(ConflictError):
        await sms.reserved_ips.create("DUP", "l", "West US")


async def test_bad_location_and_missing_location(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError):
        await sms.reserved_ips.create("ipx", "l", "Atlantis")
    with pytest.raises(InvalidInputError) as caught:
        await sms.reserved_ips.create("ipx", "l")
    assert caught.value.field == "location"


async def test_associate_shows_on_both_sides_and_blocks_delete(sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    await (await sms.reserved_ips.create("ripa", "l", "West US"))
    reserved = await sms.reserved_ips.get("ripa")
    op = await sms.reserved_ips.associate("ripa", "ripsvc", "dep")
    await op
    ip = await sms.reserved_ips.get("ripa")
    assert (ip.in_use, ip.service_name, ip.deployment_name) == (True, "ripsvc", "dep")
    deployment = await sms.deployments.get_by_name("ripsvc", "dep")
    (vip,) = deployment.virtual_ips
    assert (vip.address, vip.is_reserved, vip.reserved_ip_name) == (reserved.address, True, "ripa")
    assert deployment.reserved_ip_name == "ripa"
    with pytest.raises(BadRequestError) as caught:
        await sms.reserved_ips.delete("ripa")
    assert "in use" in (caught.value.message or "")
    await (await sms.reserved_ips.create("ripb", "l", "West US"))
    with pytest.raises(ConflictError):  # the deployment already has a reserved IP
        await sms.reserved_ips.associate("ripb", "ripsvc", "dep")
    await (await sms.reserved_ips.disassociate("ripa", "ripsvc", "dep"))
    ip = await sms.reserved_ips.get("ripa")
    assert ip.in_use is None and ip.service_name == ""
    deployment = await sms.deployments.get_by_name("ripsvc", "dep")
    assert deployment.virtual_ips[0].is_reserved is None
    assert deployment.virtual_ips[0].address != reserved.address
    with pytest.raises(BadRequestError):  # no longer associated
        await sms.reserved_ips.disassociate("ripa", "ripsvc", "dep")
    await (await sms.reserved_ips.delete("ripa"))


async def test_in_use_elsewhere_conflicts(sms: ServiceManagementSession) -> None:
    await _deployment(sms, "ripsvc1")
    await _deployment(sms, "ripsvc2")
    await (await sms.reserved_ips.create("shared", "l", "West US"))
    await (await sms.reserved_ips.associate("shared", "ripsvc1", "dep"))
    with pytest.raises(ConflictError):
        await sms.reserved_ips.associate("shared", "ripsvc2", "dep")


async def test_deleting_the_deployment_frees_the_ip(sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    await (await sms.reserved_ips.create("freed", "l", "West US"))
    await (await sms.reserved_ips.associate("freed", "ripsvc", "dep"))
    await (await sms.deployments.delete("ripsvc", "dep"))
    assert (await sms.reserved_ips.get("freed")).in_use is None
    await (await sms.reserved_ips.delete("freed"))


async def test_associate_to_a_missing_deployment_or_service_is_refused(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("ripempty", "l", location="West US"))
    await (await sms.reserved_ips.create("lonely", "l", "West US"))
    with pytest.raises(NotFoundError) as caught:
        await sms.reserved_ips.associate("lonely", "ripempty", "dep")
    assert caught.value.message == "No deployments were found."
    with pytest.raises(NotFoundError):
        await sms.reserved_ips.associate("lonely", "nosuchsvc", "dep")


async def test_location_must_match_the_service(sms: ServiceManagementSession) -> None:
    await _deployment(sms, "ripwest", "West US")
    await (await sms.reserved_ips.create("eastip", "l", "East US"))
    with pytest.raises(BadRequestError):
        await sms.reserved_ips.associate("eastip", "ripwest", "dep")


async def test_legacy_names(emu: Emulator) -> None:
    async with emu.service() as legacy:
        op = await legacy.create_reserved_ip_address("legacyip", "mylabel", "West US")
        await op
        got = await legacy.get_reserved_ip_address("legacyip")
        listed = await legacy.list_reserved_ip_addresses()
        await (await legacy.delete_reserved_ip_address("legacyip"))
    assert got.label == "mylabel"
    assert [r.name for r in listed] == ["legacyip"]


async def test_an_association_in_progress_holds_the_ip_and_the_service(
    emu: Emulator, sms: ServiceManagementSession
) -> None:
    await _deployment(sms)
    await (await sms.reserved_ips.create("slow", "l", "West US"))
    emu.set_progression("associate_reserved_ip_address", polls=2)
    op = await sms.reserved_ips.associate("slow", "ripsvc", "dep")
    with pytest.raises(ConflictError):  # the reserved IP is being associated
        await sms.reserved_ips.delete("slow")
    with pytest.raises(ConflictError) as caught:  # the cloud service is held, as by any deployment change
        await sms.deployments.update_status("ripsvc", "dep", "Suspended")
    assert "exclusive access" in (caught.value.message or "")
    await op
    assert (await sms.reserved_ips.get("slow")).in_use is True
