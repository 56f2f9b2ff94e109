"""The original synchronous SDK's certificate calls against the emulator (see test_legacy_sdk.py):
a PFX on a cloud service, and a management certificate that then lets its holder in."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from azure.common import AzureHttpError, AzureMissingResourceHttpError
from azure.servicemanagement import ServiceManagementService
from certgen import cert_der, cert_pem, key_pem, make_cert, pfx, thumbprint
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .test_legacy_sdk import BackgroundEmulator, background, sms, wait  # noqa: F401  (fixtures)


def test_service_certificates(sms: Any) -> None:  # noqa: F811
    result = sms.create_hosted_service("legacycerts", "legacycerts", "d", "West US")
    wait(sms, result.request_id)
    cert, key = make_cert("legacy pfx")
    data = base64.b64encode(pfx(cert, key, b"Python")).decode("ascii")
    result = sms.add_service_certificate("legacycerts", data, "pfx", "Python")
    assert wait(sms, result.request_id).status == "Succeeded"
    (listed,) = sms.list_service_certificates("legacycerts")
    assert (listed.thumbprint, listed.thumbprint_algorithm) == (thumbprint(cert), "sha1")
    got = sms.get_service_certificate("legacycerts", "sha1", thumbprint(cert))
    assert base64.b64decode(got.data) == cert_der(cert)
    result = sms.delete_service_certificate("legacycerts", "sha1", thumbprint(cert))
    assert wait(sms, result.request_id).status == "Succeeded"
    with pytest.raises(AzureMissingResourceHttpError):
        sms.get_service_certificate("legacycerts", "sha1", thumbprint(cert))
    wait(sms, sms.delete_hosted_service("legacycerts").request_id)


def test_management_certificates(
    sms: Any,  # noqa: F811
    background: BackgroundEmulator,  # noqa: F811
    tmp_path: Path,
) -> None:
    emu = background.emulator
    cert, key = make_cert("legacy management")
    pem = tmp_path / "legacy.pem"
    pem.write_bytes(cert_pem(cert) + key_pem(key))
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public_key = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    assert (
        sms.add_management_certificate(
            base64.b64encode(public_key).decode(), thumbprint(cert), base64.b64encode(cert_der(cert)).decode()
        )
        is None
    )
    got = sms.get_management_certificate(thumbprint(cert))
    assert got.subscription_certificate_thumbprint == thumbprint(cert)
    assert thumbprint(cert) in [
        c.subscription_certificate_thumbprint for c in sms.list_management_certificates()
    ]

    newcomer = ServiceManagementService(
        emu.subscription_id, cert_file=str(pem), host=emu.endpoint.removeprefix("https://")
    )
    newcomer.request_session.verify = str(emu.ca_file)
    newcomer.request_session.trust_env = False
    assert list(newcomer.list_locations())  # the new certificate gets in

    assert sms.delete_management_certificate(thumbprint(cert)) is None
    with pytest.raises(AzureHttpError) as refused:
        newcomer.list_locations()
    assert refused.value.status_code == 403
