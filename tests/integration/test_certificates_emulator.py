"""Service certificates against the emulator: thumbprints, duplicates, bad files, 404s, cleanup."""

from __future__ import annotations

import base64
import json
import re
import warnings
from pathlib import Path

import pytest
from certgen import cert_der, make_cert, pfx, thumbprint

from aiosm import ServiceManagementSession
from aiosm.emulator import Emulator, _pfx_limits
from aiosm.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError

SVC = "certsvc"
RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "recordings"


@pytest.fixture
async def svc(sms: ServiceManagementSession) -> str:
    await (await sms.hosted_services.create(SVC, "l", location="West US"))
    return SVC


async def test_pfx_thumbprint_is_the_certificate_inside(sms: ServiceManagementSession, svc: str) -> None:
    cert, key = make_cert("pfx-cert")
    await (await sms.certificates.add(svc, pfx(cert, key, b"s3cret"), "pfx", "s3cret"))
    (listed,) = await sms.certificates.list(svc)
    assert listed.thumbprint == thumbprint(cert)
    assert listed.thumbprint_algorithm == "sha1"
    assert listed.certificate_url.endswith(
        f"/services/hostedservices/{svc}/certificates/sha1-{thumbprint(cert)}"
    )
    assert base64.b64decode(listed.data) == cert_der(cert)  # the public part only
    got = await sms.certificates.get(svc, "sha1", thumbprint(cert).lower())
    assert base64.b64decode(got.data) == cert_der(cert)
    assert (got.thumbprint, got.certificate_url) == ("", "")  # Get answers the data alone


async def test_cer_thumbprint_is_the_der_sha1(emu: Emulator, svc: str) -> None:
    cert, _ = make_cert("cer-cert")
    data = base64.b64encode(cert_der(cert)).decode()
    async with emu.service() as legacy:  # the legacy names take base64 text
        await (await legacy.add_service_certificate(svc, data, "cer", ""))
        (listed,) = await legacy.list_service_certificates(svc)
    assert listed.thumbprint == thumbprint(cert)


async def test_a_pfx_without_password_is_accepted(sms: ServiceManagementSession, svc: str) -> None:
    cert, key = make_cert("nopass")
    await (await sms.certificates.add(svc, pfx(cert, key), "pfx"))
    assert [c.thumbprint for c in await sms.certificates.list(svc)] == [thumbprint(cert)]


async def test_duplicate_conflicts(sms: ServiceManagementSession, svc: str) -> None:
    cert, key = make_cert("dup")
    await (await sms.certificates.add(svc, cert_der(cert), "cer"))
    with pytest.raises(ConflictError) as info:
        await sms.certificates.add(svc, pfx(cert, key, b"pw"), "pfx", "pw")  # same certificate, as PFX
    assert info.value.status == 409 and thumbprint(cert) in info.value.message


async def test_wrong_pfx_password_is_refused(sms: ServiceManagementSession, svc: str) -> None:
    cert, key = make_cert("pw")
    with pytest.raises(BadRequestError) as info:
        await sms.certificates.add(svc, pfx(cert, key, b"right"), "pfx", "wrong")
    assert "password" in info.value.message
    assert "wrong" not in str(info.value) and "right" not in str(info.value)
    assert await sms.certificates.list(svc) == []


@pytest.mark.parametrize("fmt", ["pfx", "cer"])
async def test_malformed_data_is_refused(sms: ServiceManagementSession, svc: str, fmt: str) -> None:
    with pytest.raises(BadRequestError) as info:
        await sms.certificates.add(svc, b"not a certificate at all", fmt, "pw")
    assert info.value.code == "BadRequest" and "not valid" in info.value.message


async def test_data_that_is_not_base64_is_refused_before_sending(sms: ServiceManagementSession) -> None:
    with pytest.raises(InvalidInputError) as info:
        await sms.certificates.add(SVC, "not base64!", "cer")
    assert info.value.field == "data"


async def test_unknown_thumbprint_is_404(sms: ServiceManagementSession, svc: str) -> None:
    with pytest.raises(NotFoundError) as info:
        await sms.certificates.get(svc, "sha1", "AB" * 20)
    assert info.value.message == "The certificate was not found."
    with pytest.raises(NotFoundError):
        await sms.certificates.delete(svc, "sha1", "AB" * 20)


async def test_unknown_service_is_404(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError):
        await sms.certificates.list("nosuchsvc")
    cert, _ = make_cert("x")
    with pytest.raises(NotFoundError):
        await sms.certificates.add("nosuchsvc", cert_der(cert), "cer")


async def test_delete_then_get_is_404(sms: ServiceManagementSession, svc: str) -> None:
    cert, _ = make_cert("del")
    await (await sms.certificates.add(svc, cert_der(cert), "cer"))
    await (await sms.certificates.delete(svc, "sha1", thumbprint(cert)))
    with pytest.raises(NotFoundError):
        await sms.certificates.get(svc, "sha1", thumbprint(cert))
    assert await sms.certificates.list(svc) == []


async def test_deleting_the_service_removes_its_certificates(sms: ServiceManagementSession, svc: str) -> None:
    cert, _ = make_cert("gone")
    await (await sms.certificates.add(svc, cert_der(cert), "cer"))
    await (await sms.hosted_services.delete(svc))
    await (await sms.hosted_services.create(svc, "l", location="West US"))
    assert await sms.certificates.list(svc) == []


async def test_certificates_belong_to_their_service(sms: ServiceManagementSession, svc: str) -> None:
    await (await sms.hosted_services.create("othersvc", "l", location="West US"))
    cert, _ = make_cert("mine")
    await (await sms.certificates.add(svc, cert_der(cert), "cer"))
    assert await sms.certificates.list("othersvc") == []
    with pytest.raises(NotFoundError):
        await sms.certificates.get("othersvc", "sha1", thumbprint(cert))


async def test_the_recorded_pfx_gets_the_recorded_thumbprint(sms: ServiceManagementSession, svc: str) -> None:
    """The legacy tests' PFX (password "Python"): the emulator finds the thumbprint the service did."""
    recording = json.loads(
        (RECORDINGS / "test_legacy_mgmt_misc.test_add_service_certificate.json").read_text()
    )
    body = recording["interactions"][2]["request"]["body"]
    data = re.search(r"<Data>([^<]+)</Data>", body)
    assert data
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # its serial number is negative: the emulator must not warn
        await (await sms.certificates.add(svc, data.group(1), "pfx", "Python"))
    (cert,) = await sms.certificates.list(svc)
    assert cert.thumbprint == "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"
    recorded_public = re.search(r"<Data>([^<]+)</Data>", recording["interactions"][5]["response"]["body"])
    assert recorded_public and cert.data == recorded_public.group(1)


async def test_a_pfx_asking_for_too_many_iterations_is_refused(
    sms: ServiceManagementSession, svc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pfx_limits, "MAX_ITERATIONS", 100)  # real files use 2000 and more
    cert, key = make_cert("rounds")
    with pytest.raises(BadRequestError) as info:
        await sms.certificates.add(svc, pfx(cert, key, b"pw"), "pfx", "pw")
    assert "iteration" in info.value.message
    assert await sms.certificates.list(svc) == []


async def test_a_pending_upload_holds_the_cloud_service(
    emu: Emulator, sms: ServiceManagementSession, svc: str
) -> None:
    """Azure changes a cloud service one operation at a time: its deletion waits for the upload."""
    emu.set_progression("add_service_certificate", polls=2)
    cert, _ = make_cert("pending")
    op = await sms.certificates.add(svc, cert_der(cert), "cer")
    with pytest.raises(ConflictError) as info:
        await sms.hosted_services.delete(svc)
    assert op.request_id in info.value.message and "exclusive access" in info.value.message
    await op
    assert [c.thumbprint for c in await sms.certificates.list(svc)] == [thumbprint(cert)]
    await (await sms.hosted_services.delete(svc))
    with pytest.raises(NotFoundError):
        await sms.certificates.list(svc)
