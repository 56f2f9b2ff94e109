"""The emulator reads a PFX's iteration counts before opening it: a file asking for hours of key
derivation is refused at once, real files (DER or Windows' BER) pass."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from certgen import make_cert, pfx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from aiosm.emulator import _pfx_limits
from aiosm.emulator._pfx_limits import PfxStructureError, check_iterations

RECORDED = (
    Path(__file__).parent / "data" / "recordings" / "test_legacy_mgmt_misc.test_add_service_certificate.json"
)


def _recorded_pfx() -> bytes:
    body = json.loads(RECORDED.read_text(encoding="utf-8"))["interactions"][2]["request"]["body"]
    match = re.search(r"<Data>([^<]+)</Data>", body)
    assert match
    return base64.b64decode(match.group(1))


def _mac_data(iterations: bytes) -> bytes:
    digest_info = b"\x30\x00"
    return (
        b"\x30"
        + bytes([len(digest_info) + 2 + 2 + len(iterations)])
        + digest_info
        + b"\x04\x00"
        + b"\x02"
        + bytes([len(iterations)])
        + iterations
    )


def _ber_pfx(iterations: bytes) -> bytes:
    """A BER (indefinite-length) PFX skeleton: version 3, an empty auth-safe, MacData."""
    return b"\x30\x80\x02\x01\x03\x30\x80\x00\x00" + _mac_data(iterations) + b"\x00\x00"


def test_real_files_pass() -> None:
    cert, key = make_cert("limits")
    assert check_iterations(_recorded_pfx())  # Windows-made, 3DES/RC2, 2000 iterations
    assert check_iterations(pfx(cert, key, b"pw"))
    assert check_iterations(pfx(cert, key))


def test_a_ber_file_is_read_and_its_counts_checked() -> None:
    assert check_iterations(_ber_pfx(b"\x08\x00"))
    with pytest.raises(PfxStructureError, match="iteration"):
        check_iterations(_ber_pfx(b"\x7f\xff\xff\xff"))
    with pytest.raises(PfxStructureError, match="iteration"):
        check_iterations(_ber_pfx(b"\x00"))


def test_counts_above_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = make_cert("many rounds")
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(5000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(b"pw")
    )
    data = pkcs12.serialize_key_and_certificates(b"x", key, cert, None, encryption)
    assert check_iterations(data)
    monkeypatch.setattr(_pfx_limits, "MAX_ITERATIONS", 4999)
    with pytest.raises(PfxStructureError, match="iteration"):
        check_iterations(data)


def test_other_data_is_not_a_pfx() -> None:
    cert, _ = make_cert("cer")
    assert not check_iterations(cert.public_bytes(serialization.Encoding.DER))  # a SEQUENCE, no version 3
    assert not check_iterations(b"not DER")
    assert not check_iterations(b"\x30\x05\x02\x01\x03")  # truncated
    assert not check_iterations(_recorded_pfx() + b"\x00")  # trailing bytes


def test_deep_or_huge_structures_are_refused() -> None:
    with pytest.raises(PfxStructureError):
        check_iterations(b"\x30\x80" * 10_000 + b"\x00\x00" * 10_000)
    flat = b"\x02\x01\x03" + b"\x05\x00" * 200_000
    with pytest.raises(PfxStructureError):
        check_iterations(b"\x30\x80" + flat + b"\x00\x00")
