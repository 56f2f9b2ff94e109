"""``session.virtual_machines``: VM deployments and their roles."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import asyncio
import weakref
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError, NotFoundError
from ..models.deployments import Deployment, DnsServer, Role
from ..models.virtual_machines import (
    ConfigurationSet,
    DataVirtualHardDisk,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ResourceExtensionReference,
    VirtualMachineDeployment,
    VirtualMachineRole,
    WindowsConfigurationSet,
    _DnsServerEntry,
    _DnsServers,
)
from ..operation import LONG_RUNNING, legacy, operation, same_operation
from ..operations import AsyncOperation, OperationsClient
from ..transport import Transport
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName, DeploymentsClient, Slot
from .hosted_services import ServiceName

__all__ = ["VirtualMachinesClient", "VirtualMachinesLegacy"]

RoleName = Annotated[str, v.SEGMENT]


def _listed(field: str, value: Any) -> list[Any] | None:
    """Any iterable (a generator too) as a list, so the checks and the body see the same items."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or hasattr(value, "model_fields"):
        raise InvalidInputError(field, "must be a list")
    try:
        return list(value)
    except TypeError:
        raise InvalidInputError(field, "must be a list") from None


LISTED = v.Rule(_listed, "a list (any iterable)", on_server=False)
DataDisks = Annotated[Sequence[DataVirtualHardDisk] | None, LISTED]
Extensions = Annotated[Sequence[ResourceExtensionReference] | None, LISTED]
DnsServers = Annotated[Sequence[DnsServer] | None, LISTED]


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


def check_vm_role(values: Mapping[str, Any]) -> None:
    """The rules across a VM role's arguments (Create Virtual Machine Deployment, Add Role)."""
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
    extensions = values.get("resource_extension_references")
    if extensions is not None and not all(isinstance(e, ResourceExtensionReference) for e in extensions):
        raise InvalidInputError(
            "resource_extension_references", "must be a list of ResourceExtensionReference"
        )
    if disk is None and values["vm_image_name"] is None:
        raise InvalidInputError(
            "os_virtual_hard_disk", "give an OS disk (or a vm_image_name) for the virtual machine"
        )
    if disk is not None and not (disk.source_image_name or disk.remote_source_image_link or disk.disk_name):
        raise InvalidInputError(
            "os_virtual_hard_disk",
            "needs a source_image_name, a remote_source_image_link or an existing disk_name",
        )


def _check_vm(values: Mapping[str, Any]) -> None:
    """The rules across a VM deployment's arguments."""
    check_vm_role(values)
    for server in values["dns_servers"] or ():
        if not (getattr(server, "name", None) and getattr(server, "address", None)):
            raise InvalidInputError("dns_servers", "each DNS server needs a name and an address")


def vm_role(values: Mapping[str, Any]) -> VirtualMachineRole:
    """The ``<PersistentVMRole>`` (or ``<Role>``) of a VM from the arguments named like the legacy SDK's."""
    sets = [s for s in (values.get("system_config"), values.get("network_config")) if s is not None]
    data_disks = values.get("data_virtual_hard_disks")
    extensions = values.get("resource_extension_references")
    return VirtualMachineRole(
        role_name=values["role_name"],
        role_type=values.get("role_type") or "PersistentVMRole",
        configuration_sets=sets or None,
        resource_extension_references=list(extensions) if extensions else None,
        vm_image_name=values.get("vm_image_name"),
        media_location=values.get("media_location"),
        availability_set_name=values.get("availability_set_name"),
        data_virtual_hard_disks=list(data_disks) if data_disks else None,
        os_virtual_hard_disk=values.get("os_virtual_hard_disk"),
        role_size=values.get("role_size"),
        provision_guest_agent=values.get("provision_guest_agent"),
    )


def _vm_deployment(values: Mapping[str, Any]) -> VirtualMachineDeployment:
    servers = values["dns_servers"]
    dns = (
        _DnsServers(dns_servers=[_DnsServerEntry(name=d.name, address=d.address) for d in servers])
        if servers
        else None
    )
    return VirtualMachineDeployment(
        name=values["deployment_name"],
        deployment_slot=values["deployment_slot"],
        label=values["label"],
        role_list=[vm_role(values)],
        virtual_network_name=values["virtual_network_name"],
        dns=dns,
        reserved_ip_name=values["reserved_ip_name"],
    )


class VirtualMachinesClient(ResourceClient):
    """Virtual machines: VM deployments and their (persistent VM) roles."""

    def __init__(self, transport: Transport, operations: OperationsClient) -> None:
        super().__init__(transport, operations)
        self._creating: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        """The lock of each cloud service a :meth:`create` is under way in (gone when none is)."""

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
        data_virtual_hard_disks: DataDisks = None,
        role_size: Annotated[str | None, v.OPTIONAL_STRING] = None,
        role_type: str = "PersistentVMRole",
        virtual_network_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        resource_extension_references: Extensions = None,
        provision_guest_agent: bool | None = None,
        vm_image_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        media_location: Annotated[str | None, v.OPTIONAL_STRING] = None,
        dns_servers: DnsServers = None,
        reserved_ip_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Create a deployment holding one virtual machine (role) in an existing hosted service.

        The arguments are the legacy SDK's, in its order. To add a VM to a cloud service whether or
        not it has a deployment yet, use :meth:`create`.
        """

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

    async def create(
        self,
        service_name: str,
        role_name: str,
        system_config: LinuxConfigurationSet | WindowsConfigurationSet | None,
        os_virtual_hard_disk: OSVirtualHardDisk | None,
        network_config: ConfigurationSet | None = None,
        *,
        deployment_name: str | None = None,
        label: str | None = None,
        availability_set_name: str | None = None,
        data_virtual_hard_disks: Sequence[DataVirtualHardDisk] | None = None,
        role_size: str | None = None,
        resource_extension_references: Sequence[ResourceExtensionReference] | None = None,
        provision_guest_agent: bool | None = None,
        vm_image_name: str | None = None,
        media_location: str | None = None,
        virtual_network_name: str | None = None,
        dns_servers: Sequence[DnsServer] | None = None,
        reserved_ip_name: str | None = None,
        timeout: float | None = None,
    ) -> AsyncOperation:
        """Create a VM in a cloud service, whether or not the service has a deployment yet.

        With no production deployment, this creates one holding the VM (Create Virtual Machine
        Deployment, named ``deployment_name`` or else the service's name, labelled ``label`` or
        else its name); otherwise it adds the VM to that deployment (Add Role; the deployment-level
        arguments ``virtual_network_name``, ``dns_servers`` and ``reserved_ip_name`` then do not apply).
        Creates in one service are serialized within this session, and each waits for its
        operation (``timeout`` in seconds, else the session's poll policy), so two concurrent creates never
        both try to create the deployment. Returns the completed operation.
        """
        key = service_name.lower()
        lock = self._creating.get(key)
        if lock is None:
            lock = self._creating[key] = asyncio.Lock()
        async with lock:
            deployments = DeploymentsClient(self._transport, self._operations)
            try:
                existing: Deployment | None = await deployments.get_by_slot(service_name, "production")
            except NotFoundError:
                existing = None
            if existing is None:
                name = deployment_name or service_name
                op = await self.create_deployment(
                    service_name,
                    name,
                    "production",
                    label or name,
                    role_name,
                    system_config,
                    os_virtual_hard_disk,
                    network_config,
                    availability_set_name,
                    data_virtual_hard_disks,
                    role_size,
                    virtual_network_name=virtual_network_name,
                    resource_extension_references=resource_extension_references,
                    provision_guest_agent=provision_guest_agent,
                    vm_image_name=vm_image_name,
                    media_location=media_location,
                    dns_servers=dns_servers,
                    reserved_ip_name=reserved_ip_name,
                )
            else:
                from .roles import RolesClient  # roles builds on this module

                op = await RolesClient(self._transport, self._operations).add(
                    service_name,
                    existing.name,
                    role_name,
                    system_config,
                    os_virtual_hard_disk,
                    network_config,
                    availability_set_name,
                    data_virtual_hard_disks,
                    role_size,
                    resource_extension_references=resource_extension_references,
                    provision_guest_agent=provision_guest_agent,
                    vm_image_name=vm_image_name,
                    media_location=media_location,
                )
            if timeout is None:
                await op.wait()
            else:
                await op.wait(timeout=timeout)
            return op

    @same_operation("deployments.delete")
    async def delete_deployment(
        self, service_name: str, deployment_name: str, delete_vhd: bool = False
    ) -> AsyncOperation:
        """Delete a VM deployment (the seed's way to delete a virtual machine): ``deployments.delete``."""
        deployments = DeploymentsClient(self._transport, self._operations)
        return await deployments.delete(service_name, deployment_name, delete_vhd)


class VirtualMachinesLegacy:
    """Legacy facade methods of this family."""

    create_virtual_machine_deployment = legacy(VirtualMachinesClient.create_deployment)
    get_role = legacy(VirtualMachinesClient.get_role)
