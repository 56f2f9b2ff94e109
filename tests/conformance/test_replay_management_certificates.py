"""Management certificates: add, get, delete (every interaction of both recordings)."""

from __future__ import annotations

import base64
import ssl
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses

from aiosm import RetryPolicy
from aiosm.compat import ServiceManagementService
from aiosm.errors import NotFoundError
from aiosm.models.management_certificates import SubscriptionCertificate

from .flows import NS
from .replay import SUBSCRIPTION, Recording, Replayer, load, replaying

P = "test_legacy_mgmt_managementcertificate."
THUMB = "BEA4B74BD6B915E9DD6A01FB1B8C3C1740F517F2"


def _uploaded(rec: Recording) -> tuple[str, str, str]:
    """(public key, thumbprint, data) of the recorded SubscriptionCertificate."""
    body = rec[0].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    assert root.tag == f"{NS}SubscriptionCertificate"
    key, thumb, data = (
        root.findtext(f"{NS}SubscriptionCertificate{name}") or ""
        for name in ("PublicKey", "Thumbprint", "Data")
    )
    return key, thumb, data


def _check_against_xml(cert: SubscriptionCertificate, body: str) -> None:
    root = ET.fromstring(body.encode("utf-8"))
    for field in ("public_key", "thumbprint", "data"):
        element = "SubscriptionCertificate" + "".join(p.capitalize() for p in field.split("_"))
        assert getattr(cert, f"subscription_certificate_{field}") == root.findtext(f"{NS}{element}"), element
    created = root.findtext(f"{NS}Created")
    assert created == "2015-06-30T23:59:26.6907685Z"
    assert cert.created == datetime(2015, 6, 30, 23, 59, 26, 690768, tzinfo=timezone.utc)


async def test_get_management_certificate() -> None:
    async with replaying(P + "test_get_management_certificate") as (rec, replayer, session):
        public_key, thumb, data = _uploaded(rec)
        assert thumb == THUMB
        replayer.serve(0)
        assert await session.management_certificates.add(public_key, thumb, data) is None
        replayer.serve(1)
        cert = await session.management_certificates.get(thumb)
    _check_against_xml(cert, rec[1].response_body)
    assert cert.subscription_certificate_public_key == public_key
    assert cert.subscription_certificate_data == data
    assert cert.subscription_certificate_thumbprint == THUMB


async def test_add_management_certificate_with_bytes_sends_the_same_body() -> None:
    """DER bytes are base64-encoded by aiosm: the request is the recorded one."""
    async with replaying(P + "test_get_management_certificate") as (rec, replayer, session):
        public_key, thumb, data = _uploaded(rec)
        replayer.serve(0)
        await session.management_certificates.add(base64.b64decode(public_key), thumb, base64.b64decode(data))
        replayer.serve(1)
        await session.management_certificates.get(thumb)


async def test_delete_management_certificate() -> None:
    rec = load(P + "test_delete_management_certificate")
    public_key, thumb, data = _uploaded(rec)
    with aioresponses() as mock:
        replayer = Replayer(rec, mock)
        async with ServiceManagementService(
            SUBSCRIPTION, ssl.create_default_context(), retry=RetryPolicy.none()
        ) as sms:
            replayer.serve(0)
            assert await sms.add_management_certificate(public_key, thumb, data) is None
            replayer.serve(1)
            assert await sms.delete_management_certificate(thumb) is None
            replayer.serve(2)
            with pytest.raises(NotFoundError) as caught:
                await sms.get_management_certificate(thumb)
        replayer.verify()
    error = caught.value
    assert (error.status, error.code, error.message) == (
        404,
        "ResourceNotFound",
        "The certificate was not found.",
    )
    assert error.request_id == rec[2].request_id
