"""One TLS context per certificate file and modification time: later sessions reuse it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import certgen
import pytest

from aiosm import CertificatePasswordError, ServiceManagementSession, context_cache

SUB = "8f1a2b3c-0000-4d5e-9f00-123456789abc"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    context_cache.clear()
    yield
    context_cache.clear()


@pytest.fixture
def pem(tmp_path: Path) -> Path:
    key = certgen.make_key()
    path = tmp_path / "mgmt.pem"
    path.write_bytes(certgen.cert_pem(certgen.make_cert(key=key)[0]) + certgen.key_pem(key))
    return path


def _rewrite(pem: Path) -> None:
    key = certgen.make_key()
    pem.write_bytes(certgen.cert_pem(certgen.make_cert(key=key)[0]) + certgen.key_pem(key))
    stat = pem.stat()
    os.utime(pem, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def _context(certificate: Path, **options: object) -> object:
    session = ServiceManagementSession(SUB, str(certificate), **options)  # type: ignore[arg-type]
    try:
        return await session._build_ssl_context()
    finally:
        await session.close()


async def test_a_second_session_on_the_same_file_reuses_the_context(pem: Path) -> None:
    first = await _context(pem)
    assert await _context(pem) is first


async def test_a_changed_file_is_loaded_again(pem: Path) -> None:
    first = await _context(pem)
    _rewrite(pem)
    assert await _context(pem) is not first


async def test_other_options_get_their_own_context(pem: Path) -> None:
    first = await _context(pem)
    assert await _context(pem, verify=False) is not first


async def test_the_password_is_part_of_the_key_and_never_kept(tmp_path: Path) -> None:
    key = certgen.make_key()
    path = tmp_path / "enc.pem"
    path.write_bytes(certgen.cert_pem(certgen.make_cert(key=key)[0]) + certgen.key_pem(key, b"right-pass"))
    good = await _context(path, password="right-pass")
    with pytest.raises(CertificatePasswordError):
        await _context(path, password="wrong-pass")  # a cached context must not open for a wrong password
    assert await _context(path, password="right-pass") is good
    assert "right-pass" not in repr(context_cache._cache)
