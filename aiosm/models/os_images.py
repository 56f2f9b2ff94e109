"""OS images in the image repository (platform and user images)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum

__all__ = ["AddOSImage", "OSImage", "OSImageList", "OperatingSystemType"]


class OperatingSystemType(AsmEnum):
    LINUX = "Linux"
    WINDOWS = "Windows"


class AddOSImage(XmlModel):
    """Body of Add OS Image / Update OS Image. The label is sent as plain text."""

    __xml_root__ = "OSImage"
    label: str
    media_link: str
    name: str
    os: OperatingSystemType


class OSImage(XmlModel):
    __xml_root__ = "OSImage"
    affinity_group: str = ""
    category: str = ""
    label: str = ""
    location: str = ""
    logical_size_in_gb: int | None = Field(default=None, alias="LogicalSizeInGB")  # an integer on the wire
    media_link: str = ""
    name: str = ""
    os: str = Field(default="", alias="OS")
    eula: str = ""
    description: str = ""
    image_family: str = ""
    show_in_gui: bool | None = None
    published_date: datetime | None = None
    is_premium: bool | None = None
    icon_uri: str = ""
    privacy_uri: str = ""
    recommended_vm_size: str = Field(default="", alias="RecommendedVMSize")
    publisher_name: str = ""
    pricing_detail_link: str = ""
    small_icon_uri: str = ""
    os_state: str = Field(default="", alias="OSState")
    language: str = ""
    io_type: str = Field(default="", alias="IOType")


class OSImageList(XmlModel):
    __xml_root__ = "Images"
    images: Annotated[list[OSImage], XmlList("OSImage", wrapper=False), Field(alias="OSImage")] = Field(
        default_factory=list
    )
