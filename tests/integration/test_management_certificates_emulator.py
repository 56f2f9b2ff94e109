"""Management certificates against the emulator, over real mutual TLS on loopback: a certificate
added to the subscription gets in at once, a deleted one no longer does, and the emulator's own
certificate keeps working."""

from __future__ import annotations

import base64
import json
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from certgen import cert_der, cert_pem, key_pem, make_cert, thumbprint
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from aiosm import AuthenticationError, ServiceManagementSession, TransportError
from aiosm.emulator import Emulator, running
from aiosm.emulator.certs import thumbprint as der_thumbprint
from aiosm.errors import BadRequestError, ConflictError, NotFoundError

from .conftest import FAST_POLL, FAST_RETRY

OTHER_SUB = "11111111-2222-3333-4444-555555555555"
RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "recordings"
RECORDED = "test_legacy_mgmt_managementcertificate.test_get_management_certificate"
NS = "{http://schemas.microsoft.com/windowsazure}"


def _client_files(tmp_path: Path, cn: str, **options: object) -> tuple[x509.Certificate, Path]:
    cert, key = make_cert(cn, **options)  # type: ignore[arg-type]
    pem = tmp_path / f"{cn}.pem"
    pem.write_bytes(cert_pem(cert) + key_pem(key))
    return cert, pem


def _public_key(cert: x509.Certificate) -> bytes:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)


async def _locations(emu: Emulator, pem: Path, **options: object) -> int:
    async with emu.session(certificate=str(pem), retry=FAST_RETRY, **options) as session:
        return len(await session.locations.list())


async def test_an_added_certificate_gets_in_and_a_deleted_one_no_longer(
    emu: Emulator, sms: ServiceManagementSession, tmp_path: Path
) -> None:
    cert, pem = _client_files(tmp_path, "newcomer")
    with pytest.raises((TransportError, AuthenticationError)):
        await _locations(emu, pem)  # unknown: refused
    assert await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert)) is None
    assert await _locations(emu, pem) == 8
    async with emu.session(certificate=str(pem), retry=FAST_RETRY) as newcomer:
        await newcomer.locations.list()
        await sms.management_certificates.delete(thumbprint(cert))
        # The same (kept-alive) connection is refused from the next request on.
        with pytest.raises(AuthenticationError) as info:
            await newcomer.locations.list()
    assert (info.value.status, info.value.code) == (403, "ForbiddenError")
    with pytest.raises(AuthenticationError):
        await _locations(emu, pem)
    assert await sms.locations.list()  # the emulator's own certificate keeps working


async def test_a_certificate_issued_by_any_ca_can_be_added(
    emu: Emulator, sms: ServiceManagementSession, tmp_path: Path
) -> None:
    """As the service: no chain is checked, the certificate itself is what is registered."""
    ca = make_cert("someone's CA")
    cert, pem = _client_files(tmp_path, "issued", issuer=ca, ca=False)
    with pytest.raises((TransportError, AuthenticationError)):
        await _locations(emu, pem)
    await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert))
    assert await _locations(emu, pem) == 8
    # Its CA is not trusted for anything: another certificate it issued stays out.
    _, sibling = _client_files(tmp_path, "sibling", issuer=ca, ca=False)
    with pytest.raises((TransportError, AuthenticationError)):
        await _locations(emu, sibling)


async def test_a_certificate_opens_only_its_subscription(
    emu: Emulator, sms: ServiceManagementSession, tmp_path: Path
) -> None:
    cert, pem = _client_files(tmp_path, "one-sub")
    await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert))
    with pytest.raises(AuthenticationError):
        await _locations(emu, pem, subscription_id=OTHER_SUB)


async def test_list_and_get(emu: Emulator, sms: ServiceManagementSession, tmp_path: Path) -> None:
    own = der_thumbprint(emu.cer_file.read_bytes())
    (initial,) = await sms.management_certificates.list()
    assert initial.subscription_certificate_thumbprint == own
    assert initial.subscription_certificate_data and initial.subscription_certificate_public_key
    cert, _ = _client_files(tmp_path, "listed")
    async with emu.service() as legacy:  # the legacy names take base64 text
        await legacy.add_management_certificate(
            base64.b64encode(_public_key(cert)).decode(),
            thumbprint(cert).lower(),
            base64.b64encode(cert_der(cert)).decode(),
        )
        listed = await legacy.list_management_certificates()
        got = await legacy.get_management_certificate(thumbprint(cert))
    assert sorted(c.subscription_certificate_thumbprint for c in listed) == sorted([own, thumbprint(cert)])
    assert got.subscription_certificate_thumbprint == thumbprint(cert)
    assert base64.b64decode(got.subscription_certificate_data) == cert_der(cert)
    assert base64.b64decode(got.subscription_certificate_public_key) == _public_key(cert)
    assert got.created is not None and got.created.tzinfo is not None


async def test_own_certificate_cannot_be_deleted(emu: Emulator, sms: ServiceManagementSession) -> None:
    own = der_thumbprint(emu.cer_file.read_bytes())
    with pytest.raises(ConflictError):
        await sms.management_certificates.delete(own)
    assert (await sms.management_certificates.get(own)).subscription_certificate_thumbprint == own
    assert await sms.locations.list()


async def test_duplicate_conflicts(sms: ServiceManagementSession, tmp_path: Path) -> None:
    cert, _ = _client_files(tmp_path, "twice")
    await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert))
    with pytest.raises(ConflictError) as info:
        await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert))
    assert info.value.status == 409


async def test_thumbprint_must_be_the_certificates(sms: ServiceManagementSession, tmp_path: Path) -> None:
    cert, _ = _client_files(tmp_path, "mismatch")
    with pytest.raises(BadRequestError) as info:
        await sms.management_certificates.add(_public_key(cert), "AB" * 20, cert_der(cert))
    assert "thumbprint" in info.value.message
    assert len(await sms.management_certificates.list()) == 1


async def test_malformed_certificate_is_refused(sms: ServiceManagementSession) -> None:
    with pytest.raises(BadRequestError) as info:
        await sms.management_certificates.add(b"key", "AB" * 20, b"not a certificate")
    assert info.value.code == "BadRequest"


async def test_unknown_thumbprint_is_404(sms: ServiceManagementSession) -> None:
    with pytest.raises(NotFoundError) as info:
        await sms.management_certificates.get("AB" * 20)
    assert info.value.message == "The certificate was not found."
    with pytest.raises(NotFoundError):
        await sms.management_certificates.delete("AB" * 20)


async def test_an_added_certificate_survives_a_restart(tmp_path: Path) -> None:
    cert, pem = _client_files(tmp_path, "persistent")
    state, certs = tmp_path / "state", tmp_path / "certs"
    async with running(state_dir=state, cert_dir=certs) as emu:
        async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as sms:
            await sms.management_certificates.add(_public_key(cert), thumbprint(cert), cert_der(cert))
    async with running(state_dir=state, cert_dir=certs) as emu:
        assert await _locations(emu, pem) == 8
        async with emu.session(retry=FAST_RETRY) as sms:
            await sms.management_certificates.delete(thumbprint(cert))
    async with running(state_dir=state, cert_dir=certs) as emu:
        with pytest.raises((TransportError, AuthenticationError)):
            await _locations(emu, pem)


async def test_the_recorded_certificate(emu: Emulator, sms: ServiceManagementSession) -> None:
    """The legacy tests' certificate: uploaded as recorded it reads back as recorded, and the public
    key the emulator derives for a registered certificate is the one the service showed."""
    recording = json.loads((RECORDINGS / f"{RECORDED}.json").read_text(encoding="utf-8"))
    root = ET.fromstring(recording["interactions"][1]["response"]["body"].encode("utf-8"))
    key, thumb, data = (
        root.findtext(f"{NS}SubscriptionCertificate{n}") or "" for n in ("PublicKey", "Thumbprint", "Data")
    )
    await sms.management_certificates.add(key, thumb, data)
    got = await sms.management_certificates.get(thumb)
    assert (got.subscription_certificate_public_key, got.subscription_certificate_data) == (key, data)
    await sms.management_certificates.delete(thumb)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its serial number is negative: cryptography warns
        emu.register_certificate(OTHER_SUB, base64.b64decode(data))
    emu.register_certificate(OTHER_SUB, emu.cer_file)  # to call OTHER_SUB with the session below
    async with emu.session(subscription_id=OTHER_SUB) as other:
        listed = await other.management_certificates.list()
    (recorded,) = [c for c in listed if c.subscription_certificate_thumbprint == thumb]
    assert recorded.subscription_certificate_public_key == key
