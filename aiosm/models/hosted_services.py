"""Hosted (cloud) services."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import OMIT_EMPTY, Base64, XmlList, XmlModel
from .common import AnsweredExtendedProperties, ExtendedProperties, Text
from .deployments import Deployment
from .locations import ComputeCapabilities

__all__ = [
    "AvailabilityResponse",
    "CreateHostedService",
    "HostedService",
    "HostedServiceList",
    "HostedServiceProperties",
    "UpdateHostedService",
]


class CreateHostedService(XmlModel):
    """Body of Create Cloud Service."""

    __xml_root__ = "CreateHostedService"
    service_name: str
    label: Annotated[str, Base64]
    description: str | None = None
    location: str | None = None
    affinity_group: str | None = None
    extended_properties: ExtendedProperties | None = None


class UpdateHostedService(XmlModel):
    """Body of Update Cloud Service."""

    __xml_root__ = "UpdateHostedService"
    label: Annotated[str | None, Base64] = None
    description: str | None = None
    extended_properties: ExtendedProperties | None = None


class HostedServiceProperties(XmlModel):
    """The properties of a hosted service: label, location or affinity group, dates."""

    description: str = ""
    """Always in the service's answer (``<Description i:nil="true"/>`` when none)."""
    affinity_group: Text = ""
    location: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    status: Text = ""
    date_created: datetime | None = None
    date_last_modified: datetime | None = None
    extended_properties: AnsweredExtendedProperties = Field(default_factory=dict)


class HostedService(XmlModel):
    """A hosted (cloud) service; ``deployments`` is filled when asked with ``embed_detail``."""

    __xml_root__ = "HostedService"
    url: Text = ""
    service_name: Text = ""
    hosted_service_properties: HostedServiceProperties = Field(default_factory=HostedServiceProperties)
    deployments: Annotated[list[Deployment], XmlList("Deployment")] = Field(default_factory=list)
    compute_capabilities: ComputeCapabilities | None = None
    """The role sizes the service's location offers (List Cloud Services)."""


class HostedServiceList(XmlModel):
    """``GET /services/hostedservices``."""

    __xml_root__ = "HostedServices"
    hosted_services: Annotated[list[HostedService], XmlList("HostedService", wrapper=False)] = Field(
        default_factory=list
    )


class AvailabilityResponse(XmlModel):
    """Whether a name is free; ``reason`` says why not (the legacy SDK typed it bool)."""

    __xml_root__ = "AvailabilityResponse"
    result: bool
    reason: str = ""
    """Always in the answer (``<Reason i:nil="true"/>`` when the name is available)."""
