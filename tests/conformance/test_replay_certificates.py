"""Service certificates: add (PFX, base64 text as the legacy tests sent it), get, list, delete.

Every interaction of each recording is replayed: the hosted-service set-up (index 0), its
recorded status poll (index 1, asked with ``operations.get``: aiosm does not poll a 201), the
upload and its polls, then the read or the delete.
"""

from __future__ import annotations

import base64
import re
import ssl
import xml.etree.ElementTree as ET

import pytest
from aioresponses import aioresponses

from aiosm import RetryPolicy, ServiceManagementSession
from aiosm.compat import ServiceManagementService
from aiosm.errors import NotFoundError
from aiosm.models import OperationStatus
from aiosm.models.certificates import Certificate

from .flows import NS, create_hosted_service, wait_replaying_polls
from .replay import SUBSCRIPTION, Recording, Replayer, load, replaying

P = "test_legacy_mgmt_misc."
THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"


def _uploaded(rec: Recording, index: int) -> tuple[str, str, str]:
    """(data, format, password) of the recorded CertificateFile."""
    body = rec[index].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    assert root.tag == f"{NS}CertificateFile"
    values = [root.findtext(f"{NS}{name}") or "" for name in ("Data", "CertificateFormat", "Password")]
    return values[0], values[1], values[2]


async def _set_up(rec: Recording, replayer: Replayer, session: ServiceManagementSession) -> str:
    """Interactions 0-4: create the service, its recorded poll, add the PFX and wait."""
    service = await create_hosted_service(rec, replayer, session)
    replayer.serve(1)
    created = await session.operations.get(rec[0].request_id or "")
    assert created.status is OperationStatus.SUCCEEDED
    data, fmt, password = _uploaded(rec, 2)
    assert (fmt, password) == ("pfx", "Python")
    replayer.serve(2)
    op = await session.certificates.add(service, data, fmt, password)
    await wait_replaying_polls(op, rec, replayer, 2)
    return service


def _public_data(rec: Recording, index: int) -> str:
    match = re.search(r"<Data>([^<]*)</Data>", rec[index].response_body)
    assert match
    return match.group(1)


def _check_against_xml(cert: Certificate, element: ET.Element) -> None:
    for field, name in (
        ("certificate_url", "CertificateUrl"),
        ("thumbprint", "Thumbprint"),
        ("thumbprint_algorithm", "ThumbprintAlgorithm"),
        ("data", "Data"),
    ):
        assert getattr(cert, field) == (element.findtext(f"{NS}{name}") or ""), name


@pytest.mark.parametrize("test", ["test_add_service_certificate", "test_get_service_certificate"])
async def test_add_then_get_service_certificate(test: str) -> None:
    async with replaying(P + test) as (rec, replayer, session):
        service = await _set_up(rec, replayer, session)
        replayer.serve(5)
        cert = await session.certificates.get(service, "sha1", THUMB)
    _check_against_xml(cert, ET.fromstring(rec[5].response_body.encode("utf-8")))
    # The service answers the public data alone: URL, thumbprint and algorithm come back empty.
    assert (cert.certificate_url, cert.thumbprint, cert.thumbprint_algorithm) == ("", "", "")
    der = base64.b64decode(cert.data)
    assert der[:1] == b"\x30" and len(der) == 762


async def test_list_service_certificates() -> None:
    async with replaying(P + "test_list_service_certificates") as (rec, replayer, session):
        service = await _set_up(rec, replayer, session)
        replayer.serve(5)
        certs = await session.certificates.list(service)
    elements = ET.fromstring(rec[5].response_body.encode("utf-8")).findall(f"{NS}Certificate")
    assert len(certs) == len(elements) == 1
    _check_against_xml(certs[0], elements[0])
    (cert,) = certs
    assert cert.certificate_url == (
        f"https://management.core.windows.net/{SUBSCRIPTION}/services/hostedservices/{service}"
        f"/certificates/sha1-{THUMB}"
    )
    assert (cert.thumbprint, cert.thumbprint_algorithm) == (THUMB, "sha1")
    assert cert.data == _public_data(rec, 5)


async def test_delete_service_certificate() -> None:
    async with replaying(P + "test_delete_service_certificate") as (rec, replayer, session):
        service = await _set_up(rec, replayer, session)
        replayer.serve(5)
        op = await session.certificates.delete(service, "sha1", THUMB)
        await wait_replaying_polls(op, rec, replayer, 5)
        replayer.serve(8)
        with pytest.raises(NotFoundError) as caught:
            await session.certificates.get(service, "sha1", THUMB)
    error = caught.value
    assert (error.status, error.code, error.message) == (
        404,
        "ResourceNotFound",
        "The certificate was not found.",
    )
    assert error.request_id == rec[8].request_id


async def test_service_certificates_through_legacy_facade() -> None:
    """The legacy names, in the legacy argument order, send the same requests."""
    rec = load(P + "test_list_service_certificates")
    data, fmt, password = _uploaded(rec, 2)
    with aioresponses() as mock:
        replayer = Replayer(rec, mock)
        async with ServiceManagementService(
            SUBSCRIPTION, ssl.create_default_context(), retry=RetryPolicy.none()
        ) as sms:
            replayer.serve(0)
            await sms.create_hosted_service(
                "utsvc36b01562",
                "utsvc36b01562label",
                "utsvc36b01562description",
                "West US",
                None,
                {"ext2": 42, "ext1": "val1"},
            )
            replayer.serve(1)
            await sms.get_operation_status(rec[0].request_id or "")
            replayer.serve(2)
            op = await sms.add_service_certificate("utsvc36b01562", data, fmt, password)
            await wait_replaying_polls(op, rec, replayer, 2)
            replayer.serve(5)
            (cert,) = await sms.list_service_certificates("utsvc36b01562")
        replayer.verify()
    assert cert.thumbprint == THUMB
