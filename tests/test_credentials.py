"""Tests of aiosm.credentials: every certificate form, every error, the SSL context."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import random
import shutil
import ssl
import stat
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import certgen
import pytest
from cryptography import x509

from aiosm import credentials
from aiosm.credentials import ManagementCertificate, build_ssl_context, load_certificate
from aiosm.errors import (
    CertificateError,
    CertificateExpiredError,
    CertificateFormatError,
    CertificateNotFoundError,
    CertificatePasswordError,
    InvalidInputError,
    UnsupportedCertificateStoreError,
)

PASSWORD = "s3cret-Pa55word!"
SUB_A = "1a2b3c4d-0000-4000-8000-00000000000a"
SUB_B = "1a2b3c4d-0000-4000-8000-00000000000b"


@pytest.fixture(scope="module")
def pair() -> tuple[x509.Certificate, certgen.Key]:
    return certgen.make_cert("AzureCertificate")


@pytest.fixture(scope="module")
def other() -> tuple[x509.Certificate, certgen.Key]:
    return certgen.make_cert("OtherCertificate")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_MANAGEMENT_CERTFILE", raising=False)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def assert_no_secrets(obj: object, *key_pems: bytes) -> None:
    """Neither the password nor any key text appears in str/repr (or the cause chain)."""
    seen: list[object] = [obj]
    if isinstance(obj, BaseException):
        cause = obj.__cause__ or obj.__context__
        while cause is not None:
            seen.append(cause)
            cause = cause.__cause__ or cause.__context__
    for item in seen:
        for text in (str(item), repr(item)):
            assert PASSWORD not in text
            assert "PRIVATE KEY" not in text
            for pem in key_pems:
                body = pem.decode().splitlines()[1]  # first base64 line of the key
                assert body not in text


# -- every form loads ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key_type", "traditional"),
    [("rsa", False), ("rsa", True), ("ec", False), ("ec", True)],
)
def test_combined_pem(tmp_path: Path, key_type: str, traditional: bool) -> None:
    cert, key = certgen.make_cert(key_type=key_type)
    # openssl req -keyout x -out x writes the key first, then the certificate.
    path = write(
        tmp_path / "mycert.pem",
        certgen.key_pem(key, traditional=traditional) + certgen.cert_pem(cert),
    )
    mc = load_certificate(path)
    assert mc.thumbprint == certgen.thumbprint(cert)
    assert mc.subject == "CN=aiosm-test"
    assert mc.source == f"PEM file {path}"
    assert mc.subscription_id is None and mc.endpoint is None and mc.chain == ()
    assert mc.not_valid_after == cert.not_valid_after_utc
    assert mc.not_valid_after.tzinfo is not None


def test_separate_pem_files(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    c = write(tmp_path / "cert.pem", certgen.cert_pem(cert))
    k = write(tmp_path / "key.pem", certgen.key_pem(key))
    mc = load_certificate(str(c), key_file=str(k))
    assert mc.thumbprint == certgen.thumbprint(cert)
    assert str(k) in mc.source


def test_der_cer_with_pem_key(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    c = write(tmp_path / "mycert.cer", certgen.cert_der(cert))
    k = write(tmp_path / "key.pem", certgen.key_pem(key))
    mc = load_certificate(c, key_file=k)
    assert mc.thumbprint == certgen.thumbprint(cert)
    assert mc.source.startswith("DER certificate")


@pytest.mark.parametrize("traditional", [False, True])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_encrypted_pem_key(tmp_path: Path, pair: Any, traditional: bool, as_bytes: bool) -> None:
    cert, key = pair
    c = write(tmp_path / "cert.pem", certgen.cert_pem(cert))
    k = write(
        tmp_path / "key.pem",
        certgen.key_pem(key, PASSWORD.encode(), traditional=traditional),
    )
    password = PASSWORD.encode() if as_bytes else PASSWORD
    mc = load_certificate(c, key_file=k, password=password)
    assert mc.thumbprint == certgen.thumbprint(cert)
    assert_no_secrets(mc)


def test_combined_pem_with_encrypted_key(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    path = write(
        tmp_path / "both.pem",
        certgen.cert_pem(cert) + certgen.key_pem(key, PASSWORD.encode()),
    )
    assert load_certificate(path, password=PASSWORD).thumbprint == certgen.thumbprint(cert)


def test_password_ignored_for_clear_key(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    path = write(tmp_path / "x.pem", certgen.cert_pem(cert) + certgen.key_pem(key))
    assert load_certificate(path, password=PASSWORD).thumbprint == certgen.thumbprint(cert)


def test_pem_with_chain_picks_leaf_by_key(tmp_path: Path) -> None:
    ca_cert, ca_key = certgen.make_cert("Test CA")
    leaf, key = certgen.make_cert("leaf", issuer=(ca_cert, ca_key), ca=False)
    path = write(
        tmp_path / "chain.pem",
        certgen.cert_pem(ca_cert) + certgen.cert_pem(leaf) + certgen.key_pem(key),
    )
    mc = load_certificate(path)
    assert mc.thumbprint == certgen.thumbprint(leaf)
    assert [certgen.thumbprint(c) for c in mc.chain] == [certgen.thumbprint(ca_cert)]


@pytest.mark.parametrize("password", [None, PASSWORD])
def test_pfx(tmp_path: Path, pair: Any, password: str | None) -> None:
    cert, key = pair
    data = certgen.pfx(cert, key, password.encode() if password else None)
    path = write(tmp_path / "mycert.pfx", data)
    mc = load_certificate(path, password=password)
    assert mc.thumbprint == certgen.thumbprint(cert)
    assert mc.source == f"PKCS#12 file {path}"


def test_pfx_with_chain_and_odd_extension(tmp_path: Path) -> None:
    ca_cert, ca_key = certgen.make_cert("Test CA")
    leaf, key = certgen.make_cert("leaf", issuer=(ca_cert, ca_key), ca=False)
    path = write(tmp_path / "credential.bin", certgen.pfx(leaf, key, cas=(ca_cert,)))
    mc = load_certificate(path)
    assert mc.thumbprint == certgen.thumbprint(leaf)
    assert [certgen.thumbprint(c) for c in mc.chain] == [certgen.thumbprint(ca_cert)]


def test_pem_detected_by_content(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    path = write(tmp_path / "cert.pfx", certgen.cert_pem(cert) + certgen.key_pem(key))
    assert load_certificate(path).thumbprint == certgen.thumbprint(cert)


def test_certificate_is_immutable(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    mc = load_certificate(write(tmp_path / "x.pem", certgen.cert_pem(cert) + certgen.key_pem(key)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        mc.source = "elsewhere"  # type: ignore[misc]


# -- publishsettings -----------------------------------------------------------


@pytest.fixture()
def settings_v2(tmp_path: Path, pair: Any, other: Any) -> Path:
    return write(
        tmp_path / "my.publishsettings",
        certgen.publishsettings_v2(
            [
                (
                    SUB_A,
                    "First",
                    "https://management.core.windows.net/",
                    certgen.pfx(*pair),
                ),
                (
                    SUB_B,
                    "Second",
                    "https://management.example.test",
                    certgen.pfx(*other),
                ),
            ]
        ),
    )


def test_publishsettings_first_subscription(settings_v2: Path, pair: Any) -> None:
    mc = load_certificate(settings_v2)
    assert mc.thumbprint == certgen.thumbprint(pair[0])
    assert mc.subscription_id == SUB_A
    assert mc.endpoint == "https://management.core.windows.net"
    assert str(settings_v2) in mc.source and SUB_A in mc.source


def test_publishsettings_by_id_case_insensitive(settings_v2: Path, other: Any) -> None:
    mc = load_certificate(settings_v2, subscription_id=SUB_B.upper())
    assert mc.thumbprint == certgen.thumbprint(other[0])
    assert mc.subscription_id == SUB_B
    assert mc.endpoint == "https://management.example.test"


def test_publishsettings_unknown_id(settings_v2: Path) -> None:
    with pytest.raises(InvalidInputError) as info:
        load_certificate(settings_v2, subscription_id="nope")
    assert info.value.field == "subscription_id"


def test_publishsettings_rejects_key_file(settings_v2: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as info:
        load_certificate(settings_v2, key_file=tmp_path / "k.pem")
    assert info.value.field == "key_file"


def test_publishsettings_schema_1(tmp_path: Path, pair: Any) -> None:
    path = write(
        tmp_path / "old.publishsettings",
        certgen.publishsettings_v1(
            certgen.pfx(*pair),
            "https://management.core.windows.net/",
            [(SUB_A, "First"), (SUB_B, "Second")],
        ),
    )
    mc = load_certificate(path, subscription_id=SUB_B)
    assert mc.thumbprint == certgen.thumbprint(pair[0])
    assert mc.subscription_id == SUB_B
    assert mc.endpoint == "https://management.core.windows.net"


def test_publishsettings_falls_back_to_profile_certificate(tmp_path: Path, pair: Any, other: Any) -> None:
    import base64

    profile = base64.b64encode(certgen.pfx(*pair)).decode()
    own = base64.b64encode(certgen.pfx(*other)).decode()
    xml = (
        f'<PublishData><PublishProfile SchemaVersion="2.0" ManagementCertificate="{profile}">'
        f'<Subscription Id="{SUB_A}" Name="a" ServiceManagementUrl="https://m.test/" />'
        f'<Subscription Id="{SUB_B}" Name="b" ManagementCertificate="{own}" />'
        "</PublishProfile></PublishData>"
    )
    path = write(tmp_path / "mixed.publishsettings", xml.encode())
    assert load_certificate(path).thumbprint == certgen.thumbprint(pair[0])
    second = load_certificate(path, subscription_id=SUB_B)
    assert second.thumbprint == certgen.thumbprint(other[0])
    assert second.endpoint is None


@pytest.mark.parametrize(
    "xml",
    [
        '<!DOCTYPE PublishData [<!ENTITY x "boom">]><PublishData>&x;</PublishData>',
        '<!DOCTYPE PublishData SYSTEM "http://example.test/x.dtd"><PublishData/>',
        "<PublishData><PublishProfile></PublishData>",
        "<Other/>",
        "<PublishData><PublishProfile/></PublishData>",
        '<PublishData><PublishProfile><Subscription Id="x"/></PublishProfile></PublishData>',
        '<PublishData><PublishProfile><Subscription Id="x" ManagementCertificate="***"/>'
        "</PublishProfile></PublishData>",
        '<PublishData><PublishProfile><Subscription Id="x" ManagementCertificate="QUJD"/>'
        "</PublishProfile></PublishData>",
    ],
    ids=[
        "entity",
        "doctype",
        "malformed",
        "wrong-root",
        "no-sub",
        "no-cert",
        "bad-b64",
        "bad-pfx",
    ],
)
def test_publishsettings_bad(tmp_path: Path, xml: str) -> None:
    path = write(tmp_path / "bad.publishsettings", xml.encode())
    with pytest.raises(CertificateFormatError):
        load_certificate(path)


# -- where the path comes from -------------------------------------------------


def test_env_var_default(tmp_path: Path, pair: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = pair
    path = write(tmp_path / "env.pem", certgen.cert_pem(cert) + certgen.key_pem(key))
    monkeypatch.setenv("AZURE_MANAGEMENT_CERTFILE", str(path))
    assert load_certificate().thumbprint == certgen.thumbprint(cert)


def test_no_certificate_and_no_env_var() -> None:
    with pytest.raises(InvalidInputError) as info:
        load_certificate()
    assert info.value.field == "certificate"
    assert "AZURE_MANAGEMENT_CERTFILE" in str(info.value)


@pytest.mark.parametrize("path", ["CURRENT_USER\\my\\AzureCertificate", "local_machine\\My\\x"])
def test_windows_store_path(path: str) -> None:
    with pytest.raises(UnsupportedCertificateStoreError) as info:
        load_certificate(path)
    text = str(info.value)
    for word in ("PEM", ".pfx", ".publishsettings", "openssl req -x509"):
        assert word in text


# -- errors --------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.pem"
    with pytest.raises(CertificateNotFoundError) as info:
        load_certificate(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, FileNotFoundError)


def test_missing_key_file(tmp_path: Path, pair: Any) -> None:
    c = write(tmp_path / "c.pem", certgen.cert_pem(pair[0]))
    with pytest.raises(CertificateNotFoundError) as info:
        load_certificate(c, key_file=tmp_path / "missing-key.pem")
    assert "missing-key.pem" in str(info.value)


def test_directory_is_not_readable(tmp_path: Path) -> None:
    with pytest.raises(CertificateNotFoundError):
        load_certificate(tmp_path)


def _encrypted_key_files(tmp_path: Path, pair: Any) -> tuple[Path, Path, bytes]:
    cert, key = pair
    key_text = certgen.key_pem(key, PASSWORD.encode())
    c = write(tmp_path / "c.pem", certgen.cert_pem(cert))
    k = write(tmp_path / "k.pem", key_text)
    return c, k, key_text


def test_wrong_password_pem(tmp_path: Path, pair: Any) -> None:
    c, k, key_text = _encrypted_key_files(tmp_path, pair)
    with pytest.raises(CertificatePasswordError) as info:
        load_certificate(c, key_file=k, password="wrong")
    assert_no_secrets(info.value, key_text, certgen.key_pem(pair[1]))


def test_missing_password_pem(tmp_path: Path, pair: Any) -> None:
    c, k, key_text = _encrypted_key_files(tmp_path, pair)
    with pytest.raises(CertificatePasswordError) as info:
        load_certificate(c, key_file=k)
    assert "password" in str(info.value)
    assert_no_secrets(info.value, key_text)


def test_wrong_password_pfx(tmp_path: Path, pair: Any) -> None:
    path = write(tmp_path / "p.pfx", certgen.pfx(pair[0], pair[1], PASSWORD.encode()))
    with pytest.raises(CertificatePasswordError) as info:
        load_certificate(path, password="wrong")
    assert_no_secrets(info.value, certgen.key_pem(pair[1]))


def test_missing_password_pfx(tmp_path: Path, pair: Any) -> None:
    path = write(tmp_path / "p.pfx", certgen.pfx(pair[0], pair[1], PASSWORD.encode()))
    with pytest.raises(CertificatePasswordError) as info:
        load_certificate(path)
    assert "password" in str(info.value)


def test_pfx_without_key(tmp_path: Path, pair: Any) -> None:
    path = write(tmp_path / "nokey.pfx", certgen.pfx(pair[0], None))
    with pytest.raises(CertificateFormatError):
        load_certificate(path)


@pytest.mark.parametrize("der", [False, True])
def test_certificate_without_key(tmp_path: Path, pair: Any, der: bool) -> None:
    data = certgen.cert_der(pair[0]) if der else certgen.cert_pem(pair[0])
    path = write(tmp_path / "only.cer", data)
    with pytest.raises(CertificateFormatError) as info:
        load_certificate(path)
    assert "key_file" in str(info.value)


def test_key_file_without_certificate(tmp_path: Path, pair: Any) -> None:
    key_text = certgen.key_pem(pair[1])
    path = write(tmp_path / "key.pem", key_text)
    with pytest.raises(CertificateFormatError) as info:
        load_certificate(path)
    assert_no_secrets(info.value, key_text)


@pytest.mark.parametrize("separate", [False, True])
def test_mismatched_key(tmp_path: Path, pair: Any, other: Any, separate: bool) -> None:
    wrong_key = certgen.key_pem(other[1])
    with pytest.raises(CertificateFormatError) as info:
        if separate:
            c = write(tmp_path / "c.pem", certgen.cert_pem(pair[0]))
            load_certificate(c, key_file=write(tmp_path / "k.pem", wrong_key))
        else:
            load_certificate(write(tmp_path / "x.pem", certgen.cert_pem(pair[0]) + wrong_key))
    assert "does not belong" in str(info.value)
    assert_no_secrets(info.value, wrong_key)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is not a certificate\n",
        b"\x30\x03\x02\x01\x05",
        b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        random.Random(0).randbytes(600),
    ],
    ids=["empty", "text", "der-junk", "pem-junk", "random"],
)
def test_garbage(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "garbage.pem", data)
    with pytest.raises(CertificateFormatError):
        load_certificate(path)


def test_garbage_key_block(tmp_path: Path, pair: Any) -> None:
    junk = b"-----BEGIN PRIVATE KEY-----\nQUJDREVG\n-----END PRIVATE KEY-----\n"
    path = write(tmp_path / "x.pem", certgen.cert_pem(pair[0]) + junk)
    with pytest.raises(CertificateFormatError):
        load_certificate(path)


def test_expired(tmp_path: Path) -> None:
    end = datetime(2020, 1, 31, 12, 0, tzinfo=timezone.utc)
    cert, key = certgen.make_cert(not_before=end - timedelta(days=365), not_after=end)
    path = write(tmp_path / "old.pem", certgen.cert_pem(cert) + certgen.key_pem(key))
    with pytest.raises(CertificateExpiredError) as info:
        load_certificate(path)
    assert "2020-01-31" in str(info.value)
    # The same certificate was fine while valid.
    assert load_certificate(path, now=end - timedelta(days=1)).not_valid_after == end


def test_not_yet_valid(tmp_path: Path) -> None:
    start = datetime.now(timezone.utc) + timedelta(days=10)
    cert, key = certgen.make_cert(not_before=start, days=30)
    path = write(tmp_path / "new.pem", certgen.cert_pem(cert) + certgen.key_pem(key))
    with pytest.raises(CertificateExpiredError) as info:
        load_certificate(path)
    assert "not valid before" in str(info.value)
    naive_later = (start + timedelta(days=1)).replace(tzinfo=None)
    assert load_certificate(path, now=naive_later).thumbprint == certgen.thumbprint(cert)


def test_all_errors_are_certificate_or_input_errors() -> None:
    for cls in (
        CertificateNotFoundError,
        CertificatePasswordError,
        CertificateFormatError,
        CertificateExpiredError,
        UnsupportedCertificateStoreError,
    ):
        assert issubclass(cls, CertificateError)


def test_repr_has_no_key_material(tmp_path: Path, pair: Any) -> None:
    cert, key = pair
    path = write(tmp_path / "x.pem", certgen.cert_pem(cert) + certgen.key_pem(key, PASSWORD.encode()))
    mc = load_certificate(path, password=PASSWORD)
    text = repr(mc)
    assert text.startswith("ManagementCertificate(subject='CN=AzureCertificate'")
    assert certgen.thumbprint(cert) in text and "not_valid_after=" in text
    assert "source=" in text and str(path) in text
    assert str(mc) == text
    for pem in (certgen.key_pem(key), certgen.key_pem(key, traditional=True)):
        assert_no_secrets(mc, pem)
    numbers = key.private_numbers()
    assert str(numbers.d) not in text and format(numbers.d, "x") not in text.lower()


# -- the SSL context -----------------------------------------------------------


@pytest.fixture()
def mc(tmp_path: Path, pair: Any) -> ManagementCertificate:
    cert, key = pair
    return load_certificate(write(tmp_path / "mc.pem", certgen.cert_pem(cert) + certgen.key_pem(key)))


@pytest.fixture()
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tempfile at an empty directory so leftovers can be counted."""
    import tempfile

    root = tmp_path / "tmproot"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_context_defaults(mc: ManagementCertificate, private_tmp: Path) -> None:
    ctx = build_ssl_context(mc)
    assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname is True
    assert list(private_tmp.iterdir()) == []


def test_context_without_verification(mc: ManagementCertificate) -> None:
    ctx = build_ssl_context(mc, verify=False)
    assert ctx.verify_mode == ssl.CERT_NONE
    assert ctx.check_hostname is False
    assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_context_without_client_cert(private_tmp: Path) -> None:
    ctx = build_ssl_context(None)
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert list(private_tmp.iterdir()) == []


def test_context_ca_file_adds_to_defaults(tmp_path: Path, pair: Any) -> None:
    ca = write(tmp_path / "ca.pem", certgen.cert_pem(pair[0]))
    baseline = len(build_ssl_context(None).get_ca_certs())
    ctx = build_ssl_context(None, ca_file=ca)
    thumbs = {hashlib.sha1(der).hexdigest().upper() for der in ctx.get_ca_certs(binary_form=True)}
    assert certgen.thumbprint(pair[0]) in thumbs
    assert len(ctx.get_ca_certs()) >= baseline


def test_context_ca_file_errors(tmp_path: Path) -> None:
    with pytest.raises(CertificateNotFoundError):
        build_ssl_context(None, ca_file=tmp_path / "missing-ca.pem")
    bad = write(tmp_path / "bad-ca.pem", b"not a certificate")
    with pytest.raises(CertificateFormatError):
        build_ssl_context(None, ca_file=bad)


def test_private_chain_file_is_encrypted_private_and_removed(
    mc: ManagementCertificate, private_tmp: Path
) -> None:
    with credentials._private_chain_file(mc) as (path, password):
        file = Path(path)
        text = file.read_text()
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
        assert file.parent.parent == private_tmp
        assert "BEGIN ENCRYPTED PRIVATE KEY" in text
        assert "BEGIN PRIVATE KEY" not in text
        assert "BEGIN RSA PRIVATE KEY" not in text
        assert text.index("BEGIN CERTIFICATE") < text.index("ENCRYPTED PRIVATE KEY")
        assert len(password) >= 32 and b"\x00" not in password
    assert not file.exists()
    assert list(private_tmp.iterdir()) == []


def test_build_context_uses_encrypted_file(
    mc: ManagementCertificate, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = credentials._private_chain_file
    seen: list[str] = []
    passwords: list[bytes] = []

    from contextlib import contextmanager

    @contextmanager
    def spy(cert: ManagementCertificate) -> Iterator[tuple[str, bytes]]:
        with original(cert) as (path, password):
            seen.append(Path(path).read_text())
            passwords.append(password)
            yield path, password

    monkeypatch.setattr(credentials, "_private_chain_file", spy)
    build_ssl_context(mc)
    build_ssl_context(mc)
    assert len(seen) == 2
    assert all("ENCRYPTED PRIVATE KEY" in text for text in seen)
    assert all("BEGIN PRIVATE KEY" not in text for text in seen)
    assert passwords[0] != passwords[1]  # one-time password
    assert list(private_tmp.iterdir()) == []


def test_temp_dir_removed_when_openssl_refuses(tmp_path: Path, private_tmp: Path) -> None:
    if ssl.create_default_context().security_level < 2:
        pytest.skip("this OpenSSL accepts 1024-bit RSA keys")
    cert, key = certgen.make_cert(bits=1024)
    weak = load_certificate(write(tmp_path / "weak.pem", certgen.cert_pem(cert) + certgen.key_pem(key)))
    with pytest.raises(CertificateFormatError) as info:
        build_ssl_context(weak)
    assert "2048" in str(info.value)
    assert_no_secrets(info.value, certgen.key_pem(key))
    assert list(private_tmp.iterdir()) == []


# -- a real mutual-TLS handshake -----------------------------------------------


class _Server:
    """A TLS server on 127.0.0.1 that demands a client certificate."""

    def __init__(self, tmp_path: Path, client_ca: x509.Certificate) -> None:
        ca_cert, ca_key = certgen.make_cert("aiosm test server CA")
        server, server_key = certgen.make_cert(
            "localhost", issuer=(ca_cert, ca_key), ca=False, hosts=("localhost", "127.0.0.1")
        )
        chain = write(tmp_path / "server.pem", certgen.cert_pem(server) + certgen.key_pem(server_key))
        self.ca_file = write(tmp_path / "server-ca.pem", certgen.cert_pem(ca_cert))
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(chain)
        self.ctx.verify_mode = ssl.CERT_REQUIRED
        self.ctx.load_verify_locations(cadata=certgen.cert_pem(client_ca).decode())
        self.seen: list[str] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        thumb = hashlib.sha1(der).hexdigest().upper()
        self.seen.append(thumb)
        await reader.readline()
        writer.write(thumb.encode() + b"\n")
        await writer.drain()
        writer.close()

    async def __aenter__(self) -> _Server:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0, ssl=self.ctx)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        await self.server.wait_closed()


@pytest.mark.asyncio
async def test_mutual_tls_handshake(tmp_path: Path, mc: ManagementCertificate) -> None:
    async with _Server(tmp_path, mc.certificate) as server:
        ctx = build_ssl_context(mc, ca_file=server.ca_file)
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", server.port, ssl=ctx, server_hostname="localhost"
        )
        writer.write(b"hello\n")
        answer = await asyncio.wait_for(reader.readline(), 10)
        writer.close()
    assert answer.decode().strip() == mc.thumbprint
    assert server.seen == [mc.thumbprint]


@pytest.mark.asyncio
async def test_server_refuses_client_without_certificate(tmp_path: Path, mc: ManagementCertificate) -> None:
    async with _Server(tmp_path, mc.certificate) as server:
        ctx = build_ssl_context(None, ca_file=server.ca_file)
        answer = b""
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", server.port, ssl=ctx, server_hostname="localhost"
            )
            writer.write(b"hello\n")
            answer = await asyncio.wait_for(reader.readline(), 10)
            writer.close()
        except (ssl.SSLError, ConnectionError, asyncio.IncompleteReadError):
            pass
    assert answer == b""
    assert server.seen == []


# -- files made by the real openssl CLI (the seed's instructions) ---------------


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not available")
def test_openssl_cli_files(tmp_path: Path) -> None:
    pem = tmp_path / "mycert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-nodes",
            "-days",
            "365",
            "-newkey",
            "rsa:2048",
            "-keyout",
            pem,
            "-out",
            pem,
            "-subj",
            "/CN=AzureCertificate",
        ],
        check=True,
        capture_output=True,
    )
    mc = load_certificate(pem)
    cer = tmp_path / "mycert.cer"
    subprocess.run(
        ["openssl", "x509", "-inform", "pem", "-in", pem, "-outform", "der", "-out", cer],
        check=True,
        capture_output=True,
    )
    assert load_certificate(cer, key_file=pem).thumbprint == mc.thumbprint
    # An empty-password PFX, as Azure embeds in publishsettings files.
    pfx = tmp_path / "mycert.pfx"
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-in", pem, "-out", pfx, "-passout", "pass:"],
        check=True,
        capture_output=True,
    )
    assert load_certificate(pfx).thumbprint == mc.thumbprint
    settings = write(
        tmp_path / "cli.publishsettings",
        certgen.publishsettings_v2([(SUB_A, "cli", "https://management.core.windows.net", pfx.read_bytes())]),
    )
    assert load_certificate(settings).thumbprint == mc.thumbprint
    build_ssl_context(mc)


def test_ca_file_path_may_start_with_a_tilde(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    ca, _ = certgen.make_cert("Tilde CA")
    (tmp_path / "ca.pem").write_bytes(certgen.cert_pem(ca))
    ctx = build_ssl_context(None, ca_file="~/ca.pem")
    subjects = [str(c.get("subject")) for c in ctx.get_ca_certs()]
    assert any("Tilde CA" in s for s in subjects)
