"""The emulator's aiohttp application, its TLS server, and the in-process API.

::

    async with aiosm.emulator.running() as emu:
        async with emu.session() as session:
            print(await session.locations.list())
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
import secrets
import shutil
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..compat import ServiceManagementService
from ..session import ServiceManagementSession
from ._http import CONTEXT, REQUEST_ID, AsmFault, Context, error_body
from .certs import DEFAULT_SUBSCRIPTION_ID, CertificateBundle, ensure_certificates, write_publishsettings
from .certs import thumbprint as sha1_thumbprint
from .control import CONTROL_PREFIX, CONTROL_TOKEN, answer_control, control_routes
from .faults import Fault, Faults
from .lookups import DISK_LEASE
from .protocol import AsmRunner, http_exception_answer
from .records import CertificateRecord
from .repository import DiskLease
from .routing import add_routes, handlers
from .scratch import make_scratch_dir, remove_scratch_dir
from .state import Progression, State, Store, new_request_id

__all__ = ["Emulator", "build_app", "running"]

FORBIDDEN = (
    "The server failed to authenticate the request. Verify that the certificate is valid and is "
    "associated with this subscription."
)
_VERSION = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MAX_LATENCY = 86400.0
_OLDEST_VERSION = "2009-10-01"
_NEWEST_VERSION = "2016-12-31"
log = logging.getLogger("aiosm.emulator")


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        body=error_body(code, message),
        headers={"Content-Type": "application/xml; charset=utf-8", **(headers or {})},
    )


def _seconds(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{field} must be a number")
    if not 0 <= value <= _MAX_LATENCY:
        raise ValueError(f"{field} must be between 0 and {_MAX_LATENCY:g}")
    return float(value)


def _version_ok(value: str | None) -> bool:
    if not value or not _VERSION.match(value):
        return False
    return _OLDEST_VERSION <= value <= _NEWEST_VERSION


def _peer_thumbprint(request: web.Request) -> str | None:
    transport = request.transport
    ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    return sha1_thumbprint(der) if der else None


@web.middleware
async def _asm_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    ctx = request.app[CONTEXT]
    request_id = new_request_id()
    request[REQUEST_ID] = request_id
    response = await _answer(request, handler, ctx)
    response.headers["x-ms-request-id"] = request_id
    return response


async def _answer(request: web.Request, handler: Any, ctx: Context) -> web.StreamResponse:
    path = request.path
    thumb = _peer_thumbprint(request)
    if path.startswith(CONTROL_PREFIX + "/"):
        known = thumb is not None and any(thumb in thumbs for thumbs in ctx.certificates.values())
        return await answer_control(request, handler, certificate_known=known)
    # Authorise on the subscription the route will use (the matched segment), never on another
    # reading of the path: a %2F-encoded "A/../B" must not pass as A and be handled as "A/../B".
    subscription_id = request.match_info.get("sub")
    if subscription_id is None:
        subscription_id = path.split("/", 2)[1] if path.count("/") >= 1 else ""
    if thumb is None or thumb not in ctx.certificates.get(subscription_id, set()):
        return _error(403, "ForbiddenError", FORBIDDEN)
    if not _version_ok(request.headers.get("x-ms-version")):
        return _error(
            400,
            "MissingOrIncorrectVersionHeader",
            "The versioning header is not specified or was specified incorrectly.",
        )
    faults = ctx.faults
    if faults.throttled(subscription_id):
        if faults.throttle_status == 429:
            return _error(429, "TooManyRequests", "Too many requests.", {"Retry-After": "1"})
        return _error(
            503, "ServerBusy", "The server is currently unable to receive requests.", {"Retry-After": "1"}
        )
    rule = faults.pick(request.method, path)
    if rule is not None:
        retry_after = {"Retry-After": f"{rule.retry_after:g}"}
        if rule.kind == "server_busy":
            return _error(
                503, "ServerBusy", "The server is currently unable to receive requests.", retry_after
            )
        if rule.kind == "too_many_requests":
            return _error(429, "TooManyRequests", "Too many requests.", retry_after)
        if rule.kind == "internal_error":
            return _error(
                500, "InternalError", "The server encountered an internal error. Please retry the request."
            )
        if rule.kind == "reset":
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError
        if rule.kind == "slow":
            await asyncio.sleep(rule.delay)
        if rule.kind == "redirect":
            # As the service may: 307 to the same resource under another path (here the trailing
            # slash toggled, which routes to the same operation); the client re-sends the request.
            target = path[:-1] if path.endswith("/") else path + "/"
            location = str(request.url.with_path(target))
            return web.Response(status=307, headers={"Location": location})
    ctx.state.advance()
    result = await _handle(request, handler)
    faults.count_answer(request.method, result.status)
    return result


async def _handle(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        result: web.StreamResponse = await handler(request)
    except AsmFault as fault:
        return _error(fault.status, fault.code, fault.message, fault.headers)
    except web.HTTPNotFound:
        return _error(404, "ResourceNotFound", "The requested resource does not exist.")
    except web.HTTPMethodNotAllowed:
        return _error(400, "InvalidHttpVerb", f"The HTTP verb {request.method} is not supported here.")
    except web.HTTPException as exc:  # 413 for a body over the limit, and the like
        return http_exception_answer(exc)
    except Exception:
        log.exception("aiosm emulator: %s %s failed", request.method, request.path)
        return _error(
            500, "InternalError", "The server encountered an internal error. Please retry the request."
        )
    return result


def build_app(context: Context, extra_routes: list[web.RouteDef] | None = None) -> web.Application:
    """The aiohttp application serving every declared operation under ``/{sub}`` (see :mod:`.routing`)."""
    app = web.Application(middlewares=[_asm_middleware], client_max_size=16 * 1024 * 1024)
    app[CONTEXT] = context
    add_routes(app, handlers())
    if extra_routes:
        app.router.add_routes(extra_routes)
    return app


def _certificate_der(certificate: bytes | str | os.PathLike[str] | x509.Certificate) -> bytes:
    if isinstance(certificate, x509.Certificate):
        return certificate.public_bytes(serialization.Encoding.DER)
    data = certificate
    if isinstance(certificate, (str, os.PathLike)):
        data = Path(certificate).read_bytes()
    assert isinstance(data, bytes)
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    return x509.load_der_x509_certificate(data).public_bytes(serialization.Encoding.DER)


_shared_bundle: Path | None = None


def _default_cert_dir() -> Path:
    """A fresh scratch directory holding a copy of this process's certificate set (made once).

    Both directories are removed at interpreter exit (the copy when its emulator stops).
    """
    global _shared_bundle
    if _shared_bundle is None or not (_shared_bundle / "ca.pem").is_file():
        _shared_bundle = make_scratch_dir("certs-")
        ensure_certificates(_shared_bundle)
    target = make_scratch_dir()
    for item in _shared_bundle.iterdir():
        shutil.copy2(item, target / item.name)
    return target


class Emulator:
    """An ASM emulator serving over mutual TLS; start it with :func:`running`.

    Attributes: ``endpoint``, ``subscription_id``, ``ca_file``, ``certificate_file``
    (PEM, certificate and key), ``cer_file``, ``pfx_file``, ``publishsettings_file``.
    """

    def __init__(
        self,
        *,
        latency: float = 0.0,
        state_dir: str | os.PathLike[str] | None = None,
        cert_dir: str | os.PathLike[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int | None = None,
        subscription_id: str = DEFAULT_SUBSCRIPTION_ID,
        control_token: str | None = None,
        disk_lease: float = 2.0,
    ) -> None:
        self.host = host
        self.disk_lease = DiskLease(_seconds(disk_lease, "disk_lease"))
        """How long a deleted VM's disks stay leased (see :meth:`set_disk_lease`)."""
        self.control_token = control_token or secrets.token_urlsafe(24)
        """The value the control routes want in the ``x-aiosm-emulator-token`` header."""
        self.port = port
        self.subscription_id = subscription_id
        self._state_dir = Path(state_dir) if state_dir is not None else None
        self._cert_dir = Path(cert_dir) if cert_dir is not None else None
        self._own_cert_dir = cert_dir is None
        self.progression = Progression(latency=latency)
        self.faults = Faults(seed)
        self.state: State | None = None
        self.context: Context | None = None
        self.bundle: CertificateBundle | None = None
        self.endpoint = ""
        self._ssl: ssl.SSLContext | None = None
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        return f"<Emulator {self.endpoint or 'stopped'} subscription={self.subscription_id}>"

    # -- files -----------------------------------------------------------------------------

    def _files(self) -> CertificateBundle:
        if self.bundle is None:
            raise RuntimeError("the emulator is not started")
        return self.bundle

    @property
    def ca_file(self) -> Path:
        """The emulator CA's certificate (PEM): pass it as ``ca_file=`` to trust the emulator."""
        return self._files().ca_file

    @property
    def certificate_file(self) -> Path:
        """The management certificate and its key (PEM)."""
        return self._files().certificate_file

    @property
    def cer_file(self) -> Path:
        """The management certificate alone (DER ``.cer``)."""
        return self._files().cer_file

    @property
    def pfx_file(self) -> Path:
        """The management certificate and key as PKCS#12 (no password)."""
        return self._files().pfx_file

    @property
    def publishsettings_file(self) -> Path:
        """A ``.publishsettings`` file naming the subscription, the certificate and this endpoint."""
        return self._files().publishsettings_file

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> Emulator:
        """Make or load the certificates and state, and listen (``running()`` calls it)."""
        if self._cert_dir is None:
            self._cert_dir = await asyncio.to_thread(_default_cert_dir)
        self.bundle = await asyncio.to_thread(
            ensure_certificates, self._cert_dir, subscription_id=self.subscription_id
        )
        store = Store(self._state_dir / "state.sqlite3" if self._state_dir is not None else None)
        self.state = State(store, self.progression)
        self.context = Context(state=self.state, faults=self.faults)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(self.bundle.server_file)
        # Optional, not required: a client without a certificate still gets the ASM 403 answer.
        ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.load_verify_locations(cafile=str(self.bundle.ca_file))
        # A registered certificate is a trust anchor by itself, whoever issued it (the service checks
        # no chain); which subscription it may call is decided per request, by its thumbprint.
        ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
        self._ssl = ctx
        self.context.trust = self._accept_in_tls
        initial = self.bundle.management_der()
        self.context.initial_certificates[self.subscription_id] = initial
        self._trust(self.subscription_id, initial, persist=False)
        for record in self.state.values(CertificateRecord):
            self._trust(record.subscription, record.der, persist=False)
        app = build_app(self.context, control_routes(self))
        app[CONTROL_TOKEN] = self.control_token
        app[DISK_LEASE] = self.disk_lease
        # An unread body (a 413) is drained for at most 1 s, not 10: stop() must not wait on it.
        self._runner = AsmRunner(app, access_log=None, handle_signals=False, lingering_time=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=ctx)
        await site.start()
        port = self._runner.addresses[0][1]
        self.port = port
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.endpoint = f"https://{host}:{port}"
        self.context.endpoint = self.endpoint
        await asyncio.to_thread(write_publishsettings, self.bundle, self.endpoint)
        return self

    async def stop(self) -> None:
        """Stop listening and close the state (``running()`` calls it on exit)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self.state is not None:
            self.state.store.close()
        if self._own_cert_dir and self._cert_dir is not None:
            remove_scratch_dir(self._cert_dir)
            self._cert_dir = None

    # -- clients -----------------------------------------------------------------------------

    def session(self, **kwargs: Any) -> ServiceManagementSession:
        """A session for the default subscription, trusting the emulator CA."""
        kwargs.setdefault("endpoint", self.endpoint)
        kwargs.setdefault("ca_file", str(self.ca_file))
        certificate = kwargs.pop("certificate", str(self.certificate_file))
        subscription_id = kwargs.pop("subscription_id", self.subscription_id)
        return ServiceManagementSession(subscription_id, certificate, **kwargs)

    def service(self, **kwargs: Any) -> ServiceManagementService:
        """The legacy-named facade (``ServiceManagementService``) configured like :meth:`session`."""
        kwargs.setdefault("ca_file", str(self.ca_file))
        certificate = kwargs.pop("cert_file", str(self.certificate_file))
        subscription_id = kwargs.pop("subscription_id", self.subscription_id)
        return ServiceManagementService(subscription_id, certificate, host=self.endpoint, **kwargs)

    # -- control -----------------------------------------------------------------------------

    def _state(self) -> State:
        if self.state is None:
            raise RuntimeError("the emulator is not started")
        return self.state

    def reset(self) -> None:
        """Forget every resource and operation, and every fault; keep registered certificates."""
        self._state().reset()
        self.faults.clear()

    def set_latency(self, seconds: float, kind: str | None = None) -> None:
        """Operations (of ``kind``, e.g. ``create_deployment``, or all) complete after ``seconds``
        (0 to 86400)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            raise ValueError("seconds must be a number")
        if not 0 <= seconds <= _MAX_LATENCY:
            raise ValueError(f"seconds must be between 0 and {_MAX_LATENCY:g}")
        if kind is None:
            self.progression.latency = seconds
            self.progression.polls_default = None
        else:
            self.progression.polls_by_kind.pop(kind, None)
            self.progression.latency_by_kind[kind] = seconds

    def set_disk_lease(self, seconds: float) -> None:
        """After a VM role or deployment is deleted, its disks' VHDs stay leased for ``seconds``
        (default 2; 0 for none): deleting one, or attaching it elsewhere, answers Azure's 400 "is
        currently in use by virtual machine" meanwhile, as the storage lease does on Azure."""
        self.disk_lease.seconds = _seconds(seconds, "seconds")

    def set_progression(self, kind: str | None, *, polls: int) -> None:
        """Operations (of ``kind``, or all) complete after ``polls`` status requests (manual progression)."""
        if isinstance(polls, bool) or not isinstance(polls, int) or not 1 <= polls <= 1_000_000:
            raise ValueError("polls must be a whole number from 1 to 1000000")
        if kind is None:
            self.progression.polls_default = polls
        else:
            self.progression.latency_by_kind.pop(kind, None)
            self.progression.polls_by_kind[kind] = polls

    def inject_fault(
        self,
        kind: str,
        *,
        count: int | None = 1,
        path_pattern: str | None = None,
        method: str | None = None,
        probability: float = 1.0,
        delay: float = 1.0,
        retry_after: float = 1.0,
    ) -> Fault:
        """Add a fault rule: ``server_busy`` (503), ``internal_error`` (500), ``too_many_requests`` (429),
        ``reset`` (connection dropped unanswered), ``slow`` (answer held ``delay`` s),
        ``operation_failed`` (the next accepted operations end ``Failed``) or ``redirect`` (307 to the
        same resource under another path).
        """
        return self.faults.add(
            Fault(
                kind=kind,
                count=count,
                path_pattern=path_pattern,
                method=method,
                probability=probability,
                delay=delay,
                retry_after=retry_after,
            )
        )

    def set_throttle(self, limit: int | None, *, period: float = 1.0, status: int = 503) -> None:
        """Refuse each subscription's requests beyond ``limit`` per ``period`` seconds with ``status``."""
        self.faults.set_throttle(limit, period=period, status=status)

    def register_certificate(
        self, subscription_id: str, certificate: bytes | str | os.PathLike[str] | x509.Certificate
    ) -> str:
        """Accept ``certificate`` (PEM or DER bytes, a file, or a loaded certificate) for a subscription.

        Returns its thumbprint.
        """
        return self._trust(subscription_id, _certificate_der(certificate), persist=True)

    def _accept_in_tls(self, der: bytes) -> None:
        """Let the TLS handshake accept ``der`` (who may call which subscription is decided per
        request, by thumbprint: see ``_answer``)."""
        assert self._ssl is not None
        try:
            self._ssl.load_verify_locations(cadata=der)
        except ssl.SSLError:
            pass  # already trusted (issued by the emulator CA, or registered before)

    def _trust(self, subscription_id: str, der: bytes, *, persist: bool) -> str:
        assert self.context is not None
        thumb = sha1_thumbprint(der)
        self._accept_in_tls(der)
        self.context.certificates.setdefault(subscription_id, set()).add(thumb)
        if persist:
            self._state().write(
                puts=[CertificateRecord(subscription=subscription_id, der=der, thumbprint=thumb)]
            )
        return thumb


@asynccontextmanager
async def running(
    *,
    latency: float = 0.0,
    state_dir: str | os.PathLike[str] | None = None,
    cert_dir: str | os.PathLike[str] | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    seed: int | None = None,
    subscription_id: str = DEFAULT_SUBSCRIPTION_ID,
    control_token: str | None = None,
    disk_lease: float = 2.0,
) -> AsyncIterator[Emulator]:
    """Run an emulator on this event loop for the duration of the ``async with`` block.

    ``disk_lease``: seconds a deleted VM's disks stay leased (:meth:`Emulator.set_disk_lease`)."""
    emulator = Emulator(
        latency=latency,
        state_dir=state_dir,
        cert_dir=cert_dir,
        host=host,
        port=port,
        seed=seed,
        subscription_id=subscription_id,
        control_token=control_token,
        disk_lease=disk_lease,
    )
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
