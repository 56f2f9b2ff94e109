"""Hosted (cloud) services."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import Base64, XmlList, XmlModel
from .common import ExtendedProperties
from .deployments import Deployment

__all__ = [
    "AvailabilityResponse",
    "CreateHostedService",
    "HostedService",
    "HostedServiceList",
    "HostedServiceProperties",
    "UpdateHostedService",
]


class CreateHostedService(XmlModel):
    __xml_root__ = "CreateHostedService"
    service_name: str
    label: Annotated[str, Base64]
    description: str | None = None
    location: str | None = None
    affinity_group: str | None = None
    extended_properties: ExtendedProperties | None = None


class UpdateHostedService(XmlModel):
    __xml_root__ = "UpdateHostedService"
    label: Annotated[str | None, Base64] = None
    description: str | None = None
    extended_properties: ExtendedProperties | None = None


class HostedServiceProperties(XmlModel):
    description: str = ""
    affinity_group: str = ""
    location: str = ""
    label: Annotated[str, Base64] = ""
    status: str = ""
    date_created: datetime | None = None
    date_last_modified: datetime | None = None
    extended_properties: ExtendedProperties = Field(default_factory=dict)


class HostedService(XmlModel):
    __xml_root__ = "HostedService"
    url: str = ""
    service_name: str = ""
    hosted_service_properties: HostedServiceProperties = Field(default_factory=HostedServiceProperties)
    deployments: Annotated[list[Deployment], XmlList("Deployment")] = Field(default_factory=list)


class HostedServiceList(XmlModel):
    __xml_root__ = "HostedServices"
    hosted_services: Annotated[
        list[HostedService], XmlList("HostedService", wrapper=False), Field(alias="HostedService")
    ] = Field(default_factory=list)


class AvailabilityResponse(XmlModel):
    """Whether a name is free; ``reason`` says why not (the legacy SDK typed it bool)."""

    __xml_root__ = "AvailabilityResponse"
    result: bool
    reason: str = ""
