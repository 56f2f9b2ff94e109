"""One TLS context per certificate file: a second session on the same certificate opens at once.

Loading a certificate (parsing and checking the key) and building its ``ssl.SSLContext``
(loading the system trust store) cost tens of milliseconds. Sessions of one process that
use the same files get the same context: the key is keyed by each file's path, size and
modification time (a changed file is loaded again), the CA file, ``verify``, the
subscription id and a salted digest of the password. Nothing is written to disk; the
password itself is never kept.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from .credentials import build_ssl_context, load_certificate

__all__ = ["CachedContext", "cached_context", "clear"]

_SALT = secrets.token_bytes(16)
_LIMIT = 32
_lock = threading.Lock()
_cache: dict[tuple[object, ...], CachedContext] = {}


@dataclass(frozen=True)
class CachedContext:
    """A built context and what the certificate file said about the subscription."""

    context: ssl.SSLContext
    subscription_id: str | None
    endpoint: str | None
    not_before: datetime
    not_after: datetime


def _stamp(path: str | os.PathLike[str] | None) -> tuple[object, ...]:
    if path is None:
        return (None,)
    full = os.path.abspath(os.path.expanduser(os.fspath(path)))
    try:
        info = os.stat(full)
    except OSError:
        return (full, None)  # let the loader raise its own error
    return (full, info.st_size, info.st_mtime_ns)


def cached_context(
    certificate: str | os.PathLike[str],
    *,
    key_file: str | os.PathLike[str] | None,
    password: str | bytes | None,
    ca_file: str | os.PathLike[str] | None,
    verify: bool,
    subscription_id: str | None,
) -> CachedContext:
    """The context for these files, built once per process (blocking: call it off the loop)."""
    secret = password.encode("utf-8") if isinstance(password, str) else password
    digest = hashlib.blake2b(secret or b"", key=_SALT, digest_size=16).digest() if secret else None
    key = (
        _stamp(certificate),
        _stamp(key_file),
        digest,
        _stamp(ca_file),
        verify,
        (subscription_id or "").lower(),
    )
    now = datetime.now(timezone.utc)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit.not_before <= now <= hit.not_after:
        return hit
    cert = load_certificate(
        certificate, key_file=key_file, password=password, subscription_id=subscription_id
    )
    context = build_ssl_context(cert, ca_file=ca_file, verify=verify)
    entry = CachedContext(
        context,
        cert.subscription_id,
        cert.endpoint,
        cert.certificate.not_valid_before_utc,
        cert.certificate.not_valid_after_utc,
    )
    with _lock:
        if len(_cache) >= _LIMIT:
            _cache.clear()
        _cache[key] = entry
    return entry


def clear() -> None:
    """Forget every cached context (the next session loads its files again)."""
    with _lock:
        _cache.clear()
