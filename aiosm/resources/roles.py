"""``session.roles``: VM roles of a deployment."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.roles import (
    CaptureRoleOperation,
    PostCaptureAction,
    PostShutdownAction,
    RestartRoleOperation,
    ShutdownRoleOperation,
    ShutdownRolesOperation,
    StartRoleOperation,
    StartRolesOperation,
)
from ..models.virtual_machines import (
    ConfigurationSet,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    VirtualMachineRole,
    WindowsConfigurationSet,
)
from ..operation import LONG_RUNNING, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName
from .hosted_services import ServiceName
from .virtual_machines import DataDisks, Extensions, RoleName, check_vm_role, vm_role

__all__ = ["RolesClient", "RolesLegacy"]

_DEP = "/services/hostedservices/{service_name}/deployments/{deployment_name}"
_ROLE_OPERATIONS = _DEP + "/roleinstances/{role_name}/Operations"
"""Where the single-VM operations go (the VM's role name; capital ``O``), told apart by the body root."""
_ROLES_OPERATIONS = _DEP + "/roles/Operations"

ShutdownAction = Annotated[str, v.choice_rule(PostShutdownAction, value=True)]
CaptureAction = Annotated[str, v.choice_rule(PostCaptureAction, value=True)]
_UBUNTU = "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB"


def _check_update(values: Mapping[str, Any]) -> None:
    """The rules across Update Role's arguments (no provisioning set, VM image or media location)."""
    check_vm_role({**values, "system_config": None, "vm_image_name": "", "os_virtual_hard_disk": None})
    disk = values["os_virtual_hard_disk"]
    if disk is not None and not isinstance(disk, OSVirtualHardDisk):
        raise InvalidInputError("os_virtual_hard_disk", "must be an OSVirtualHardDisk")


def _update_body(values: Mapping[str, Any]) -> VirtualMachineRole:
    return vm_role({**values, "system_config": None, "vm_image_name": None, "media_location": None})


def _role_names(field: str, names: Any) -> list[str]:
    """Any iterable of names (a generator too, as the legacy SDK took) as a list, checked."""
    if isinstance(names, str) or names is None:
        raise InvalidInputError(field, "must be a non-empty list of role names")
    try:
        found = list(names)
    except TypeError:
        raise InvalidInputError(field, "must be a non-empty list of role names") from None
    if not found or not all(isinstance(n, str) and n for n in found):
        raise InvalidInputError(field, "must be a non-empty list of role names")
    return found


RoleNames = Annotated[Iterable[str], v.Rule(_role_names, "a non-empty list of role names", on_server=False)]


def _check_capture(values: Mapping[str, Any]) -> None:
    config = values["provisioning_configuration"]
    if config is not None and not isinstance(config, (LinuxConfigurationSet, WindowsConfigurationSet)):
        raise InvalidInputError(
            "provisioning_configuration", "must be a LinuxConfigurationSet or a WindowsConfigurationSet"
        )
    if config is None and values["post_capture_action"] == PostCaptureAction.REPROVISION.value:
        raise InvalidInputError("provisioning_configuration", "is required to reprovision the VM")


def _capture_body(values: Mapping[str, Any]) -> CaptureRoleOperation:
    config = values["provisioning_configuration"]
    return CaptureRoleOperation(
        post_capture_action=values["post_capture_action"],
        provisioning_configuration=[config] if config is not None else None,
        target_image_label=values["target_image_label"],
        target_image_name=values["target_image_name"],
    )


def _start_many(values: Mapping[str, Any]) -> StartRolesOperation:
    return StartRolesOperation(role_names=list(values["role_names"]))


def _shutdown_many(values: Mapping[str, Any]) -> ShutdownRolesOperation:
    return ShutdownRolesOperation(
        role_names=list(values["role_names"]), post_shutdown_action=values["post_shutdown_action"]
    )


class RolesClient(ResourceClient):
    """Virtual machine roles of a deployment: add, update, delete, capture, start, restart and shut down."""

    @operation(
        "POST",
        _DEP + "/roles",
        body=VirtualMachineRole,
        build=vm_role,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(check_vm_role,),
        legacy="add_role",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "role_name": "myvm2",
            "system_config": LinuxConfigurationSet("myvm2", "azureuser", "Secret-pa55", True),
            "os_virtual_hard_disk": OSVirtualHardDisk(
                _UBUNTU, "https://store.blob.core.windows.net/vhds/b.vhd"
            ),
            "role_size": "Small",
        },
    )
    async def add(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        system_config: LinuxConfigurationSet | WindowsConfigurationSet | None,
        os_virtual_hard_disk: OSVirtualHardDisk | None,
        network_config: ConfigurationSet | None = None,
        availability_set_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        data_virtual_hard_disks: DataDisks = None,
        role_size: Annotated[str | None, v.OPTIONAL_STRING] = None,
        role_type: str = "PersistentVMRole",
        resource_extension_references: Extensions = None,
        provision_guest_agent: bool | None = None,
        vm_image_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        media_location: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Add a virtual machine to an existing VM deployment (its name must be new there)."""

    @operation(
        "PUT",
        _DEP + "/roles/{role_name}",
        body=VirtualMachineRole,
        build=_update_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(_check_update,),
        legacy="update_role",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "role_name": "myvm",
            "network_config": ConfigurationSet(subnet_names=[]),
            "role_size": "Medium",
        },
    )
    async def update(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        os_virtual_hard_disk: OSVirtualHardDisk | None = None,
        network_config: ConfigurationSet | None = None,
        availability_set_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        data_virtual_hard_disks: DataDisks = None,
        role_size: Annotated[str | None, v.OPTIONAL_STRING] = None,
        role_type: str = "PersistentVMRole",
        resource_extension_references: Extensions = None,
        provision_guest_agent: bool | None = None,
    ) -> AsyncOperation:
        """Change a VM: size, network configuration (endpoints), availability set, extensions.

        What is not given is left as it is; the network configuration given replaces the VM's.
        """

    @operation(
        "DELETE",
        _DEP + "/roles/{role_name}",
        query={"comp": flag("complete", "media")},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="delete_role",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_name": "myvm2", "complete": True},
    )
    async def delete(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        complete: bool = False,
    ) -> AsyncOperation:
        """Delete a VM of a deployment that has others (delete the deployment to delete its last VM);
        ``complete=True`` also deletes its disks and their blobs."""

    @operation(
        "POST",
        _ROLE_OPERATIONS,
        body=CaptureRoleOperation,
        build=_capture_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(_check_capture,),
        legacy="capture_role",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "role_name": "myvm",
            "post_capture_action": "Delete",
            "target_image_name": "myimage",
            "target_image_label": "my image",
        },
    )
    async def capture(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        post_capture_action: CaptureAction,
        target_image_name: Annotated[str, v.REQUIRED_STRING],
        target_image_label: Annotated[str, v.LABEL],
        provisioning_configuration: LinuxConfigurationSet | WindowsConfigurationSet | None = None,
    ) -> AsyncOperation:
        """Capture a stopped VM as an OS image (a user image); ``post_capture_action`` is ``Delete``
        (the VM is deleted) or ``Reprovision`` (it is provisioned again with
        ``provisioning_configuration``)."""

    @operation(
        "POST",
        _ROLE_OPERATIONS,
        body=StartRoleOperation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="start_role",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_name": "myvm"},
    )
    async def start(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_name: RoleName
    ) -> AsyncOperation:
        """Start a stopped VM."""

    @operation(
        "POST",
        _ROLES_OPERATIONS,
        body=StartRolesOperation,
        build=_start_many,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="start_roles",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_names": ["myvm", "myvm2"]},
    )
    async def start_many(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_names: RoleNames
    ) -> AsyncOperation:
        """Start several VMs of a deployment in one operation."""

    @operation(
        "POST",
        _ROLE_OPERATIONS,
        body=RestartRoleOperation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="restart_role",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_name": "myvm"},
    )
    async def restart(
        self, service_name: ServiceName, deployment_name: DeploymentName, role_name: RoleName
    ) -> AsyncOperation:
        """Restart a running VM."""

    @operation(
        "POST",
        _ROLE_OPERATIONS,
        body=ShutdownRoleOperation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="shutdown_role",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "role_name": "myvm",
            "post_shutdown_action": "StoppedDeallocated",
        },
    )
    async def shutdown(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        post_shutdown_action: ShutdownAction = "Stopped",
    ) -> AsyncOperation:
        """Shut a VM down: ``Stopped`` keeps its compute resources (still billed),
        ``StoppedDeallocated`` releases them."""

    @operation(
        "POST",
        _ROLES_OPERATIONS,
        body=ShutdownRolesOperation,
        build=_shutdown_many,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="shutdown_roles",
        example={"service_name": "mysvc", "deployment_name": "myvm", "role_names": ["myvm", "myvm2"]},
    )
    async def shutdown_many(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_names: RoleNames,
        post_shutdown_action: ShutdownAction = "Stopped",
    ) -> AsyncOperation:
        """Shut several VMs of a deployment down in one operation (``Stopped`` or ``StoppedDeallocated``)."""


class RolesLegacy:
    """Legacy facade methods of this family."""

    add_role = legacy(RolesClient.add)
    update_role = legacy(RolesClient.update)
    delete_role = legacy(RolesClient.delete)
    capture_role = legacy(RolesClient.capture)
    start_role = legacy(RolesClient.start)
    start_roles = legacy(RolesClient.start_many)
    restart_role = legacy(RolesClient.restart)
    shutdown_role = legacy(RolesClient.shutdown)
    shutdown_roles = legacy(RolesClient.shutdown_many)
