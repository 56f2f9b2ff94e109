"""``session.deployments``: cloud-service deployments in the production and staging slots."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.common import AsmEnum
from ..models.deployments import (
    ChangeConfiguration,
    CreateDeployment,
    Deployment,
    RollbackUpdateOrUpgrade,
    Swap,
    UpdateDeploymentStatus,
    UpgradeDeployment,
    WalkUpgradeDomain,
)
from ..operation import LONG_RUNNING, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient
from .hosted_services import ServiceName

__all__ = ["DeploymentStatus", "DeploymentsClient", "DeploymentsLegacy", "RollbackMode", "UpgradeMode"]


class DeploymentStatus(AsmEnum):
    """The state a deployment is asked to be in."""

    RUNNING = "Running"
    SUSPENDED = "Suspended"


class UpgradeMode(AsmEnum):
    """How an upgrade or configuration change walks the upgrade domains."""

    AUTO = "Auto"
    MANUAL = "Manual"
    SIMULTANEOUS = "Simultaneous"
    """Every upgrade domain at once (the service's third mode, API version 2012-12-01 and later)."""


class RollbackMode(AsmEnum):
    """How a rollback walks the upgrade domains: by itself, or one Walk Upgrade Domain at a time."""

    AUTO = "Auto"
    MANUAL = "Manual"


def _upgrade_domain(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 20:
        raise InvalidInputError(field, "must be a 0-based upgrade domain number (0 to 19)")
    return value


UPGRADE_DOMAIN = v.Rule(_upgrade_domain, "a 0-based upgrade domain number")
"""An upgrade domain: a whole number from 0 (a deployment has at most 20 upgrade domains)."""


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

    @operation(
        "POST",
        _DEP + "/",
        query={"comp": "upgrade"},
        body=UpgradeDeployment,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="upgrade_deployment",
        example={
            "service_name": "mysvc",
            "deployment_name": "v1",
            "mode": "Manual",
            "package_url": "https://store.blob.core.windows.net/pkgs/app-v2.cspkg",
            "configuration": _CSCFG,
            "label": "v2",
            "force": False,
            "role_to_upgrade": "WebRole1",
            "extended_properties": {"release": "2"},
        },
    )
    async def upgrade(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        mode: Annotated[str, v.choice_rule(UpgradeMode, value=True)],
        package_url: Annotated[str, v.REQUIRED],
        configuration: Configuration,
        label: Annotated[str, v.LABEL],
        force: bool = False,
        role_to_upgrade: Annotated[str | None, v.OPTIONAL_STRING] = None,
        extended_properties: Properties = None,
    ) -> AsyncOperation:
        """Upgrade a deployment in place to a new package and .cscfg (text or bytes; aiosm encodes it).

        ``Auto`` and ``Simultaneous`` walk every upgrade domain by themselves (the operation ends
        with the upgrade); ``Manual`` starts the upgrade, and :meth:`walk_upgrade_domain` then
        updates each domain in order. ``UpgradeStatus`` of Get Deployment shows the progress.
        """

    @operation(
        "POST",
        _DEP + "/",
        query={"comp": "walkupgradedomain"},
        body=WalkUpgradeDomain,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="walk_upgrade_domain",
        example={"service_name": "mysvc", "deployment_name": "v1", "upgrade_domain": 0},
    )
    async def walk_upgrade_domain(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        upgrade_domain: Annotated[int, UPGRADE_DOMAIN],
    ) -> AsyncOperation:
        """Update the next upgrade domain of a manual upgrade or configuration change (0, 1, ...
        in order; the upgrade is complete after the last one)."""

    @operation(
        "POST",
        _DEP + "/",
        query={"comp": "rollback"},
        body=RollbackUpdateOrUpgrade,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        legacy="rollback_update_or_upgrade",
        example={"service_name": "mysvc", "deployment_name": "v1", "mode": "Auto", "force": True},
    )
    async def rollback(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        mode: Annotated[str, v.choice_rule(RollbackMode, value=True)],
        force: bool = False,
    ) -> AsyncOperation:
        """Cancel the upgrade or configuration change in progress and return to the package and
        .cscfg before it (``RollbackAllowed`` of Get Deployment says whether one is in progress).
        ``Manual``: walk the upgrade domains again to apply the rollback."""


class DeploymentsLegacy:
    """Legacy facade methods of this family (create, change_configuration and upgrade take base64 in
    compat)."""

    get_deployment_by_slot = legacy(DeploymentsClient.get_by_slot)
    get_deployment_by_name = legacy(DeploymentsClient.get_by_name)
    update_deployment_status = legacy(DeploymentsClient.update_status)
    swap_deployment = legacy(DeploymentsClient.swap)
    delete_deployment = legacy(DeploymentsClient.delete)
    walk_upgrade_domain = legacy(DeploymentsClient.walk_upgrade_domain)
    rollback_update_or_upgrade = legacy(DeploymentsClient.rollback)
