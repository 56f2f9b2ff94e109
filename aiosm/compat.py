"""ServiceManagementService: the legacy SDK's method names, as coroutines.

Code written for ``azure.servicemanagement`` runs with ``await`` added before
each call. Every method delegates to a resource client of the session; nothing
is implemented twice. Mutations return an :class:`~aiosm.operations.AsyncOperation`
whose ``request_id`` is what the legacy ``AsynchronousOperationResult`` held.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from . import validation as v
from .errors import OperationFailedError
from .models import (
    AffinityGroup,
    AvailabilityResponse,
    ConfigurationSet,
    DataVirtualHardDisk,
    Deployment,
    HostedService,
    LinuxConfigurationSet,
    Location,
    OperatingSystem,
    OperatingSystemFamily,
    Operation,
    OSImage,
    OSVirtualHardDisk,
    Role,
    StorageService,
    WindowsConfigurationSet,
)
from .operations import AsyncOperation
from .session import CertificateSource, ServiceManagementSession

__all__ = ["ServiceManagementService"]


def _endpoint(host: str | None) -> str | None:
    if host is None or "://" in host:
        return host
    return f"https://{host}"


class ServiceManagementService:
    """The legacy ``ServiceManagementService`` API over a :class:`ServiceManagementSession`.

    The constructor is synchronous; the connection opens on the first call.
    Close it with ``await sms.close()`` or use ``async with``.
    """

    def __init__(
        self,
        subscription_id: str | None = None,
        cert_file: CertificateSource | None = None,
        host: str | None = None,
        **session_options: Any,
    ) -> None:
        self.session = ServiceManagementSession(
            subscription_id, cert_file, endpoint=_endpoint(host), **session_options
        )

    def __repr__(self) -> str:
        return f"<ServiceManagementService {self.session!r}>"

    @property
    def subscription_id(self) -> str:
        return self.session.subscription_id

    async def close(self) -> None:
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

    async def get_operation_status(self, request_id: str) -> Operation:
        return await self.session.operations.get(request_id)

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

    # -- locations -------------------------------------------------------------------

    async def list_locations(self) -> list[Location]:
        return await self.session.locations.list()

    # -- hosted services ---------------------------------------------------------------

    async def list_hosted_services(self) -> list[HostedService]:
        return await self.session.hosted_services.list()

    async def get_hosted_service_properties(
        self, service_name: str, embed_detail: bool = False
    ) -> HostedService:
        return await self.session.hosted_services.get(service_name, embed_detail=embed_detail)

    async def create_hosted_service(
        self,
        service_name: str,
        label: str,
        description: str | None = None,
        location: str | None = None,
        affinity_group: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        return await self.session.hosted_services.create(
            service_name, label, description, location, affinity_group, extended_properties
        )

    async def update_hosted_service(
        self,
        service_name: str,
        label: str | None = None,
        description: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        return await self.session.hosted_services.update(
            service_name, label, description, extended_properties
        )

    async def delete_hosted_service(self, service_name: str, complete: bool = False) -> AsyncOperation:
        return await self.session.hosted_services.delete(service_name, complete=complete)

    async def check_hosted_service_name_availability(self, service_name: str) -> AvailabilityResponse:
        return await self.session.hosted_services.check_name_availability(service_name)

    # -- deployments -------------------------------------------------------------------

    async def get_deployment_by_slot(self, service_name: str, deployment_slot: str) -> Deployment:
        return await self.session.deployments.get_by_slot(service_name, deployment_slot)

    async def get_deployment_by_name(self, service_name: str, deployment_name: str) -> Deployment:
        return await self.session.deployments.get_by_name(service_name, deployment_name)

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
        """``configuration`` is the base64-encoded .cscfg, as in the legacy SDK."""
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

    async def change_deployment_configuration(
        self,
        service_name: str,
        deployment_name: str,
        configuration: str | bytes,
        treat_warnings_as_error: bool = False,
        mode: str = "Auto",
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """``configuration`` is the base64-encoded .cscfg, as in the legacy SDK."""
        return await self.session.deployments.change_configuration(
            service_name,
            deployment_name,
            v.decode_base64("configuration", configuration),
            treat_warnings_as_error,
            mode,
            extended_properties,
        )

    async def update_deployment_status(
        self, service_name: str, deployment_name: str, status: str
    ) -> AsyncOperation:
        return await self.session.deployments.update_status(service_name, deployment_name, status)

    async def swap_deployment(
        self, service_name: str, production: str, source_deployment: str
    ) -> AsyncOperation:
        return await self.session.deployments.swap(service_name, production, source_deployment)

    async def delete_deployment(
        self, service_name: str, deployment_name: str, delete_vhd: bool = False
    ) -> AsyncOperation:
        return await self.session.deployments.delete(service_name, deployment_name, delete_vhd=delete_vhd)

    # -- storage accounts ----------------------------------------------------------------

    async def list_storage_accounts(self) -> list[StorageService]:
        return await self.session.storage_accounts.list()

    async def get_storage_account_properties(self, service_name: str) -> StorageService:
        return await self.session.storage_accounts.get(service_name)

    async def get_storage_account_keys(self, service_name: str) -> StorageService:
        return await self.session.storage_accounts.get_keys(service_name)

    async def regenerate_storage_account_keys(self, service_name: str, key_type: str) -> StorageService:
        return await self.session.storage_accounts.regenerate_keys(service_name, key_type)

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
        if geo_replication_enabled is False:
            account_type = "Standard_LRS"
        return await self.session.storage_accounts.create(
            service_name, description, label, affinity_group, location, extended_properties, account_type
        )

    async def update_storage_account(
        self,
        service_name: str,
        description: str | None = None,
        label: str | None = None,
        geo_replication_enabled: bool | None = None,
        extended_properties: Mapping[str, Any] | None = None,
        account_type: str | None = None,
    ) -> AsyncOperation:
        if geo_replication_enabled is False and account_type is None:
            account_type = "Standard_LRS"
        return await self.session.storage_accounts.update(
            service_name, description, label, extended_properties, account_type
        )

    async def delete_storage_account(self, service_name: str) -> AsyncOperation:
        return await self.session.storage_accounts.delete(service_name)

    async def check_storage_account_name_availability(self, service_name: str) -> AvailabilityResponse:
        return await self.session.storage_accounts.check_name_availability(service_name)

    # -- affinity groups -------------------------------------------------------------------

    async def list_affinity_groups(self) -> list[AffinityGroup]:
        return await self.session.affinity_groups.list()

    async def get_affinity_group_properties(self, affinity_group_name: str) -> AffinityGroup:
        return await self.session.affinity_groups.get(affinity_group_name)

    async def create_affinity_group(
        self, name: str, label: str, location: str, description: str | None = None
    ) -> AsyncOperation:
        return await self.session.affinity_groups.create(name, label, location, description)

    async def update_affinity_group(
        self, affinity_group_name: str, label: str, description: str | None = None
    ) -> AsyncOperation:
        return await self.session.affinity_groups.update(affinity_group_name, label, description)

    async def delete_affinity_group(self, affinity_group_name: str) -> AsyncOperation:
        return await self.session.affinity_groups.delete(affinity_group_name)

    # -- operating systems -------------------------------------------------------------------

    async def list_operating_systems(self) -> list[OperatingSystem]:
        return await self.session.operating_systems.list()

    async def list_operating_system_families(self) -> list[OperatingSystemFamily]:
        return await self.session.operating_systems.list_families()

    # -- OS images -----------------------------------------------------------------------------

    async def list_os_images(self) -> list[OSImage]:
        return await self.session.os_images.list()

    async def get_os_image(self, image_name: str) -> OSImage:
        return await self.session.os_images.get(image_name)

    async def add_os_image(self, label: str, media_link: str, name: str, os: str) -> AsyncOperation:
        return await self.session.os_images.add(label, media_link, name, os)

    async def update_os_image(
        self, image_name: str, label: str, media_link: str, name: str, os: str
    ) -> AsyncOperation:
        return await self.session.os_images.update(image_name, label, media_link, name, os)

    async def delete_os_image(self, image_name: str, delete_vhd: bool = False) -> AsyncOperation:
        return await self.session.os_images.delete(image_name, delete_vhd=delete_vhd)

    # -- virtual machines ---------------------------------------------------------------------

    async def create_virtual_machine_deployment(
        self,
        service_name: str,
        deployment_name: str,
        deployment_slot: str,
        label: str,
        role_name: str,
        system_config: LinuxConfigurationSet | WindowsConfigurationSet | None,
        os_virtual_hard_disk: OSVirtualHardDisk | None,
        network_config: ConfigurationSet | None = None,
        availability_set_name: str | None = None,
        data_virtual_hard_disks: Sequence[DataVirtualHardDisk] | None = None,
        role_size: str | None = None,
        role_type: str = "PersistentVMRole",
        virtual_network_name: str | None = None,
        provision_guest_agent: bool | None = None,
        vm_image_name: str | None = None,
        media_location: str | None = None,
        reserved_ip_name: str | None = None,
    ) -> AsyncOperation:
        return await self.session.virtual_machines.create_deployment(
            service_name,
            deployment_name,
            deployment_slot,
            label,
            role_name,
            system_config,
            os_virtual_hard_disk,
            network_config=network_config,
            availability_set_name=availability_set_name,
            data_virtual_hard_disks=data_virtual_hard_disks,
            role_size=role_size,
            role_type=role_type,
            virtual_network_name=virtual_network_name,
            provision_guest_agent=provision_guest_agent,
            vm_image_name=vm_image_name,
            media_location=media_location,
            reserved_ip_name=reserved_ip_name,
        )

    async def get_role(self, service_name: str, deployment_name: str, role_name: str) -> Role:
        return await self.session.virtual_machines.get_role(service_name, deployment_name, role_name)
