"""``session.virtual_machines``: VM deployments and their roles."""

from __future__ import annotations

from collections.abc import Sequence

from .. import validation as v
from ..errors import InvalidInputError
from ..models.deployments import Role
from ..models.virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    VirtualMachineDeployment,
    VirtualMachineRole,
    WindowsConfigurationSet,
)
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["VirtualMachinesClient"]


def _check_provisioning(config: LinuxConfigurationSet | WindowsConfigurationSet) -> None:
    if isinstance(config, LinuxConfigurationSet):
        v.required("system_config.host_name", config.host_name)
        if not 1 <= len(config.host_name or "") <= 64:
            raise InvalidInputError("system_config.host_name", "must be 1-64 characters")
        v.required("system_config.user_name", config.user_name)
        if len(config.user_name or "") > 32:
            raise InvalidInputError("system_config.user_name", "must be 1-32 characters")
        if config.user_password is not None and not 6 <= len(config.user_password.get_secret_value()) <= 72:
            raise InvalidInputError("system_config.user_password", "must be 6-72 characters")
    elif isinstance(config, WindowsConfigurationSet):
        if config.computer_name is not None and not 1 <= len(config.computer_name) <= 15:
            raise InvalidInputError("system_config.computer_name", "must be 1-15 characters")
        v.required("system_config.admin_password", config.admin_password)
    else:
        raise InvalidInputError(
            "system_config", "must be a LinuxConfigurationSet or a WindowsConfigurationSet"
        )


class VirtualMachinesClient(ResourceClient):
    async def create_deployment(
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
        vm_image_name: str | None = None,
        media_location: str | None = None,
        provision_guest_agent: bool | None = None,
        reserved_ip_name: str | None = None,
    ) -> AsyncOperation:
        """Create a deployment holding one virtual machine (role) in an existing hosted service."""
        v.path_segment("service_name", service_name)
        v.path_segment("deployment_name", deployment_name)
        v.deployment_slot(deployment_slot)
        v.label(label)
        v.path_segment("role_name", role_name)
        if role_type != "PersistentVMRole":
            raise InvalidInputError("role_type", "must be 'PersistentVMRole'")
        if system_config is not None:
            _check_provisioning(system_config)
        if os_virtual_hard_disk is not None and not isinstance(os_virtual_hard_disk, OSVirtualHardDisk):
            raise InvalidInputError("os_virtual_hard_disk", "must be an OSVirtualHardDisk")
        if network_config is not None and not isinstance(network_config, ConfigurationSet):
            raise InvalidInputError(
                "network_config", "must be a ConfigurationSet (the network configuration)"
            )
        if data_virtual_hard_disks is not None and not all(
            isinstance(disk, DataVirtualHardDisk) for disk in data_virtual_hard_disks
        ):
            raise InvalidInputError("data_virtual_hard_disks", "must be a list of DataVirtualHardDisk")
        if os_virtual_hard_disk is None and vm_image_name is None:
            raise InvalidInputError(
                "os_virtual_hard_disk", "give an OS disk (or a vm_image_name) for the virtual machine"
            )
        if os_virtual_hard_disk is not None and not (
            os_virtual_hard_disk.source_image_name
            or os_virtual_hard_disk.remote_source_image_link
            or os_virtual_hard_disk.disk_name
        ):
            raise InvalidInputError(
                "os_virtual_hard_disk",
                "needs a source_image_name, a remote_source_image_link or an existing disk_name",
            )
        sets: list[LinuxConfigurationSet | WindowsConfigurationSet | ConfigurationSet] = []
        if system_config is not None:
            sets.append(system_config)
        if network_config is not None:
            sets.append(network_config)
        role = VirtualMachineRole(
            role_name=role_name,
            role_type=role_type,
            configuration_sets=sets or None,
            vm_image_name=vm_image_name,
            media_location=media_location,
            availability_set_name=availability_set_name,
            data_virtual_hard_disks=list(data_virtual_hard_disks) if data_virtual_hard_disks else None,
            os_virtual_hard_disk=os_virtual_hard_disk,
            role_size=role_size,
            provision_guest_agent=provision_guest_agent,
        )
        body = VirtualMachineDeployment(
            name=deployment_name,
            deployment_slot=deployment_slot,
            label=label,
            role_list=[role],
            virtual_network_name=virtual_network_name,
            reserved_ip_name=reserved_ip_name,
        )
        return await self._mutate("POST", f"/services/hostedservices/{service_name}/deployments", body)

    async def get_role(self, service_name: str, deployment_name: str, role_name: str) -> Role:
        v.path_segment("service_name", service_name)
        v.path_segment("deployment_name", deployment_name)
        v.path_segment("role_name", role_name)
        return await self._get(
            f"/services/hostedservices/{service_name}/deployments/{deployment_name}/roles/{role_name}",
            Role,
        )

    async def delete_deployment(
        self, service_name: str, deployment_name: str, *, delete_vhd: bool = False
    ) -> AsyncOperation:
        """Delete a VM deployment (the seed's way to delete a virtual machine)."""
        v.path_segment("service_name", service_name)
        v.path_segment("deployment_name", deployment_name)
        return await self._mutate(
            "DELETE",
            f"/services/hostedservices/{service_name}/deployments/{deployment_name}",
            query={"comp": "media"} if delete_vhd else None,
        )
