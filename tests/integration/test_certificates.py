"""Mutual TLS: who gets in, and the ASM 403 for everyone else."""

from __future__ import annotations

import ssl

import aiohttp
import pytest

from aiosm import AuthenticationError, TransportError
from aiosm.credentials import build_ssl_context, load_certificate
from aiosm.emulator import Emulator
from aiosm.emulator.certs import CertificateBundle, client_certificate_pem

from .conftest import FAST_POLL, FAST_RETRY


async def test_every_credential_form_is_accepted(emu: Emulator) -> None:
    for certificate in (emu.certificate_file, emu.pfx_file, emu.publishsettings_file):
        async with emu.session(certificate=str(certificate), retry=FAST_RETRY) as sms:
            assert len(await sms.locations.list()) == 8
    # The publishsettings file alone names the subscription and the endpoint.
    from aiosm import ServiceManagementSession

    async with ServiceManagementSession(None, str(emu.publishsettings_file), ca_file=emu.ca_file) as sms:
        assert sms.subscription_id == emu.subscription_id
        assert sms.endpoint == emu.endpoint
        assert len(await sms.locations.list()) == 8


async def test_no_client_certificate_gets_forbidden(emu: Emulator) -> None:
    ctx = build_ssl_context(None, ca_file=emu.ca_file)
    async with emu.session(certificate=ctx, retry=FAST_RETRY) as sms:
        with pytest.raises(AuthenticationError) as info:
            await sms.locations.list()
    assert info.value.status == 403
    assert info.value.code == "ForbiddenError"
    assert "failed to authenticate the request" in info.value.message


async def test_unregistered_certificate_gets_forbidden(emu: Emulator, tmp_path: object) -> None:
    bundle = CertificateBundle(emu.ca_file.parent, emu.subscription_id)
    pem = tmp_path / "other.pem"  # type: ignore[operator]
    pem.write_bytes(client_certificate_pem(bundle, "someone else"))
    async with emu.session(certificate=str(pem), retry=FAST_RETRY) as sms:
        with pytest.raises(AuthenticationError) as info:
            await sms.hosted_services.list()
    assert info.value.code == "ForbiddenError"


async def test_certificate_of_another_subscription_gets_forbidden(emu: Emulator, tmp_path: object) -> None:
    bundle = CertificateBundle(emu.ca_file.parent, emu.subscription_id)
    pem = tmp_path / "other.pem"  # type: ignore[operator]
    pem.write_bytes(client_certificate_pem(bundle, "other subscription"))
    other = "11111111-2222-3333-4444-555555555555"
    emu.register_certificate(other, pem.read_bytes())
    async with emu.session(certificate=str(pem), retry=FAST_RETRY) as sms:
        with pytest.raises(AuthenticationError):
            await sms.hosted_services.list()
    async with emu.session(
        certificate=str(pem), subscription_id=other, retry=FAST_RETRY, poll=FAST_POLL
    ) as sms:
        await (await sms.hosted_services.create("mine", "mine", location="West US"))
        assert [s.service_name for s in await sms.hosted_services.list()] == ["mine"]
    # The default subscription does not see the other subscription's services.
    async with emu.session(retry=FAST_RETRY) as sms:
        assert await sms.hosted_services.list() == []


async def test_registered_self_signed_certificate(emu: Emulator, tmp_path: object) -> None:
    from certgen import cert_pem, key_pem, make_cert

    cert, key = make_cert("self-signed user")
    pem = tmp_path / "self.pem"  # type: ignore[operator]
    pem.write_bytes(cert_pem(cert) + key_pem(key))
    # Not trusted at all yet: the TLS handshake itself fails.
    async with emu.session(certificate=str(pem), retry=FAST_RETRY) as sms:
        with pytest.raises((TransportError, AuthenticationError)):
            await sms.locations.list()
    emu.register_certificate(emu.subscription_id, cert)
    async with emu.session(certificate=str(pem), retry=FAST_RETRY) as sms:
        assert len(await sms.locations.list()) == 8


async def test_control_routes_need_a_registered_certificate(emu: Emulator) -> None:
    url = f"{emu.endpoint}/_emulator/reset"
    anonymous = build_ssl_context(None, ca_file=emu.ca_file)
    trusted = build_ssl_context(load_certificate(str(emu.certificate_file)), ca_file=emu.ca_file)
    async with aiohttp.ClientSession() as client:
        async with client.post(url, ssl=anonymous) as resp:
            assert resp.status == 403
        async with client.post(
            url, ssl=trusted, headers={"x-aiosm-emulator-token": emu.control_token}
        ) as resp:
            assert resp.status == 200


async def test_server_certificate_is_for_loopback(emu: Emulator) -> None:
    ctx = ssl.create_default_context(cafile=str(emu.ca_file))
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{emu.endpoint}/{emu.subscription_id}/locations", ssl=ctx) as resp:
            assert resp.status == 403


async def test_the_emulator_certificates_pass_strict_x509_verification(emu: Emulator) -> None:
    """Python 3.13's default contexts set VERIFY_X509_STRICT; the emulator's chain must pass it."""
    ctx = build_ssl_context(load_certificate(emu.certificate_file), ca_file=emu.ca_file)
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT
    async with emu.session(certificate=ctx, retry=FAST_RETRY) as sms:
        assert len(await sms.locations.list()) == 8
