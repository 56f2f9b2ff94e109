"""Locations (data centres) of the subscription."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text

__all__ = ["ComputeCapabilities", "Location", "LocationList", "StorageCapabilities"]


class ComputeCapabilities(XmlModel):
    """The role sizes a location offers to web/worker roles and to virtual machines."""

    web_worker_role_sizes: Annotated[list[str], XmlList("RoleSize")] = Field(default_factory=list)
    virtual_machines_role_sizes: Annotated[list[str], XmlList("RoleSize")] = Field(default_factory=list)


class StorageCapabilities(XmlModel):
    """The storage account types a location offers."""

    storage_account_types: Annotated[list[str], XmlList("AccountType")] = Field(default_factory=list)


class Location(XmlModel):
    """A data-centre location, with the services and role sizes it offers."""

    name: Text = ""
    display_name: Text = ""
    available_services: Annotated[list[str], XmlList("AvailableService")] = Field(default_factory=list)
    compute_capabilities: ComputeCapabilities | None = None
    storage_capabilities: StorageCapabilities | None = None


class LocationList(XmlModel):
    """``GET /locations``."""

    __xml_root__ = "Locations"
    locations: Annotated[list[Location], XmlList("Location", wrapper=False)] = Field(default_factory=list)
