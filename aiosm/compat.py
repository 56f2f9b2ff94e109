"""ServiceManagementService: the legacy SDK's method names, as coroutines.

Code written for ``azure.servicemanagement`` runs with ``await`` added before
each call. The methods come from the operation table: each family's ``*Legacy``
mixin (beside its resource client) forwards the legacy name to the declared
operation; only the calls whose legacy arguments really differ are adapted here.
Mutations return an :class:`~aiosm.operations.AsyncOperation`
whose ``request_id`` is what the legacy ``AsynchronousOperationResult`` held.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

from . import validation as v
from .errors import InvalidInputError, OperationFailedError
from .models import (
    Operation,
)
from .operation import legacy, same_operation
from .operations import AsyncOperation, OperationsClient
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

__all__ = ["ServiceManagementService"]


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

    async def wait_for_operation_status(
        self,
        request_id: str,
        wait_for_status: str = "Succeeded",
        timeout: float = 30,
        sleep_interval: float = 5,
    ) -> Operation:
        """Poll every ``sleep_interval`` seconds until the operation reaches ``wait_for_status``."""
        handle = self.session.operations.resume(request_id)
        try:
            return await handle.wait(timeout=timeout, poll_interval=sleep_interval)
        except OperationFailedError:
            if wait_for_status == "Failed" and handle.result is not None:
                return handle.result
            raise

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
