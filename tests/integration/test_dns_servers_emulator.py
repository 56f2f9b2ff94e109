"""DNS servers of a deployment against the emulator: they show in Get Deployment's ``dns``;
duplicate and unknown names, bad addresses and missing deployments are refused."""

from __future__ import annotations

import pytest

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from aiosm.models.dns_servers import DnsServerInput

from .conftest import cscfg


async def _deployment(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("dnssvc", "l", location="West US"))
    await (await sms.deployments.create("dnssvc", "production", "dep", "https://pkg/p.cspkg", "l", cscfg(1)))


async def _servers(sms: ServiceManagementSession) -> list[tuple[str, str]]:
    deployment = await sms.deployments.get_by_name("dnssvc", "dep")
    if deployment.dns is None:
        return []
    return [(s.name, s.address) for s in deployment.dns.dns_servers]


async def test_add_update_delete_show_in_the_deployment(sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    assert (await sms.deployments.get_by_name("dnssvc", "dep")).dns is None
    await (await sms.dns_servers.add("dnssvc", "dep", "dns1", "10.0.0.4"))
    await (await sms.dns_servers.add("dnssvc", "dep", "dns2", "10.0.0.5"))
    assert await _servers(sms) == [("dns1", "10.0.0.4"), ("dns2", "10.0.0.5")]
    await (await sms.dns_servers.update("dnssvc", "dep", "dns1", "192.168.144.2"))
    assert await _servers(sms) == [("dns1", "192.168.144.2"), ("dns2", "10.0.0.5")]
    await (await sms.dns_servers.delete("dnssvc", "dep", "DNS2"))
    assert await _servers(sms) == [("dns1", "192.168.144.2")]
    hosted = await sms.hosted_services.get("dnssvc", embed_detail=True)
    assert hosted.deployments[0].dns is not None
    assert [s.name for s in hosted.deployments[0].dns.dns_servers] == ["dns1"]


async def test_duplicate_and_unknown_names(sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    await (await sms.dns_servers.add("dnssvc", "dep", "dns1", "10.0.0.4"))
    with pytest.raises(ConflictError):
        await sms.dns_servers.add("dnssvc", "dep", "DNS1", "10.0.0.6")
    with pytest.raises(NotFoundError):
        await sms.dns_servers.update("dnssvc", "dep", "nope", "10.0.0.6")
    with pytest.raises(NotFoundError):
        await sms.dns_servers.delete("dnssvc", "dep", "nope")
    assert await _servers(sms) == [("dns1", "10.0.0.4")]


async def test_missing_deployment_and_bad_address(sms: ServiceManagementSession) -> None:
    await (await sms.hosted_services.create("dnssvc", "l", location="West US"))
    with pytest.raises(NotFoundError):
        await sms.dns_servers.add("dnssvc", "dep", "dns1", "10.0.0.4")
    with pytest.raises(InvalidInputError) as caught:
        await sms.dns_servers.add("dnssvc", "dep", "dns1", "not-an-ip")
    assert caught.value.field == "address"


async def test_the_emulator_checks_the_address_too(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    transport = sms.hosted_services._transport
    with pytest.raises(BadRequestError) as caught:
        await transport.request(
            "POST",
            "/services/hostedservices/dnssvc/deployments/dep/dnsservers",
            body=DnsServerInput(dns_server_name="dns1", address="999.1.1.1"),
        )
    assert caught.value.message == "The DNS server address is not a valid IP address."


async def test_legacy_names(emu: Emulator, sms: ServiceManagementSession) -> None:
    await _deployment(sms)
    async with emu.service() as legacy:
        await (await legacy.add_dns_server("dnssvc", "dep", "mydnsserver", "192.168.144.1"))
        await (await legacy.update_dns_server("dnssvc", "dep", "mydnsserver", "192.168.144.2"))
        assert await _servers(sms) == [("mydnsserver", "192.168.144.2")]
        await (await legacy.delete_dns_server("dnssvc", "dep", "mydnsserver"))
    assert await _servers(sms) == []
