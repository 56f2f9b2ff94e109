"""``session.deployments``: cloud-service deployments in the production and staging slots."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..models.common import AsmEnum
from ..models.deployments import (
    ChangeConfiguration,
    CreateDeployment,
    Deployment,
    Swap,
    UpdateDeploymentStatus,
)
from ..operation import LONG_RUNNING, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .hosted_services import ServiceName

__all__ = ["DeploymentStatus", "DeploymentsClient", "DeploymentsLegacy", "UpgradeMode"]


class DeploymentStatus(AsmEnum):
    """The state a deployment is asked to be in."""

    RUNNING = "Running"
    SUSPENDED = "Suspended"


class UpgradeMode(AsmEnum):
    """How an upgrade or configuration change walks the upgrade domains."""

    AUTO = "Auto"
    MANUAL = "Manual"


DeploymentName = Annotated[str, v.SEGMENT]
Slot = Annotated[str, v.SLOT]
Properties = Annotated[Mapping[str, Any] | None, v.EXTENDED_PROPERTIES]
Configuration = Annotated[str | bytes, v.CONFIGURATION]
_HS = "/services/hostedservices/{service_name}"
_DEP = _HS + "/deployments/{deployment_name}"
LOCK = "cloud_service:{service_name}"
"""Every deployment mutation of a cloud service takes its exclusive access (as Azure does); reads
name it too, so bulk runs them in order with the mutations (the emulator locks mutations only)."""
_CSCFG = "<ServiceConfiguration><Role name='WebRole1'><Instances count='1'/></Role></ServiceConfiguration>"


class DeploymentsClient(ResourceClient):
    """Deployments of a cloud service's package, addressed by slot or by name."""

    @operation(
        "POST",
        _HS + "/deploymentslots/{deployment_slot}",
        body=CreateDeployment,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="create_deployment",
        example={
            "service_name": "mysvc",
            "deployment_slot": "staging",
            "name": "v1",
            "package_url": "https://store.blob.core.windows.net/pkgs/app.cspkg",
            "label": "v1",
            "configuration": _CSCFG,
            "start_deployment": True,
            "extended_properties": {"owner": "ops"},
        },
    )
    async def create(
        self,
        service_name: ServiceName,
        deployment_slot: Slot,
        name: DeploymentName,
        package_url: Annotated[str, v.REQUIRED],
        label: Annotated[str, v.LABEL],
        configuration: Configuration,
        start_deployment: bool = False,
        treat_warnings_as_error: bool = False,
        extended_properties: Properties = None,
    ) -> AsyncOperation:
        """Deploy a package to a slot. ``configuration`` is the .cscfg text or bytes (aiosm encodes it)."""

    @operation(
        "GET",
        _HS + "/deploymentslots/{deployment_slot}",
        answer=Deployment,
        lock=LOCK,
        legacy="get_deployment_by_slot",
        example={"service_name": "mysvc", "deployment_slot": "production"},
    )
    async def get_by_slot(self, service_name: ServiceName, deployment_slot: Slot) -> Deployment:
        """The deployment in a slot (``production`` or ``staging``)."""

    @operation(
        "GET",
        _DEP,
        answer=Deployment,
        lock=LOCK,
        legacy="get_deployment_by_name",
        example={"service_name": "mysvc", "deployment_name": "v1"},
    )
    async def get_by_name(self, service_name: ServiceName, deployment_name: DeploymentName) -> Deployment:
        """A deployment by name, with its roles and role instances."""

    @operation(
        "POST",
        _DEP + "/",
        query={"comp": "config"},
        body=ChangeConfiguration,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="change_deployment_configuration",
        example={
            "service_name": "mysvc",
            "deployment_name": "v1",
            "configuration": _CSCFG,
            "mode": "Manual",
        },
    )
    async def change_configuration(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        configuration: Configuration,
        treat_warnings_as_error: bool = False,
        mode: Annotated[str, v.choice_rule(UpgradeMode, value=True)] = "Auto",
        extended_properties: Properties = None,
    ) -> AsyncOperation:
        """Upload a new .cscfg (text or bytes; aiosm encodes it)."""

    @operation(
        "POST",
        _DEP + "/",
        query={"comp": "status"},
        body=UpdateDeploymentStatus,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="update_deployment_status",
        example={"service_name": "mysvc", "deployment_name": "v1", "status": "Suspended"},
    )
    async def update_status(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        status: Annotated[str, v.choice_rule(DeploymentStatus, value=True)],
    ) -> AsyncOperation:
        """Start (``Running``) or stop (``Suspended``) a deployment."""

    @operation(
        "POST",
        _HS,
        body=Swap,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="swap_deployment",
        example={"service_name": "mysvc", "production": "v1", "source_deployment": "v2"},
    )
    async def swap(
        self,
        service_name: ServiceName,
        production: Annotated[str, v.REQUIRED],
        source_deployment: Annotated[str, v.REQUIRED],
    ) -> AsyncOperation:
        """Swap the deployment in production with ``source_deployment`` (in staging)."""

    @operation(
        "DELETE",
        _DEP,
        query={"comp": flag("delete_vhd", "media")},
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="delete_deployment",
        example={"service_name": "mysvc", "deployment_name": "v1", "delete_vhd": True},
    )
    async def delete(
        self, service_name: ServiceName, deployment_name: DeploymentName, delete_vhd: bool = False
    ) -> AsyncOperation:
        """Delete a deployment; ``delete_vhd=True`` also deletes its disks' blobs."""


class DeploymentsLegacy:
    """Legacy facade methods of this family (create and change_configuration take base64 in compat)."""

    get_deployment_by_slot = legacy(DeploymentsClient.get_by_slot)
    get_deployment_by_name = legacy(DeploymentsClient.get_by_name)
    update_deployment_status = legacy(DeploymentsClient.update_status)
    swap_deployment = legacy(DeploymentsClient.swap)
    delete_deployment = legacy(DeploymentsClient.delete)
