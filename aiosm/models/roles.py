"""Models of roles: the bodies of the VM role operations (start, restart, shut down, capture)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum
from .virtual_machines import LinuxConfigurationSet, WindowsConfigurationSet

__all__ = [
    "CaptureRoleOperation",
    "PostCaptureAction",
    "PostShutdownAction",
    "RestartRoleOperation",
    "ShutdownRoleOperation",
    "ShutdownRolesOperation",
    "StartRoleOperation",
    "StartRolesOperation",
]


class PostShutdownAction(AsmEnum):
    """What a shut-down VM keeps: its compute resources (``Stopped``) or none (``StoppedDeallocated``)."""

    STOPPED = "Stopped"
    STOPPED_DEALLOCATED = "StoppedDeallocated"


class PostCaptureAction(AsmEnum):
    """What becomes of a captured VM: deleted (``Delete``) or provisioned again (``Reprovision``)."""

    DELETE = "Delete"
    REPROVISION = "Reprovision"


class StartRoleOperation(XmlModel):
    """Body of Start Role."""

    __xml_root__ = "StartRoleOperation"
    operation_type: str = "StartRoleOperation"


class RestartRoleOperation(XmlModel):
    """Body of Restart Role."""

    __xml_root__ = "RestartRoleOperation"
    operation_type: str = "RestartRoleOperation"


class ShutdownRoleOperation(XmlModel):
    """Body of Shutdown Role: ``Stopped`` or ``StoppedDeallocated``."""

    __xml_root__ = "ShutdownRoleOperation"
    operation_type: str = "ShutdownRoleOperation"
    post_shutdown_action: str = "Stopped"


class StartRolesOperation(XmlModel):
    """Body of Start Roles: the names of the VMs to start."""

    __xml_root__ = "StartRolesOperation"
    operation_type: str = "StartRolesOperation"
    role_names: Annotated[list[str], XmlList("Name")] = Field(default_factory=list, alias="Roles")


class ShutdownRolesOperation(XmlModel):
    """Body of Shutdown Roles: the names of the VMs to shut down and how."""

    __xml_root__ = "ShutdownRolesOperation"
    operation_type: str = "ShutdownRolesOperation"
    role_names: Annotated[list[str], XmlList("Name")] = Field(default_factory=list, alias="Roles")
    post_shutdown_action: str = "Stopped"


class CaptureRoleOperation(XmlModel):
    """Body of Capture Role: the OS image to make of a stopped VM, and what becomes of the VM."""

    __xml_root__ = "CaptureRoleOperation"
    operation_type: str = "CaptureRoleOperation"
    post_capture_action: str
    provisioning_configuration: Annotated[
        list[LinuxConfigurationSet | WindowsConfigurationSet] | None,
        XmlList("ProvisioningConfiguration", wrapper=False),
    ] = None
    """At most one provisioning set, written as ``<ProvisioningConfiguration>`` (no wrapper)."""
    target_image_label: str
    target_image_name: str
