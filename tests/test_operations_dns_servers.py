"""session.dns_servers: add, update, delete (on a deployment)."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses
from conftest import RID, accept, assert_mutation_headers, body_xml, only_request, url

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError

DNS = "/services/hostedservices/svc/deployments/dep/dnsservers"


async def test_add(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(DNS))
    op = await session.dns_servers.add("svc", "dep", "dns1", "10.0.0.4")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(DNS))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("DnsServer", "<Name>dns1</Name><Address>10.0.0.4</Address>")
    assert op.request_id == RID


async def test_update(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "PUT", url(f"{DNS}/dns1"))
    await session.dns_servers.update("svc", "dep", "dns1", "fd00::4")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", url(f"{DNS}/dns1"))
    assert kwargs["data"] == body_xml("DnsServer", "<Name>dns1</Name><Address>fd00::4</Address>")


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{DNS}/dns1"))
    await session.dns_servers.delete("svc", "dep", "dns1")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("DELETE", url(f"{DNS}/dns1"))
    assert kwargs["data"] == b""


@pytest.mark.parametrize("address", ["10.0.0.256", "dns.example.com", "", None])
async def test_address_must_be_an_ip(
    session: ServiceManagementSession, mock: aioresponses, address: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.dns_servers.add("svc", "dep", "dns1", address)
    assert caught.value.field == "address"
    assert not mock.requests
