"""ServiceManagementService: the legacy SDK's method names, as coroutines.

Code written for ``azure.servicemanagement`` runs with ``await`` added before
each call. The methods come from the operation table: each family's ``*Legacy``
mixin (beside its resource client) forwards the legacy name to the declared
operation; only the calls whose legacy arguments really differ are adapted here.
Mutations return an :class:`~aiosm.operations.AsyncOperation`
whose ``request_id`` is what the legacy ``AsynchronousOperationResult`` held.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, quote

from . import validation as v
from .errors import AsmError, InvalidInputError, OperationFailedError, OperationTimeoutError, is_transient
from .models import (
    Operation,
)
from .operation import legacy, same_operation
from .operations import AsyncOperation, OperationsClient
from .pipeline import CallNext, Request, Response
from .resources.affinity_groups import AffinityGroupsLegacy
from .resources.certificates import ServiceCertificatesLegacy
from .resources.data_disks import DataDisksLegacy
from .resources.deployments import DeploymentsLegacy
from .resources.disks import DisksLegacy
from .resources.dns_servers import DnsServersLegacy
from .resources.hosted_services import HostedServicesLegacy
from .resources.locations import LocationsLegacy
from .resources.management_certificates import ManagementCertificatesLegacy
from .resources.operating_systems import OperatingSystemsLegacy
from .resources.os_images import OSImagesLegacy
from .resources.reserved_ips import ReservedIPsLegacy
from .resources.resource_extensions import ResourceExtensionsLegacy
from .resources.role_instances import RoleInstancesLegacy
from .resources.roles import RolesLegacy
from .resources.storage_accounts import StorageAccountsLegacy
from .resources.subscriptions import SubscriptionsLegacy
from .resources.virtual_machines import VirtualMachinesLegacy
from .resources.virtual_networks import VirtualNetworksLegacy
from .resources.vm_images import VMImagesLegacy
from .session import CertificateSource, ServiceManagementSession
from .transport import AiohttpTransport
from .xml import XmlModel

__all__ = ["LegacyFilterPolicy", "ServiceManagementService"]

_API_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ProgressCallback = Callable[[float], Any]
FailureCallback = Callable[[float, AsmError], Any]
LegacyFilter = Callable[[Request, Callable[[Request], Any]], Any]
"""``filter(request, next)``: ``next(request)`` returns the response (a coroutine for an async filter)."""


def _progress_default(elapsed: float) -> None:
    """The default progress callback of :meth:`ServiceManagementService.wait_for_operation_status`:
    prints nothing (the legacy SDK printed a dot)."""


def _success_default(elapsed: float) -> None:
    """The default success callback: prints nothing (the legacy SDK printed a newline)."""


def _failure_default(elapsed: float, ex: AsmError) -> None:
    """The default failure callback: raises ``ex`` (:class:`~aiosm.errors.OperationFailedError`
    or :class:`~aiosm.errors.OperationTimeoutError`), as the legacy SDK raised after printing."""
    raise ex


async def _run_callback(callback: Callable[..., Any] | None, *args: Any) -> None:
    if callback is None:
        return
    result = callback(*args)
    if inspect.isawaitable(result):
        await result


class LegacyFilterPolicy:
    """A pipeline policy running a legacy ``with_filter`` filter: ``filter(request, next)``.

    The filter receives aiosm's :class:`~aiosm.pipeline.Request` and a ``next`` callable that
    returns the :class:`~aiosm.pipeline.Response`. A coroutine function filter awaits ``next``
    (``await next(request)``); a plain function (the legacy form) runs in a worker thread and
    calls ``next(request)`` synchronously, while the request itself is sent on the event loop.
    """

    def __init__(self, filter: LegacyFilter) -> None:
        self.filter = filter

    async def send(self, request: Request, call_next: CallNext) -> Response:
        """Hand the request to the filter, which passes it on (or answers itself)."""
        if inspect.iscoroutinefunction(self.filter):
            result: Response = await self.filter(request, call_next)
            return result
        loop = asyncio.get_running_loop()

        def next_sync(inner: Request) -> Response:
            return asyncio.run_coroutine_threadsafe(_awaited(call_next(inner)), loop).result()

        answer: Response = await asyncio.to_thread(self.filter, request, next_sync)
        return answer


async def _awaited(value: Awaitable[Response]) -> Response:
    return await value


LEGACY_HOST = "management.core.windows.net"
"""The legacy SDK's default ``host``."""


def _endpoint(host: str | None) -> str | None:
    if host is None or "://" in host:
        return host
    return f"https://{host}"


class ServiceManagementService(
    LocationsLegacy,
    HostedServicesLegacy,
    DeploymentsLegacy,
    StorageAccountsLegacy,
    AffinityGroupsLegacy,
    OperatingSystemsLegacy,
    OSImagesLegacy,
    VirtualMachinesLegacy,
    SubscriptionsLegacy,
    RolesLegacy,
    RoleInstancesLegacy,
    DisksLegacy,
    DataDisksLegacy,
    ServiceCertificatesLegacy,
    ManagementCertificatesLegacy,
    VMImagesLegacy,
    ReservedIPsLegacy,
    DnsServersLegacy,
    VirtualNetworksLegacy,
    ResourceExtensionsLegacy,
):
    """The legacy ``ServiceManagementService`` API over a :class:`ServiceManagementSession`.

    The constructor is synchronous; the connection opens on the first call.
    Close it with ``await sms.close()`` or use ``async with``.
    """

    def __init__(
        self,
        subscription_id: str | None = None,
        cert_file: CertificateSource | None = None,
        host: str | None = LEGACY_HOST,
        request_session: object | None = None,
        timeout: float = 65.0,
        **session_options: Any,
    ) -> None:
        # The legacy SDK's requests.Session carried its proxy, certificate and pool: aiosm's session
        # options do that (proxy=, ca_file=, connection_limit=, ...). Accepting one silently would
        # drop whatever the caller configured on it.
        if request_session is not None:
            raise InvalidInputError(
                "request_session",
                "a requests.Session cannot carry aiosm's asyncio connections: pass session options "
                "(proxy=, ca_file=, connection_limit=, trust_env=) instead",
            )
        self.session = ServiceManagementSession(
            subscription_id, cert_file, endpoint=_endpoint(host), timeout=timeout, **session_options
        )
        self._arguments = (subscription_id, cert_file, host, timeout, dict(session_options))

    def __repr__(self) -> str:
        return f"<ServiceManagementService {self.session!r}>"

    @property
    def subscription_id(self) -> str:
        """The subscription the session works on."""
        return self.session.subscription_id

    async def close(self) -> None:
        """Close the session's connection pool."""
        await self.session.close()

    async def __aenter__(self) -> ServiceManagementService:
        await self.session.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- operations ------------------------------------------------------------------

    get_operation_status = legacy(OperationsClient.get)

    wait_for_operation_status_progress_default_callback = staticmethod(_progress_default)
    wait_for_operation_status_success_default_callback = staticmethod(_success_default)
    wait_for_operation_status_failure_default_callback = staticmethod(_failure_default)

    async def wait_for_operation_status(
        self,
        request_id: str,
        wait_for_status: str = "Succeeded",
        timeout: float = 30,
        sleep_interval: float = 5,
        progress_callback: ProgressCallback | None = _progress_default,
        success_callback: ProgressCallback | None = _success_default,
        failure_callback: FailureCallback | None = _failure_default,
    ) -> Operation:
        """Poll every ``sleep_interval`` seconds until the operation reaches ``wait_for_status``.

        As the legacy SDK: ``success_callback(elapsed)`` when it does; ``progress_callback(elapsed)``
        after each other poll; ``failure_callback(elapsed, error)`` when the operation fails
        (:class:`~aiosm.errors.OperationFailedError`) or ``timeout`` seconds pass
        (:class:`~aiosm.errors.OperationTimeoutError`), then the last status is returned. Callbacks
        may be coroutine functions; ``None`` skips one. The defaults print nothing, and the default
        failure callback raises the error. A status request that fails transiently counts as a poll.
        """
        if timeout < 0 or sleep_interval < 0:
            raise InvalidInputError("timeout", "timeout and sleep_interval must not be negative")
        handle = self.session.operations.resume(request_id)
        loop = asyncio.get_running_loop()
        start = loop.time()
        deadline = start + timeout
        result: Operation | None = None
        while True:
            try:
                result = await handle.status()
            except AsmError as error:
                if not is_transient(error):
                    raise
            elapsed = loop.time() - start
            if result is not None:
                if result.status.value.lower() == wait_for_status.lower():
                    await _run_callback(success_callback, elapsed)
                    return result
                if result.error is not None or result.done:
                    info = result.error
                    failed = OperationFailedError(
                        handle.request_id,
                        info.code if info else None,
                        info.message if info else None,
                        result.http_status_code,
                    )
                    await _run_callback(failure_callback, elapsed, failed)
                    return result
            if loop.time() >= deadline:
                break
            await _run_callback(progress_callback, elapsed)
            await asyncio.sleep(max(0.0, min(sleep_interval, deadline - loop.time())))
        last = result.status.value if result is not None else None
        timed_out = OperationTimeoutError(handle.request_id, float(timeout), last)
        await _run_callback(failure_callback, loop.time() - start, timed_out)
        if result is None:
            raise timed_out
        return result

    # -- the legacy escape hatch: any request, through the session's pipeline ---------------------

    def _relative(self, path: str) -> tuple[str, dict[str, str] | None]:
        """``/<subscription-id>/rest?query`` -> (``/rest``, query), refusing any other place."""
        if not isinstance(path, str) or not path.startswith("/"):
            raise InvalidInputError("path", "must start with /<subscription-id>")
        if "#" in path or "\\" in path or "://" in path:
            raise InvalidInputError("path", "must be a path under /<subscription-id>, without '#' or '\\'")
        path, _, query_text = path.partition("?")
        prefix = "/" + self.session.subscription_id
        if not self.session.subscription_id or not (path == prefix or path.startswith(prefix + "/")):
            raise InvalidInputError("path", f"must start with {prefix}/ (the session's subscription)")
        rest = path[len(prefix) :]
        segments = rest.split("/")[1:]
        for index, segment in enumerate(segments):
            if segment == "" and index == len(segments) - 1:
                continue  # a trailing slash, as some legacy paths have
            if segment in ("", ".", ".."):
                raise InvalidInputError("path", "must not have empty, '.' or '..' segments")
            v.path_segment("path", segment)
        query = None
        if query_text:
            try:
                pairs = parse_qsl(query_text, keep_blank_values=True, strict_parsing=True)
            except ValueError:
                raise InvalidInputError("path", "has a query string that cannot be parsed") from None
            query = dict(pairs)
        return rest, query

    async def _perform(
        self, method: str, path: str, body: str | bytes | XmlModel | None, x_ms_version: str | None
    ) -> Response:
        if not self.session.subscription_id:
            await self.session.open()  # a publishsettings file names the subscription
        relative, query = self._relative(path)
        if x_ms_version is not None and not (
            isinstance(x_ms_version, str) and _API_VERSION.match(x_ms_version)
        ):
            raise InvalidInputError("x_ms_version", "must be a service version, YYYY-MM-DD")
        if isinstance(body, str):
            data: bytes | XmlModel | None = body.encode("utf-8")
        elif body is None or isinstance(body, (bytes, XmlModel)):
            data = body
        else:
            raise InvalidInputError("body", "must be XML text, bytes or an aiosm model")
        if method != "GET" and data is None:
            data = b""
        return await self.session.transport.request(
            method,
            relative,
            query=query,
            body=data,
            api_version=x_ms_version,
            operation=f"compat.perform_{method.lower()}",
        )

    async def perform_get(self, path: str, x_ms_version: str | None = None) -> Response:
        """``GET path`` (``/<subscription-id>/services/...``, query string allowed) through the
        session's pipeline (retries, errors as :mod:`aiosm.errors`); returns the answer
        (:class:`~aiosm.pipeline.Response`: ``status``, ``headers``, ``body`` bytes,
        ``request_id``, ``parse(Model)``). A path outside the subscription is refused
        (:class:`~aiosm.errors.InvalidInputError`)."""
        return await self._perform("GET", path, None, x_ms_version)

    async def perform_put(
        self, path: str, body: str | bytes | XmlModel | None, x_ms_version: str | None = None
    ) -> AsyncOperation:
        """``PUT path`` with ``body`` (XML text, bytes or a model); returns the operation handle
        (``request_id``; complete at once for a 200/201 answer)."""
        return self.session.operations.from_response(await self._perform("PUT", path, body, x_ms_version))

    async def perform_post(
        self, path: str, body: str | bytes | XmlModel | None, x_ms_version: str | None = None
    ) -> AsyncOperation:
        """``POST path`` with ``body`` (XML text, bytes or a model); returns the operation handle."""
        return self.session.operations.from_response(await self._perform("POST", path, body, x_ms_version))

    async def perform_delete(self, path: str, x_ms_version: str | None = None) -> AsyncOperation:
        """``DELETE path``; returns the operation handle."""
        return self.session.operations.from_response(await self._perform("DELETE", path, None, x_ms_version))

    # -- transport plumbing of the requests-based legacy SDK ------------------------------------

    @staticmethod
    def should_use_requests(cert_file: Any) -> bool:
        """Always ``True``: aiosm has one HTTP stack (aiohttp) on every platform; the legacy SDK
        answered ``False`` only for a Windows certificate-store path, which aiosm does not read."""
        return True

    def set_proxy(self, host: str, port: int, user: str | None = None, password: str | None = None) -> None:
        """Send every later request through the HTTP proxy ``host:port`` (a CONNECT tunnel, so the
        client certificate only reaches the service): the session's ``proxy`` option. Proxy
        authentication (``user``, ``password``) is not supported and refused."""
        if user is not None or password is not None:
            raise InvalidInputError("user", "proxy authentication is not supported; use a proxy without it")
        if not isinstance(host, str) or not host or any(c in host for c in "/?#@ \\"):
            raise InvalidInputError("host", "must be a host name or address")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise InvalidInputError("port", "must be a port number")
        wire = self.session.transport.wire
        if not isinstance(wire, AiohttpTransport):
            raise InvalidInputError("proxy", "the session's transport takes no proxy")
        literal = f"[{host}]" if ":" in host and not host.startswith("[") else host
        wire._proxy = f"http://{quote(literal, safe='[]:')}:{port}"  # read by every later send

    def with_filter(self, filter: LegacyFilter) -> ServiceManagementService:
        """A new service (its own session: close it too) whose requests first go through
        ``filter(request, next)`` (see :class:`LegacyFilterPolicy`), outside the retries: a filter
        added later runs first, as in the legacy SDK."""
        subscription_id, cert_file, host, timeout, options = self._arguments
        policies = (LegacyFilterPolicy(filter), *options.get("policies", ()))
        return type(self)(
            subscription_id, cert_file, host, None, timeout, **{**options, "policies": policies}
        )

    # -- adapters: where the legacy arguments differ from the resource client's -----------------

    @same_operation("deployments.create")
    async def create_deployment(
        self,
        service_name: str,
        deployment_slot: str,
        name: str,
        package_url: str,
        label: str,
        configuration: str | bytes,
        start_deployment: bool = False,
        treat_warnings_as_error: bool = False,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """``deployments.create``; ``configuration`` is the base64-encoded .cscfg, as in the legacy SDK."""
        return await self.session.deployments.create(
            service_name,
            deployment_slot,
            name,
            package_url,
            label,
            v.decode_base64("configuration", configuration),
            start_deployment,
            treat_warnings_as_error,
            extended_properties,
        )

    @same_operation("deployments.change_configuration")
    async def change_deployment_configuration(
        self,
        service_name: str,
        deployment_name: str,
        configuration: str | bytes,
        treat_warnings_as_error: bool = False,
        mode: str = "Auto",
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """``deployments.change_configuration``; ``configuration`` is base64, as in the legacy SDK."""
        return await self.session.deployments.change_configuration(
            service_name,
            deployment_name,
            v.decode_base64("configuration", configuration),
            treat_warnings_as_error,
            mode,
            extended_properties,
        )

    @same_operation("deployments.upgrade")
    async def upgrade_deployment(
        self,
        service_name: str,
        deployment_name: str,
        mode: str,
        package_url: str,
        configuration: str | bytes,
        label: str,
        force: bool,
        role_to_upgrade: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """``deployments.upgrade``; ``configuration`` is the base64-encoded .cscfg, as in the legacy SDK."""
        return await self.session.deployments.upgrade(
            service_name,
            deployment_name,
            mode,
            package_url,
            v.decode_base64("configuration", configuration),
            label,
            force,
            role_to_upgrade,
            extended_properties,
        )

    @same_operation("storage_accounts.create")
    async def create_storage_account(
        self,
        service_name: str,
        description: str | None,
        label: str,
        affinity_group: str | None = None,
        location: str | None = None,
        geo_replication_enabled: bool | None = None,
        extended_properties: Mapping[str, Any] | None = None,
        account_type: str = "Standard_GRS",
    ) -> AsyncOperation:
        """``storage_accounts.create``; ``geo_replication_enabled=False`` means ``Standard_LRS``."""
        if geo_replication_enabled is False:
            account_type = "Standard_LRS"
        return await self.session.storage_accounts.create(
            service_name, description, label, affinity_group, location, extended_properties, account_type
        )

    @same_operation("storage_accounts.update")
    async def update_storage_account(
        self,
        service_name: str,
        description: str | None = None,
        label: str | None = None,
        geo_replication_enabled: bool | None = None,
        extended_properties: Mapping[str, Any] | None = None,
        account_type: str | None = None,
    ) -> AsyncOperation:
        """``storage_accounts.update``; ``geo_replication_enabled=False`` means ``Standard_LRS``."""
        if geo_replication_enabled is False and account_type is None:
            account_type = "Standard_LRS"
        return await self.session.storage_accounts.update(
            service_name, description, label, extended_properties, account_type
        )
