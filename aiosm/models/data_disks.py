"""Data disks of a VM role, by LUN."""

from __future__ import annotations

from pydantic import Field

from ..xml import XmlModel
from .common import AsmEnum, Text

__all__ = ["DataDisk", "HostCaching"]


class HostCaching(AsmEnum):
    """How the host caches a disk's blob: ``None``, ``ReadOnly`` or ``ReadWrite``."""

    NONE = "None"
    READ_ONLY = "ReadOnly"
    READ_WRITE = "ReadWrite"


class DataDisk(XmlModel):
    """A data disk attached to a VM role (Get Data Disk)."""

    __xml_root__ = "DataVirtualHardDisk"
    host_caching: Text = ""
    disk_label: Text = ""
    disk_name: Text = ""
    lun: int | None = None
    logical_disk_size_in_gb: int | None = None
    media_link: Text = ""
    source_media_link: Text = ""
    io_type: Text = Field(default="", alias="IOType")
