"""``session.virtual_machines``: VM deployments and their roles."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

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
from ..operation import LONG_RUNNING, legacy, operation, same_operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName, DeploymentsClient, Slot
from .hosted_services import ServiceName

__all__ = ["VirtualMachinesClient", "VirtualMachinesLegacy"]

RoleName = Annotated[str, v.SEGMENT]


def _check_provisioning(config: Any) -> None:
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


def _check_vm(values: Mapping[str, Any]) -> None:
    """The rules across a VM deployment's arguments."""
    if values["role_type"] != "PersistentVMRole":
        raise InvalidInputError("role_type", "must be 'PersistentVMRole'")
    if values["system_config"] is not None:
        _check_provisioning(values["system_config"])
    disk = values["os_virtual_hard_disk"]
    if disk is not None and not isinstance(disk, OSVirtualHardDisk):
        raise InvalidInputError("os_virtual_hard_disk", "must be an OSVirtualHardDisk")
    network = values["network_config"]
    if network is not None and not isinstance(network, ConfigurationSet):
        raise InvalidInputError("network_config", "must be a ConfigurationSet (the network configuration)")
    data_disks = values["data_virtual_hard_disks"]
    if data_disks is not None and not all(isinstance(d, DataVirtualHardDisk) for d in data_disks):
        raise InvalidInputError("data_virtual_hard_disks", "must be a list of DataVirtualHardDisk")
    if disk is None and values["vm_image_name"] is None:
        raise InvalidInputError(
            "os_virtual_hard_disk", "give an OS disk (or a vm_image_name) for the virtual machine"
        )
    if disk is not None and not (disk.source_image_name or disk.remote_source_image_link or disk.disk_name):
        raise InvalidInputError(
            "os_virtual_hard_disk",
            "needs a source_image_name, a remote_source_image_link or an existing disk_name",
        )


def _vm_deployment(values: Mapping[str, Any]) -> VirtualMachineDeployment:
    sets = [s for s in (values["system_config"], values["network_config"]) if s is not None]
    data_disks = values["data_virtual_hard_disks"]
    role = VirtualMachineRole(
        role_name=values["role_name"],
        role_type=values["role_type"],
        configuration_sets=sets or None,
        vm_image_name=values["vm_image_name"],
        media_location=values["media_location"],
        availability_set_name=values["availability_set_name"],
        data_virtual_hard_disks=list(data_disks) if data_disks else None,
        os_virtual_hard_disk=values["os_virtual_hard_disk"],
        role_size=values["role_size"],
        provision_guest_agent=values["provision_guest_agent"],
    )
    return VirtualMachineDeployment(
        name=values["deployment_name"],
        deployment_slot=values["deployment_slot"],
        label=values["label"],
        role_list=[role],
        virtual_network_name=values["virtual_network_name"],
        reserved_ip_name=values["reserved_ip_name"],
    )


class VirtualMachinesClient(ResourceClient):
    """Virtual machines: VM deployments and their (persistent VM) roles."""

    @operation(
        "POST",
        "/services/hostedservices/{service_name}/deployments",
        body=VirtualMachineDeployment,
        build=_vm_deployment,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(_check_vm,),
        legacy="create_virtual_machine_deployment",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "deployment_slot": "production",
            "label": "my vm",
            "role_name": "myvm",
            "system_config": LinuxConfigurationSet("myvm", "azureuser", "Secret-pa55", True),
            "os_virtual_hard_disk": OSVirtualHardDisk(
                "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB",
                "https://store.blob.core.windows.net/vhds/myvm.vhd",
            ),
            "role_size": "Small",
        },
    )
    async def create_deployment(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        deployment_slot: Slot,
        label: Annotated[str, v.LABEL],
        role_name: RoleName,
        system_config: LinuxConfigurationSet | WindowsConfigurationSet | None,
        os_virtual_hard_disk: OSVirtualHardDisk | None,
        network_config: ConfigurationSet | None = None,
        availability_set_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        data_virtual_hard_disks: Sequence[DataVirtualHardDisk] | None = None,
        role_size: Annotated[str | None, v.OPTIONAL_STRING] = None,
        role_type: str = "PersistentVMRole",
        virtual_network_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        vm_image_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        media_location: Annotated[str | None, v.OPTIONAL_STRING] = None,
        provision_guest_agent: bool | None = None,
        reserved_ip_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Create a deployment holding one virtual machine (role) in an existing hosted service."""

    @operation(
        "GET",
        "/services/hostedservices/{service_name}/deployments/{deployment_name}/roles/{role_name}",
        answer=Role,
        lock=LOCK,
        legacy="get_role",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_name": "myvm"},
    )
    async def get_role(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_name: RoleName
    ) -> Role:
        """One VM role: its disks, configuration sets and size."""

    @same_operation("deployments.delete")
    async def delete_deployment(
        self, service_name: str, deployment_name: str, delete_vhd: bool = False
    ) -> AsyncOperation:
        """Delete a VM deployment (the seed's way to delete a virtual machine): ``deployments.delete``."""
        deployments = DeploymentsClient(self._transport, self._operations)
        return await deployments.delete(service_name, deployment_name, delete_vhd)


class VirtualMachinesLegacy:
    """Legacy facade methods of this family (create_virtual_machine_deployment is adapted in compat)."""

    get_role = legacy(VirtualMachinesClient.get_role)
