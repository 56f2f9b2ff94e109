"""``session.hosted_services``: cloud services."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..models.hosted_services import (
    AvailabilityResponse,
    CreateHostedService,
    HostedService,
    HostedServiceList,
    UpdateHostedService,
)
from ..operation import LONG_RUNNING, boolean, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["HostedServicesClient", "HostedServicesLegacy", "ServiceName"]

ServiceName = Annotated[str, v.SEGMENT, v.HOSTED_SERVICE_NAME]
"""A cloud service named in a URL path."""
Properties = Annotated[Mapping[str, Any] | None, v.EXTENDED_PROPERTIES]
_HS = "/services/hostedservices/{service_name}"


class HostedServicesClient(ResourceClient):
    """Cloud (hosted) services: the DNS name and container of deployments."""

    @operation(
        "GET",
        "/services/hostedservices",
        answer=HostedServiceList,
        unwrap="hosted_services",
        legacy="list_hosted_services",
    )
    async def list(self) -> builtins.list[HostedService]:
        """Every hosted service of the subscription (without deployments)."""

    @operation(
        "GET",
        _HS,
        query={"embed-detail": boolean("embed_detail")},
        answer=HostedService,
        legacy="get_hosted_service_properties",
        example={"service_name": "mysvc", "embed_detail": True},
    )
    async def get(self, service_name: ServiceName, embed_detail: bool = False) -> HostedService:
        """Properties of one service; ``embed_detail=True`` adds its deployments."""

    @operation(
        "POST",
        "/services/hostedservices",
        body=CreateHostedService,
        answer=LONG_RUNNING,
        statuses=(201,),
        legacy="create_hosted_service",
        checks=(v.one_of("location", "affinity_group", service_message=v.LOCATION_XOR_GROUP),),
        example={"service_name": "mysvc", "label": "my service", "description": "d", "location": "West US"},
    )
    async def create(
        self,
        service_name: Annotated[str, v.HOSTED_SERVICE_NAME],
        label: Annotated[str, v.LABEL],
        description: Annotated[str | None, v.DESCRIPTION] = None,
        location: Annotated[str | None, v.OPTIONAL_STRING] = None,
        affinity_group: Annotated[str | None, v.OPTIONAL_STRING] = None,
        extended_properties: Properties = None,
    ) -> AsyncOperation:
        """Create a hosted service in a location or an affinity group (exactly one); 201: done at once."""

    @operation(
        "PUT",
        _HS,
        body=UpdateHostedService,
        answer=LONG_RUNNING,
        legacy="update_hosted_service",
        checks=(v.at_least_one("label", "description", field="label/description"),),
        example={"service_name": "mysvc", "label": "new label"},
    )
    async def update(
        self,
        service_name: ServiceName,
        label: Annotated[str | None, v.OPTIONAL_LABEL] = None,
        description: Annotated[str | None, v.DESCRIPTION] = None,
        extended_properties: Properties = None,
    ) -> AsyncOperation:
        """Change the label and/or description (at least one)."""

    @operation(
        "DELETE",
        _HS,
        query={"comp": flag("complete", "media")},
        answer=LONG_RUNNING,
        lock="cloud_service:{service_name}",
        legacy="delete_hosted_service",
        example={"service_name": "mysvc", "complete": True},
    )
    async def delete(self, service_name: ServiceName, complete: bool = False) -> AsyncOperation:
        """Delete a service that has no deployments; ``complete=True`` also deletes its disks and VHDs."""

    @operation(
        "GET",
        "/services/hostedservices/operations/isavailable/{service_name}",
        answer=AvailabilityResponse,
        legacy="check_hosted_service_name_availability",
        example={"service_name": "mysvc"},
    )
    async def check_name_availability(self, service_name: Annotated[str, v.SEGMENT]) -> AvailabilityResponse:
        """Whether ``service_name`` is free (``result``) and if not, why (``reason``)."""


class HostedServicesLegacy:
    """Legacy facade methods of this family."""

    list_hosted_services = legacy(HostedServicesClient.list)
    get_hosted_service_properties = legacy(HostedServicesClient.get)
    create_hosted_service = legacy(HostedServicesClient.create)
    update_hosted_service = legacy(HostedServicesClient.update)
    delete_hosted_service = legacy(HostedServicesClient.delete)
    check_hosted_service_name_availability = legacy(HostedServicesClient.check_name_availability)
