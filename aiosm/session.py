"""ServiceManagementSession: credentials, one connection pool, and the resource clients."""

from __future__ import annotations

import asyncio
import os
import ssl
from types import TracebackType

from .credentials import ManagementCertificate, build_ssl_context, load_certificate
from .errors import InvalidInputError
from .operations import OperationsClient, PollPolicy
from .resources import (
    AffinityGroupsClient,
    DeploymentsClient,
    HostedServicesClient,
    LocationsClient,
    OperatingSystemsClient,
    OSImagesClient,
    StorageAccountsClient,
    VirtualMachinesClient,
)
from .transport import DEFAULT_API_VERSION, DEFAULT_ENDPOINT, RetryPolicy, Transport

__all__ = ["CertificateSource", "ServiceManagementSession"]

CertificateSource = str | os.PathLike[str] | ManagementCertificate | ssl.SSLContext

ENV_SUBSCRIPTION = "AZURE_MANAGEMENT_SUBSCRIPTIONID"
ENV_CERTFILE = "AZURE_MANAGEMENT_CERTFILE"


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
        connection_limit: int = 100,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        proxy: str | None = None,
        trust_env: bool = False,
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
        )
        self.operations = OperationsClient(self.transport, poll or PollPolicy())
        self.locations = LocationsClient(self.transport, self.operations)
        self.hosted_services = HostedServicesClient(self.transport, self.operations)
        self.deployments = DeploymentsClient(self.transport, self.operations)
        self.storage_accounts = StorageAccountsClient(self.transport, self.operations)
        self.affinity_groups = AffinityGroupsClient(self.transport, self.operations)
        self.operating_systems = OperatingSystemsClient(self.transport, self.operations)
        self.os_images = OSImagesClient(self.transport, self.operations)
        self.virtual_machines = VirtualMachinesClient(self.transport, self.operations)

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
            cert = source
        else:
            cert = await asyncio.to_thread(
                load_certificate,
                source,
                key_file=self._key_file,
                password=self._password,
                subscription_id=self.transport.subscription_id or None,
            )
        if not self.transport.subscription_id:
            if not cert.subscription_id:
                raise InvalidInputError("subscription_id", "the publishsettings file names no subscription")
            self.transport.subscription_id = cert.subscription_id
        if cert.endpoint and not self._explicit_endpoint:
            self.transport.endpoint = cert.endpoint.rstrip("/")
        return await asyncio.to_thread(build_ssl_context, cert, ca_file=self._ca_file, verify=self._verify)

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
