"""session.certificates (service certificates): list, get, add, delete."""

from __future__ import annotations

import base64
import logging
import ssl

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    SUB,
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
from aiosm.compat import ServiceManagementService
from aiosm.errors import BadRequestError, InvalidInputError
from aiosm.models.certificates import Certificate, CertificateFile, CertificateFormat

CERTS = "/services/hostedservices/mysvc/certificates"
THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"
CERT = (
    f"<CertificateUrl>https://x{CERTS}/sha1-{THUMB}</CertificateUrl><Thumbprint>{THUMB}</Thumbprint>"
    "<ThumbprintAlgorithm>sha1</ThumbprintAlgorithm><Data>MIIC9jCC</Data>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(CERTS), doc("Certificates", f"<Certificate>{CERT}</Certificate>" * 2))
    certs = await session.certificates.list("mysvc")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(CERTS))
    assert_read_headers(kwargs)
    assert len(certs) == 2
    assert certs[0] == Certificate(
        certificate_url=f"https://x{CERTS}/sha1-{THUMB}",
        thumbprint=THUMB,
        thumbprint_algorithm="sha1",
        data="MIIC9jCC",
    )


async def test_list_none(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(CERTS), doc("Certificates"))
    assert await session.certificates.list("mysvc") == []


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{CERTS}/sha1-{THUMB}")
    respond_xml(mock, "GET", target, doc("Certificate", "<Data>MIIC9jCC</Data>"))
    cert = await session.certificates.get("mysvc", "sha1", THUMB)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert cert.data == "MIIC9jCC" and cert.thumbprint == "" and cert.certificate_url == ""


async def test_add_pfx_bytes_are_base64_encoded(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(CERTS))
    op = await session.certificates.add("mysvc", b"\x30\x82pfx bytes", "PFX", "p&ss")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(CERTS))
    assert_mutation_headers(kwargs)
    encoded = base64.b64encode(b"\x30\x82pfx bytes").decode()
    assert kwargs["data"] == body_xml(
        "CertificateFile",
        f"<Data>{encoded}</Data><CertificateFormat>pfx</CertificateFormat><Password>p&amp;ss</Password>",
    )
    assert op.request_id == RID and op.http_status == 202


async def test_add_base64_text_is_sent_as_given(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(CERTS))
    await session.certificates.add("mysvc", "MIIC9jCC", "cer")
    _, _, kwargs = only_request(mock)
    # A .cer needs no password: the element is written empty, as the legacy SDK's '' did.
    assert kwargs["data"] == body_xml(
        "CertificateFile",
        "<Data>MIIC9jCC</Data><CertificateFormat>cer</CertificateFormat><Password></Password>",
    )


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{CERTS}/sha1-{THUMB}")
    accept(mock, "DELETE", target)
    op = await session.certificates.delete("mysvc", "sha1", THUMB)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert_mutation_headers(kwargs)
    assert not kwargs.get("data")
    assert op.request_id == RID


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"data": "not base64!", "certificate_format": "pfx"}, "data"),
        ({"data": b"", "certificate_format": "pfx"}, "data"),
        ({"data": 12, "certificate_format": "pfx"}, "data"),
        ({"data": "MIIC", "certificate_format": "pem"}, "certificate_format"),
        ({"data": "MIIC", "certificate_format": "pfx", "password": 5}, "password"),
    ],
)
async def test_add_refuses_bad_input_before_sending(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.certificates.add("mysvc", **arguments)  # type: ignore[arg-type]
    assert info.value.field == field
    assert total_requests(mock) == 0


@pytest.mark.parametrize(
    ("algorithm", "thumbprint", "field"),
    [("sha-1", THUMB, "thumbalgorithm"), ("sha1", "not-hex", "thumbprint"), ("", THUMB, "thumbalgorithm")],
)
async def test_thumbprint_and_algorithm_are_checked(
    session: ServiceManagementSession, mock: aioresponses, algorithm: str, thumbprint: str, field: str
) -> None:
    for call in (session.certificates.get, session.certificates.delete):
        with pytest.raises(InvalidInputError) as info:
            await call("mysvc", algorithm, thumbprint)
        assert info.value.field == field
    assert total_requests(mock) == 0


async def test_data_and_password_never_show(
    session: ServiceManagementSession, mock: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    body = CertificateFile(
        data="U0VDUkVUREFUQQ==", certificate_format=CertificateFormat.PFX, password="hunter2"
    )
    assert "hunter2" not in repr(body) and "U0VDUkVUREFUQQ" not in repr(body)
    assert "hunter2" not in body.model_dump_json() and "U0VDUkVUREFUQQ" not in body.model_dump_json()
    mock.post(url(CERTS), status=400, body=doc("Error", "<Code>BadRequest</Code><Message>no</Message>"))
    caplog.set_level(logging.DEBUG, logger="aiosm")
    with pytest.raises(BadRequestError) as info:
        await session.certificates.add("mysvc", "U0VDUkVUREFUQQ==", "pfx", "hunter2")
    assert "hunter2" not in str(info.value) and "U0VDUkVUREFUQQ" not in str(info.value)
    assert "hunter2" not in caplog.text and "U0VDUkVUREFUQQ" not in caplog.text


async def test_legacy_names(mock: aioresponses) -> None:
    accept(mock, "POST", url(CERTS))
    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        await sms.add_service_certificate("mysvc", "MIIC9jCC", "pfx", "pw")
    _, _, kwargs = only_request(mock)
    assert b"<Password>pw</Password>" in kwargs["data"]
