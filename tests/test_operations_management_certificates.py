"""session.management_certificates: list, get, add, delete."""

from __future__ import annotations

import base64
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses
from conftest import (
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    doc,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError

THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"
CERT = (
    f"<SubscriptionCertificatePublicKey>MIIBCgKC</SubscriptionCertificatePublicKey>"
    f"<SubscriptionCertificateThumbprint>{THUMB}</SubscriptionCertificateThumbprint>"
    "<SubscriptionCertificateData>MIIC9jCC</SubscriptionCertificateData><Created>2015-06-30T23:59:26.6907685Z</Created>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url("/certificates"),
        doc("SubscriptionCertificates", f"<SubscriptionCertificate>{CERT}</SubscriptionCertificate>"),
    )
    (cert,) = await session.management_certificates.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url("/certificates"))
    assert_read_headers(kwargs)
    assert cert.subscription_certificate_thumbprint == THUMB
    assert cert.subscription_certificate_public_key == "MIIBCgKC"
    assert cert.subscription_certificate_data == "MIIC9jCC"
    assert cert.created == datetime(2015, 6, 30, 23, 59, 26, 690768, tzinfo=timezone.utc)


async def test_list_none(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/certificates"), doc("SubscriptionCertificates"))
    assert await session.management_certificates.list() == []


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"/certificates/{THUMB}"), doc("SubscriptionCertificate", CERT))
    cert = await session.management_certificates.get(THUMB)
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert cert.subscription_certificate_thumbprint == THUMB


async def test_add_sends_base64(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url("/certificates"), status=201)
    result = await session.management_certificates.add(b"\x30\x82key", THUMB, "MIIC9jCC")
    method, sent_url, kwargs = only_request(mock)
    assert result is None
    assert (method, sent_url) == ("POST", url("/certificates"))
    assert_mutation_headers(kwargs)
    key = base64.b64encode(b"\x30\x82key").decode()
    assert kwargs["data"] == body_xml(
        "SubscriptionCertificate",
        f"<SubscriptionCertificatePublicKey>{key}</SubscriptionCertificatePublicKey>"
        f"<SubscriptionCertificateThumbprint>{THUMB}</SubscriptionCertificateThumbprint>"
        "<SubscriptionCertificateData>MIIC9jCC</SubscriptionCertificateData>",
    )


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"/certificates/{THUMB}"), status=200)
    assert await session.management_certificates.delete(THUMB) is None
    method, _, kwargs = only_request(mock)
    assert method == "DELETE" and not kwargs.get("data")
    assert_mutation_headers(kwargs)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"public_key": "MIIB", "thumbprint": "xyz", "data": "MIIC"}, "thumbprint"),
        ({"public_key": "not base64!", "thumbprint": THUMB, "data": "MIIC"}, "public_key"),
        ({"public_key": "MIIB", "thumbprint": THUMB, "data": b""}, "data"),
        ({"public_key": "MIIB", "thumbprint": THUMB, "data": None}, "data"),
    ],
)
async def test_add_refuses_bad_input_before_sending(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.management_certificates.add(**arguments)  # type: ignore[arg-type]
    assert info.value.field == field
    assert total_requests(mock) == 0


async def test_thumbprint_is_hex(session: ServiceManagementSession, mock: aioresponses) -> None:
    for call in (session.management_certificates.get, session.management_certificates.delete):
        with pytest.raises(InvalidInputError) as info:
            await call("not-a-thumbprint")
        assert info.value.field == "thumbprint"
    assert total_requests(mock) == 0
