"""Issue 11, item 12: one rule for a password given for an unencrypted file (PEM, DER key, PFX and
publishsettings alike: ignored, and logged), one form of ``Operation.id``, an obvious ``status`` on
``OperationFailedError``, and ``operations.resume()`` documented as synchronous."""

from __future__ import annotations

import logging
from pathlib import Path

import certgen
import pytest
from cryptography.hazmat.primitives import serialization

from aiosm import OperationFailedError, PollPolicy
from aiosm.credentials import load_certificate
from aiosm.models.operations import Operation, OperationStatus
from aiosm.operations import AsyncOperation, OperationsClient

RID = "0123456789abcdef0123456789abcdef"
RID_DASHED = "01234567-89ab-cdef-0123-456789abcdef"


@pytest.fixture(scope="module")
def pair() -> tuple[object, object]:
    return certgen.make_cert("item12")


def _assert_ignored_and_logged(caplog: pytest.LogCaptureFixture, thumbprint: str, loaded: str) -> None:
    assert loaded == thumbprint
    assert any("password= ignored" in r.getMessage() for r in caplog.records)


def test_password_for_an_unencrypted_pfx_is_ignored_like_for_a_clear_pem(
    tmp_path: Path, pair: tuple[object, object], caplog: pytest.LogCaptureFixture
) -> None:
    cert, key = pair
    path = tmp_path / "clear.pfx"
    path.write_bytes(certgen.pfx(cert, key, None))  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="aiosm"):
        loaded = load_certificate(path, password="not-needed")
    _assert_ignored_and_logged(caplog, certgen.thumbprint(cert), loaded.thumbprint)  # type: ignore[arg-type]


def test_password_for_a_clear_pem_is_ignored_and_logged(
    tmp_path: Path, pair: tuple[object, object], caplog: pytest.LogCaptureFixture
) -> None:
    cert, key = pair
    path = tmp_path / "clear.pem"
    path.write_bytes(certgen.cert_pem(cert) + certgen.key_pem(key))  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="aiosm"):
        loaded = load_certificate(path, password="not-needed")
    _assert_ignored_and_logged(caplog, certgen.thumbprint(cert), loaded.thumbprint)  # type: ignore[arg-type]


def test_password_for_a_clear_der_key_is_ignored_too(
    tmp_path: Path, pair: tuple[object, object], caplog: pytest.LogCaptureFixture
) -> None:
    cert, key = pair
    cer, der_key = tmp_path / "c.cer", tmp_path / "k.der"
    cer.write_bytes(certgen.cert_der(cert))  # type: ignore[arg-type]
    der_key.write_bytes(
        key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with caplog.at_level(logging.INFO, logger="aiosm"):
        loaded = load_certificate(cer, key_file=der_key, password="not-needed")
    _assert_ignored_and_logged(caplog, certgen.thumbprint(cert), loaded.thumbprint)  # type: ignore[arg-type]


def test_a_wrong_password_for_an_encrypted_pfx_still_fails(
    tmp_path: Path, pair: tuple[object, object]
) -> None:
    from aiosm import CertificatePasswordError

    cert, key = pair
    path = tmp_path / "locked.pfx"
    path.write_bytes(certgen.pfx(cert, key, b"right"))  # type: ignore[arg-type]
    with pytest.raises(CertificatePasswordError):
        load_certificate(path, password="wrong")


class _Client:
    poll = PollPolicy()

    def __init__(self, answer: Operation) -> None:
        self.answer = answer

    async def get(self, request_id: str) -> Operation:
        return self.answer


def test_a_completed_operation_has_the_dashed_id_like_a_polled_one() -> None:
    done = AsyncOperation(_Client(Operation(status=OperationStatus.SUCCEEDED)), RID, completed=True)  # type: ignore[arg-type]
    assert done.result is not None and done.result.id == RID_DASHED
    assert done.result.request_id == RID


async def test_a_polled_operation_id_is_dashed_whatever_form_the_service_sent() -> None:
    client = _Client(Operation(id=RID.upper(), status=OperationStatus.SUCCEEDED))
    operation = await AsyncOperation(client, RID).status()  # type: ignore[arg-type]
    assert operation.id == RID_DASHED


def test_operation_failed_error_status_is_the_http_status() -> None:
    error = OperationFailedError(RID, "Conflict", "taken", 409)
    assert error.status == 409 and error.http_status == 409
    assert OperationFailedError(RID, None, None).status is None


def test_resume_is_documented_as_synchronous() -> None:
    doc = OperationsClient.resume.__doc__ or ""
    assert "Synchronous" in doc and "await" in doc
