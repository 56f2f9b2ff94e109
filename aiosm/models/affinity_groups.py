"""Affinity groups: named groupings that keep services close together in one location."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import OMIT_EMPTY, Base64, XmlList, XmlModel
from .common import Text
from .hosted_services import HostedServiceProperties
from .locations import ComputeCapabilities
from .storage_accounts import StorageServiceProperties

__all__ = [
    "AffinityGroup",
    "AffinityGroupHostedService",
    "AffinityGroupList",
    "AffinityGroupService",
    "AffinityGroupStorageService",
    "CreateAffinityGroup",
    "UpdateAffinityGroup",
]


class CreateAffinityGroup(XmlModel):
    """Body of Create Affinity Group."""

    __xml_root__ = "CreateAffinityGroup"
    name: str
    label: Annotated[str, Base64]
    description: str | None = None
    location: str


class UpdateAffinityGroup(XmlModel):
    """Body of Update Affinity Group."""

    __xml_root__ = "UpdateAffinityGroup"
    label: Annotated[str, Base64]
    description: str | None = None


class AffinityGroupService(XmlModel):
    """A hosted service or storage account that belongs to the group."""

    url: Text = ""
    service_name: Text = ""


class AffinityGroupHostedService(AffinityGroupService):
    """A cloud service in the group, with its properties (``AffinityGroup`` among them), as the
    service answered the legacy SDK's test of Get Affinity Group Properties."""

    hosted_service_properties: HostedServiceProperties | None = None


class AffinityGroupStorageService(AffinityGroupService):
    """A storage account in the group, with its properties."""

    storage_service_properties: StorageServiceProperties | None = None


class AffinityGroup(XmlModel):
    """An affinity group, with the hosted services and storage accounts in it."""

    __xml_root__ = "AffinityGroup"
    name: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    description: str = ""
    """Always in the service's answer, ``<Description/>`` when none."""
    location: Text = ""
    hosted_services: Annotated[list[AffinityGroupHostedService], XmlList("HostedService")] = Field(
        default_factory=list
    )
    storage_services: Annotated[list[AffinityGroupStorageService], XmlList("StorageService")] = Field(
        default_factory=list
    )
    capabilities: Annotated[list[str], XmlList("Capability")] = Field(default_factory=list)
    created_time: datetime | None = None
    compute_capabilities: ComputeCapabilities | None = None
    """The role sizes offered in the group (List Affinity Groups)."""


class AffinityGroupList(XmlModel):
    """``GET /affinitygroups``."""

    __xml_root__ = "AffinityGroups"
    affinity_groups: Annotated[list[AffinityGroup], XmlList("AffinityGroup", wrapper=False)] = Field(
        default_factory=list
    )
