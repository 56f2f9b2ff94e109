"""Disks of the subscription's disk repository: OS and data disks (VHDs) roles can attach."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text
from .os_images import OperatingSystemType

__all__ = ["AddDisk", "AttachedTo", "Disk", "DiskList", "UpdateDisk"]


class AttachedTo(XmlModel):
    """The virtual machine (role) a disk is attached to."""

    hosted_service_name: Text = ""
    deployment_name: Text = ""
    role_name: Text = ""


class Disk(XmlModel):
    """A disk of the repository: an OS disk (``os`` set) or a data disk (``os`` empty).

    ``attached_to`` is ``None`` while no virtual machine uses it.
    """

    __xml_root__ = "Disk"
    affinity_group: Text = ""
    attached_to: AttachedTo | None = None
    has_operating_system: Text = ""
    """Deprecated by the service (``os`` tells an OS disk); kept for answers that still carry it."""
    is_corrupted: bool | None = None
    os: Text = ""
    location: Text = ""
    logical_disk_size_in_gb: int | None = None
    label: Text = ""
    media_link: Text = ""
    name: Text = ""
    source_image_name: Text = ""
    created_time: datetime | None = None
    io_type: Text = Field(default="", alias="IOType")
    is_premium: bool | None = None


class DiskList(XmlModel):
    """``GET /services/disks``."""

    __xml_root__ = "Disks"
    disks: Annotated[list[Disk], XmlList("Disk", wrapper=False)] = Field(default_factory=list)


class AddDisk(XmlModel):
    """Body of Add Disk. The label is sent as plain text; no ``os`` makes a data disk."""

    __xml_root__ = "Disk"
    os: OperatingSystemType | None = None
    label: str
    media_link: str
    name: str


class UpdateDisk(XmlModel):
    """Body of Update Disk: the new label (the service ignores the rest)."""

    __xml_root__ = "Disk"
    label: str
