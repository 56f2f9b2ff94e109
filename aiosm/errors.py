"""The aiosm exception hierarchy, and the one function that maps an HTTP answer to it.

Every error raised by aiosm derives from :class:`AsmError`. Errors that come from
the service carry the HTTP status, the ASM error code and message, and the
``x-ms-request-id`` of the failed request.

Secrets never appear in these messages: callers pass field names and rules,
never the values of passwords or keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "AsmError",
    "AsmHttpError",
    "AuthenticationError",
    "BadRequestError",
    "CertificateError",
    "CertificateExpiredError",
    "CertificateFormatError",
    "CertificateNotFoundError",
    "CertificatePasswordError",
    "ConflictError",
    "InvalidInputError",
    "NotFoundError",
    "OperationFailedError",
    "OperationTimeoutError",
    "RedirectError",
    "ResponseParseError",
    "ResponseTooLargeError",
    "RoleInstancesNotReadyError",
    "ServerError",
    "SessionClosedError",
    "ThrottledError",
    "TlsError",
    "TransportError",
    "UnsupportedCertificateStoreError",
    "error_from_response",
    "is_transient",
]


class AsmError(Exception):
    """Base class of every error aiosm raises."""


class SessionClosedError(AsmError):
    """The session was closed: no request can be sent, and queued requests are abandoned."""

    def __init__(self, message: str = "this session is closed") -> None:
        super().__init__(message)


# -- client-side ---------------------------------------------------------------


class InvalidInputError(AsmError, ValueError):
    """An argument broke a rule known client-side; raised before any request is sent."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class CertificateError(AsmError):
    """The management certificate could not be used."""


class CertificateNotFoundError(CertificateError, FileNotFoundError):
    """A certificate, key or publishsettings file does not exist or cannot be read."""


class CertificatePasswordError(CertificateError):
    """The password is wrong, or is missing for an encrypted key or PKCS#12 file."""


class CertificateFormatError(CertificateError):
    """The file is not a certificate aiosm understands, or it holds no private key."""


class CertificateExpiredError(CertificateError):
    """The certificate is outside its validity period; Azure would refuse it."""


class UnsupportedCertificateStoreError(CertificateError):
    """A Windows certificate-store path (``CURRENT_USER\\my\\Name``) was given on a platform without one."""


# -- service errors --------------------------------------------------------------


class AsmHttpError(AsmError):
    """The service answered with an error status.

    Attributes: ``status`` (HTTP status), ``code`` (ASM error code such as
    ``ResourceNotFound``), ``message`` (the service's message) and
    ``request_id`` (the ``x-ms-request-id`` header, when sent).
    """

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.retry_after = retry_after
        text = f"HTTP {status}"
        if code:
            text += f" {code}"
        if message:
            text += f": {message}"
        if request_id:
            text += f" (request id {request_id})"
        super().__init__(text)


class BadRequestError(AsmHttpError):
    """400: the service rejected the request as malformed or invalid."""


class AuthenticationError(AsmHttpError):
    """401/403: the certificate is not registered for the subscription, or the subscription is disabled."""


class NotFoundError(AsmHttpError):
    """404: the resource does not exist."""


class ConflictError(AsmHttpError):
    """409: a name is taken, a slot is occupied, or the resource is busy.

    ``is_busy`` is true when the conflict only says another operation holds the
    resource ("requires exclusive access"); such conflicts are retried.
    """

    @property
    def is_busy(self) -> bool:
        """True for 409 "requires exclusive access" (another operation holds the deployment; retried)."""
        return _is_busy_conflict(self.message)


class ThrottledError(AsmHttpError):
    """429 or 503 ServerBusy/TooManyRequests: slow down and retry."""


class ServerError(AsmHttpError):
    """5xx: the service failed."""


class RedirectError(AsmHttpError):
    """A 3xx answer aiosm does not follow: not 307/308, to plain HTTP or another domain, or too many hops.

    ``location`` is the redirect's target.
    """

    def __init__(self, status: int, location: str, reason: str) -> None:
        self.location = location
        super().__init__(status, None, f"redirect to {location or '(no Location)'} refused: {reason}")


class TransportError(AsmError):
    """The request did not get an HTTP answer: connection refused or reset, TLS failure, timeout."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        before_send: bool = False,
    ) -> None:
        self.method = method
        self.url = url
        self.before_send = before_send
        """True when the connection failed before any byte of the request was sent."""
        super().__init__(message)


class TlsError(TransportError):
    """The TLS handshake failed: the server certificate is not trusted, or the client certificate was
    refused. Retrying cannot help, so it is never retried."""


class ResponseParseError(AsmError):
    """The service answered with XML aiosm could not read as the expected model."""

    def __init__(self, message: str, *, request_id: str | None = None, excerpt: str = "") -> None:
        self.request_id = request_id
        self.excerpt = excerpt
        text = message
        if request_id:
            text += f" (request id {request_id})"
        if excerpt:
            text += f"; response starts: {excerpt!r}"
        super().__init__(text)


class ResponseTooLargeError(TransportError):
    """An answer was larger than the session's ``max_response_bytes``; it was not read further."""

    def __init__(self, method: str, url: str, limit: int) -> None:
        super().__init__(
            f"{method} {url}: the answer is larger than max_response_bytes={limit}", method=method, url=url
        )


class OperationFailedError(AsmError):
    """A long-running operation finished with status ``Failed``.

    Attributes: ``request_id``, ``code`` and ``message`` (the operation's error), and
    ``status``, the HTTP status the failed operation reports (its ``<HttpStatusCode>``,
    as :attr:`AsmHttpError.status` is for a refused request); ``http_status`` is the same value.
    """

    def __init__(
        self,
        request_id: str,
        code: str | None,
        message: str | None,
        http_status: int | None = None,
    ) -> None:
        self.request_id = request_id
        self.code = code
        self.message = message or ""
        self.http_status = http_status
        text = f"operation {request_id} failed"
        if http_status:
            text += f" with HTTP {http_status}"
        if code:
            text += f" {code}"
        if message:
            text += f": {message}"
        super().__init__(text)

    @property
    def status(self) -> int | None:
        """The HTTP status of the failed operation (``None`` when the service sent none)."""
        return self.http_status


class OperationTimeoutError(AsmError, TimeoutError):
    """Waiting for a long-running operation took longer than the timeout allowed."""

    def __init__(self, request_id: str, timeout: float, last_status: str | None) -> None:
        self.request_id = request_id
        self.timeout = timeout
        self.last_status = last_status
        super().__init__(f"operation {request_id} still {last_status or 'unknown'} after {timeout:g} s")


class RoleInstancesNotReadyError(AsmError, TimeoutError):
    """Waiting for role instances to reach a status took longer than the timeout allowed.

    Attributes: ``service_name``, ``deployment_name``, ``status`` (the status waited for),
    ``timeout`` (seconds) and ``last_statuses``, the last status seen of each role instance
    (instance name -> ``InstanceStatus``; empty when no answer came, or the deployment had no
    instance yet).
    """

    def __init__(
        self,
        service_name: str,
        deployment_name: str,
        status: str,
        timeout: float,
        last_statuses: Mapping[str, str],
    ) -> None:
        self.service_name = service_name
        self.deployment_name = deployment_name
        self.status = status
        self.timeout = timeout
        self.last_statuses = dict(last_statuses)
        seen = (
            ", ".join(f"{name}={value}" for name, value in self.last_statuses.items()) or "no instance seen"
        )
        super().__init__(
            f"role instances of {service_name}/{deployment_name} not all {status} "
            f"after {timeout:g} s ({seen})"
        )


# -- the mapping -------------------------------------------------------------------

_BUSY_CONFLICT = re.compile(r"requires exclusive access|is in use by another operation", re.I)
_THROTTLE_CODES = frozenset({"ServerBusy", "TooManyRequests"})


def _is_busy_conflict(message: str | None) -> bool:
    return bool(message and _BUSY_CONFLICT.search(message))


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _error_fields(body: Mapping[str, Any] | None) -> tuple[str | None, str]:
    if not body:
        return None, ""
    error = body.get("Error")
    if not isinstance(error, Mapping):
        return None, ""
    code = error.get("Code")
    message = error.get("Message")
    return (code if isinstance(code, str) else None), (message if isinstance(message, str) else "")


def error_from_response(
    status: int,
    body: Mapping[str, Any] | None,
    headers: Mapping[str, str],
    *,
    fallback_message: str = "",
) -> AsmHttpError:
    """Map an error answer to the exception class it stands for.

    ``body`` is the parsed XML of the answer (``{"Error": {"Code": ..., "Message": ...}}``)
    or ``None`` when the answer had no readable XML body.
    """
    code, message = _error_fields(body)
    message = message or fallback_message
    request_id = headers.get("x-ms-request-id")
    retry_after = _parse_retry_after(headers.get("Retry-After"))
    cls: type[AsmHttpError]
    if status == 429 or code in _THROTTLE_CODES:
        cls = ThrottledError
    elif status == 400:
        cls = BadRequestError
    elif status in (401, 403):
        cls = AuthenticationError
    elif status == 404:
        cls = NotFoundError
    elif status == 409:
        cls = ConflictError
    elif status >= 500:
        cls = ServerError
    else:
        cls = AsmHttpError
    return cls(status, code, message, request_id, retry_after)


_TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})


def is_transient(error: BaseException) -> bool:
    """True when sending the same request again may succeed.

    Connection failures (but not TLS handshake failures), throttling, 500/502/503/504 and 409 conflicts whose
    message says the resource is busy with another operation are transient.
    Other 409s (a name taken, a slot occupied) and all other 4xx are permanent.
    """
    if isinstance(error, (TlsError, ResponseTooLargeError)):
        return False
    if isinstance(error, TransportError):
        return True
    if isinstance(error, ThrottledError):
        return True
    if isinstance(error, ConflictError):
        return error.is_busy
    if isinstance(error, AsmHttpError):
        return error.status in _TRANSIENT_STATUSES
    return False
