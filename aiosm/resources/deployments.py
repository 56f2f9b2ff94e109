"""``session.deployments``: cloud-service deployments in the production and staging slots."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import validation as v
from ..models.common import AsmEnum
from ..models.deployments import (
    ChangeConfiguration,
    CreateDeployment,
    Deployment,
    Swap,
    UpdateDeploymentStatus,
)
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["DeploymentStatus", "DeploymentsClient", "UpgradeMode"]


class DeploymentStatus(AsmEnum):
    RUNNING = "Running"
    SUSPENDED = "Suspended"


class UpgradeMode(AsmEnum):
    AUTO = "Auto"
    MANUAL = "Manual"


def _service_path(service_name: str) -> str:
    v.path_segment("service_name", service_name)
    return f"/services/hostedservices/{service_name}"


def _deployment_path(service_name: str, deployment_name: str) -> str:
    v.path_segment("deployment_name", deployment_name)
    return f"{_service_path(service_name)}/deployments/{deployment_name}"


class DeploymentsClient(ResourceClient):
    async def create(
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
        """Deploy a package to a slot. ``configuration`` is the .cscfg text or bytes (aiosm encodes it)."""
        path = _service_path(service_name)
        v.deployment_slot(deployment_slot)
        v.path_segment("name", name)
        v.required("package_url", package_url)
        v.label(label)
        body = CreateDeployment(
            name=name,
            package_url=package_url,
            label=label,
            configuration=v.encode_configuration(configuration),
            start_deployment=start_deployment,
            treat_warnings_as_error=treat_warnings_as_error,
            extended_properties=v.extended_properties(extended_properties),
        )
        return await self._mutate("POST", f"{path}/deploymentslots/{deployment_slot}", body)

    async def get_by_slot(self, service_name: str, deployment_slot: str) -> Deployment:
        path = _service_path(service_name)
        v.deployment_slot(deployment_slot)
        return await self._get(f"{path}/deploymentslots/{deployment_slot}", Deployment)

    async def get_by_name(self, service_name: str, deployment_name: str) -> Deployment:
        return await self._get(_deployment_path(service_name, deployment_name), Deployment)

    async def change_configuration(
        self,
        service_name: str,
        deployment_name: str,
        configuration: str | bytes,
        treat_warnings_as_error: bool = False,
        mode: str = "Auto",
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """Upload a new .cscfg (text or bytes; aiosm encodes it)."""
        path = _deployment_path(service_name, deployment_name)
        body = ChangeConfiguration(
            configuration=v.encode_configuration(configuration),
            treat_warnings_as_error=treat_warnings_as_error,
            mode=v.choice("mode", mode, UpgradeMode).value,
            extended_properties=v.extended_properties(extended_properties),
        )
        return await self._mutate("POST", f"{path}/", body, query={"comp": "config"})

    async def update_status(self, service_name: str, deployment_name: str, status: str) -> AsyncOperation:
        """Start (``Running``) or stop (``Suspended``) a deployment."""
        path = _deployment_path(service_name, deployment_name)
        body = UpdateDeploymentStatus(status=v.choice("status", status, DeploymentStatus).value)
        return await self._mutate("POST", f"{path}/", body, query={"comp": "status"})

    async def swap(self, service_name: str, production: str, source_deployment: str) -> AsyncOperation:
        """Swap the deployment in production with ``source_deployment`` (in staging)."""
        path = _service_path(service_name)
        body = Swap(
            production=v.required("production", production),
            source_deployment=v.required("source_deployment", source_deployment),
        )
        return await self._mutate("POST", path, body)

    async def delete(
        self, service_name: str, deployment_name: str, *, delete_vhd: bool = False
    ) -> AsyncOperation:
        """Delete a deployment; ``delete_vhd=True`` also deletes its disks' blobs."""
        path = _deployment_path(service_name, deployment_name)
        return await self._mutate("DELETE", path, query={"comp": "media"} if delete_vhd else None)
