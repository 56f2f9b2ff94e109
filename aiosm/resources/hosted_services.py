"""``session.hosted_services``: cloud services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.hosted_services import (
    AvailabilityResponse,
    CreateHostedService,
    HostedService,
    HostedServiceList,
    UpdateHostedService,
)
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["HostedServicesClient"]


class HostedServicesClient(ResourceClient):
    async def list(self) -> list[HostedService]:
        """Every hosted service of the subscription (without deployments)."""
        return (await self._get("/services/hostedservices", HostedServiceList)).hosted_services

    async def get(self, service_name: str, *, embed_detail: bool = False) -> HostedService:
        """Properties of one service; ``embed_detail=True`` adds its deployments."""
        v.path_segment("service_name", service_name)
        return await self._get(
            f"/services/hostedservices/{service_name}",
            HostedService,
            query={"embed-detail": "true" if embed_detail else "false"},
        )

    async def create(
        self,
        service_name: str,
        label: str,
        description: str | None = None,
        location: str | None = None,
        affinity_group: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """Create a hosted service in a location or an affinity group (exactly one)."""
        v.hosted_service_name(service_name)
        v.label(label)
        v.description(description)
        v.location_or_affinity_group(location, affinity_group)
        body = CreateHostedService(
            service_name=service_name,
            label=label,
            description=description,
            location=location,
            affinity_group=affinity_group,
            extended_properties=v.extended_properties(extended_properties),
        )
        return await self._mutate("POST", "/services/hostedservices", body)

    async def update(
        self,
        service_name: str,
        label: str | None = None,
        description: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
    ) -> AsyncOperation:
        """Change the label and/or description (at least one)."""
        v.path_segment("service_name", service_name)
        if label is None and description is None:
            raise InvalidInputError("label/description", "give at least one of label and description")
        if label is not None:
            v.label(label)
        v.description(description)
        body = UpdateHostedService(
            label=label,
            description=description,
            extended_properties=v.extended_properties(extended_properties),
        )
        return await self._mutate("PUT", f"/services/hostedservices/{service_name}", body)

    async def delete(self, service_name: str, *, complete: bool = False) -> AsyncOperation:
        """Delete a service that has no deployments; ``complete=True`` also deletes its disks and VHDs."""
        v.path_segment("service_name", service_name)
        query = {"comp": "media"} if complete else None
        return await self._mutate("DELETE", f"/services/hostedservices/{service_name}", query=query)

    async def check_name_availability(self, service_name: str) -> AvailabilityResponse:
        """Whether ``service_name`` is free (``result``) and if not, why (``reason``)."""
        v.path_segment("service_name", service_name)
        return await self._get(
            f"/services/hostedservices/operations/isavailable/{service_name}", AvailabilityResponse
        )
