"""ServiceManagementSession: credentials, one connection pool, and the resource clients."""

from __future__ import annotations

import asyncio
import copy
import os
import re
import ssl
from collections.abc import Sequence
from types import TracebackType
from urllib.parse import urlsplit

from .context_cache import cached_context
from .credentials import ManagementCertificate, build_ssl_context
from .errors import InvalidInputError
from .operations import OperationsClient, PollPolicy
from .pipeline import Policy
from .resources import (
    AffinityGroupsClient,
    ApplicationGatewaysClient,
    DataDisksClient,
    DeploymentsClient,
    DisksClient,
    DnsServersClient,
    HostedServicesClient,
    LoadBalancersClient,
    LocationsClient,
    ManagementCertificatesClient,
    NetworkConfigurationClient,
    NetworkSecurityGroupsClient,
    OperatingSystemsClient,
    OSImagesClient,
    ReservedIPsClient,
    ResourceExtensionsClient,
    RoleInstancesClient,
    RolesClient,
    RouteTablesClient,
    ServiceCertificatesClient,
    StorageAccountsClient,
    SubscriptionsClient,
    TrafficManagerClient,
    VirtualMachinesClient,
    VirtualNetworkGatewaysClient,
    VirtualNetworksClient,
    VMImagesClient,
)
from .transport import (
    DEFAULT_API_VERSION,
    DEFAULT_CONNECTION_LIMIT,
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_RESPONSE_BYTES,
    RetryPolicy,
    Transport,
    WireTransport,
)

__all__ = ["CertificateSource", "ServiceManagementSession"]

CertificateSource = str | os.PathLike[str] | ManagementCertificate | ssl.SSLContext

ENV_SUBSCRIPTION = "AZURE_MANAGEMENT_SUBSCRIPTIONID"
ENV_CERTFILE = "AZURE_MANAGEMENT_CERTFILE"

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_API_VERSION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SUBSCRIPTION_RULE = (
    "must be a subscription GUID such as 8f1a2b3c-0000-4d5e-9f00-123456789abc "
    "(the emulator's is one too: 00000000-0000-0000-0000-0000000e0001)"
)


def check_subscription_id(value: object) -> str:
    """The subscription id if it is a GUID (any case), else :class:`InvalidInputError`.

    It becomes the first segment of every request path, so anything else (``/``, ``..``,
    ``?``, ``#``) could steer a request to another resource.
    """
    if not isinstance(value, str) or not _GUID.fullmatch(value):
        raise InvalidInputError("subscription_id", _SUBSCRIPTION_RULE)
    return value


def check_endpoint(value: object, field: str = "endpoint") -> str:
    """An ``https://host[:port][/path]`` URL (no user info, query or fragment), without a trailing ``/``.

    Plain ``http://`` would send the bodies (passwords included) in clear and skip the
    client certificate, so it is refused like every other scheme.
    """
    rule = "must be an https:// URL with a host, such as https://management.core.windows.net"
    if not isinstance(value, str) or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise InvalidInputError(field, rule)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        raise InvalidInputError(field, rule) from None
    if (
        parts.scheme.lower() != "https"
        or not parts.hostname
        or "@" in parts.netloc
        or parts.query
        or parts.fragment
        or "?" in value
        or "#" in value
    ):
        raise InvalidInputError(field, rule)
    return value.rstrip("/")


def check_transport_options(api_version: object, timeout: object, connect_timeout: object) -> None:
    """``api_version`` is ``YYYY-MM-DD``; ``timeout`` and ``connect_timeout`` are positive seconds."""
    if not isinstance(api_version, str) or not _API_VERSION.fullmatch(api_version):
        raise InvalidInputError("api_version", "must be an x-ms-version date such as 2014-10-01 (YYYY-MM-DD)")
    for field, value in (("timeout", timeout), ("connect_timeout", connect_timeout)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:  # NaN too
            raise InvalidInputError(field, "must be a positive number of seconds")


class ServiceManagementSession:
    """An authenticated connection to the Service Management API.

    ::

        async with ServiceManagementSession(subscription_id, "mycert.pem") as session:
            for location in await session.locations.list():
                print(location.name)

    ``certificate`` is a PEM file (certificate and key), a ``.pfx``/``.p12``
    file, a ``.publishsettings`` file, a loaded
    :class:`~aiosm.credentials.ManagementCertificate`, or a ready
    :class:`ssl.SSLContext`. Omitted arguments fall back to the environment
    variables ``AZURE_MANAGEMENT_SUBSCRIPTIONID`` and ``AZURE_MANAGEMENT_CERTFILE``.
    Certificate files are read off the event loop when the session opens (on
    ``async with`` or the first request); their errors are raised then, before
    any request is sent.

    Pipeline options: ``policies`` are your own steps (tracing, metrics: objects with
    ``async def send(request, call_next)``, see :mod:`aiosm.pipeline`), run once per call;
    ``redirect_hosts`` are extra https hosts a 307/308 may lead to; an answer larger than
    ``max_response_bytes`` is refused; ``transport`` replaces the aiohttp wire transport
    (for example :class:`~aiosm.transport.MockTransport` in tests). Per-call ``timeout`` and
    ``retry``: :meth:`with_options`.
    """

    def __init__(
        self,
        subscription_id: str | None = None,
        certificate: CertificateSource | None = None,
        *,
        key_file: str | os.PathLike[str] | None = None,
        password: str | bytes | None = None,
        endpoint: str | None = None,
        ca_file: str | os.PathLike[str] | None = None,
        verify: bool = True,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float = 65.0,
        connect_timeout: float = 20.0,
        connection_limit: int = DEFAULT_CONNECTION_LIMIT,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        proxy: str | None = None,
        trust_env: bool = False,
        policies: Sequence[Policy] = (),
        redirect_hosts: Sequence[str] = (),
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: WireTransport | None = None,
    ) -> None:
        subscription_id = subscription_id or os.environ.get(ENV_SUBSCRIPTION)
        if certificate is None:
            certificate = os.environ.get(ENV_CERTFILE)
        if certificate is None:
            raise InvalidInputError(
                "certificate",
                f"give a management certificate (PEM, PFX or .publishsettings file) or set {ENV_CERTFILE}",
            )
        from_publish_settings = isinstance(certificate, (str, os.PathLike)) and os.fspath(
            certificate
        ).lower().endswith(".publishsettings")
        if (
            not subscription_id
            and not from_publish_settings
            and not (isinstance(certificate, ManagementCertificate) and certificate.subscription_id)
        ):
            raise InvalidInputError("subscription_id", f"give the subscription id or set {ENV_SUBSCRIPTION}")
        if subscription_id:
            check_subscription_id(subscription_id)
        if endpoint is not None:
            endpoint = check_endpoint(endpoint)
        check_transport_options(api_version, timeout, connect_timeout)
        self._certificate = certificate
        self._key_file = key_file
        self._password = password
        self._ca_file = ca_file
        self._verify = verify
        self._explicit_endpoint = endpoint
        self.transport = Transport(
            subscription_id=subscription_id or "",
            ssl_context=self._build_ssl_context,
            endpoint=endpoint or DEFAULT_ENDPOINT,
            api_version=api_version,
            timeout=timeout,
            connect_timeout=connect_timeout,
            connection_limit=connection_limit,
            retry=retry,
            proxy=proxy,
            trust_env=trust_env,
            policies=policies,
            redirect_hosts=redirect_hosts,
            max_response_bytes=max_response_bytes,
            wire=transport,
        )
        self._poll = poll or PollPolicy()
        self._clients()

    def _clients(self) -> None:
        self.operations = OperationsClient(self.transport, self._poll)
        self.locations = LocationsClient(self.transport, self.operations)
        self.hosted_services = HostedServicesClient(self.transport, self.operations)
        self.deployments = DeploymentsClient(self.transport, self.operations)
        self.storage_accounts = StorageAccountsClient(self.transport, self.operations)
        self.affinity_groups = AffinityGroupsClient(self.transport, self.operations)
        self.operating_systems = OperatingSystemsClient(self.transport, self.operations)
        self.os_images = OSImagesClient(self.transport, self.operations)
        self.virtual_machines = VirtualMachinesClient(self.transport, self.operations)
        self.subscriptions = SubscriptionsClient(self.transport, self.operations)
        self.network = NetworkConfigurationClient(self.transport, self.operations)
        self.network_security_groups = NetworkSecurityGroupsClient(self.transport, self.operations)
        self.route_tables = RouteTablesClient(self.transport, self.operations)
        self.gateways = VirtualNetworkGatewaysClient(self.transport, self.operations)
        self.load_balancers = LoadBalancersClient(self.transport, self.operations)
        self.traffic_manager = TrafficManagerClient(self.transport, self.operations)
        self.application_gateways = ApplicationGatewaysClient(self.transport, self.operations)
        self.roles = RolesClient(self.transport, self.operations)
        self.role_instances = RoleInstancesClient(self.transport, self.operations)
        self.disks = DisksClient(self.transport, self.operations)
        self.data_disks = DataDisksClient(self.transport, self.operations)
        self.certificates = ServiceCertificatesClient(self.transport, self.operations)
        self.management_certificates = ManagementCertificatesClient(self.transport, self.operations)
        self.vm_images = VMImagesClient(self.transport, self.operations)
        self.reserved_ips = ReservedIPsClient(self.transport, self.operations)
        self.dns_servers = DnsServersClient(self.transport, self.operations)
        self.virtual_networks = VirtualNetworksClient(self.transport, self.operations)
        self.resource_extensions = ResourceExtensionsClient(self.transport, self.operations)

    def with_options(
        self, *, timeout: float | None = None, retry: RetryPolicy | None = None
    ) -> ServiceManagementSession:
        """A view of this session (same pool, certificate and pipeline) whose calls use another
        request ``timeout`` (seconds) or ``retry`` policy::

            account = await session.with_options(timeout=5).storage_accounts.get("mystore")
        """
        view = copy.copy(self)
        view.transport = self.transport.with_options(timeout=timeout, retry=retry)
        view._clients()
        return view

    def __repr__(self) -> str:
        return (
            f"<ServiceManagementSession subscription={self.subscription_id or '?'} endpoint={self.endpoint}>"
        )

    @property
    def subscription_id(self) -> str:
        """The subscription every request goes to (from a publishsettings file once opened)."""
        return self.transport.subscription_id

    @property
    def endpoint(self) -> str:
        """The service's base URL, ``https://management.core.windows.net`` unless configured."""
        return self.transport.endpoint

    async def _build_ssl_context(self) -> ssl.SSLContext:
        source = self._certificate
        if isinstance(source, ssl.SSLContext):
            return source
        if isinstance(source, ManagementCertificate):
            context = await asyncio.to_thread(
                build_ssl_context, source, ca_file=self._ca_file, verify=self._verify
            )
            self._adopt(source.subscription_id, source.endpoint)
            return context
        entry = await asyncio.to_thread(
            cached_context,
            source,
            key_file=self._key_file,
            password=self._password,
            ca_file=self._ca_file,
            verify=self._verify,
            subscription_id=self.transport.subscription_id or None,
        )
        self._adopt(entry.subscription_id, entry.endpoint)
        return entry.context

    def _adopt(self, subscription_id: str | None, endpoint: str | None) -> None:
        """Take the subscription and endpoint a publishsettings file names, unless given."""
        if not self.transport.subscription_id:
            if not subscription_id:
                raise InvalidInputError("subscription_id", "the publishsettings file names no subscription")
            self.transport.subscription_id = check_subscription_id(subscription_id)
        if endpoint and not self._explicit_endpoint:
            self.transport.endpoint = check_endpoint(endpoint, "ServiceManagementUrl")

    async def open(self) -> ServiceManagementSession:
        """Load the certificate and open the connection pool (done on first use otherwise)."""
        await self.transport.open()
        return self

    async def close(self) -> None:
        """Close the connection pool. The session cannot be used afterwards."""
        await self.transport.close()

    async def __aenter__(self) -> ServiceManagementSession:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
