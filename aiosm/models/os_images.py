"""OS images in the image repository (platform and user images)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = ["AddOSImage", "OSImage", "OSImageList", "OperatingSystemType"]


class OperatingSystemType(AsmEnum):
    """The operating system of an image or disk: ``Linux`` or ``Windows``."""

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
    """An OS image: a platform image or one of the subscription's own."""

    __xml_root__ = "OSImage"
    affinity_group: Text = ""
    category: Text = ""
    label: Text = ""
    location: Text = ""
    logical_size_in_gb: int | None = None  # an integer on the wire
    media_link: Text = ""
    name: Text = ""
    os: Text = ""
    eula: Text = ""
    description: Text = ""
    image_family: Text = ""
    show_in_gui: bool | None = None
    published_date: datetime | None = None
    is_premium: bool | None = None
    icon_uri: Text = ""
    privacy_uri: Text = ""
    recommended_vm_size: Text = ""
    publisher_name: Text = ""
    pricing_detail_link: Text = ""
    small_icon_uri: Text = ""
    os_state: Text = ""
    language: Text = ""
    io_type: Text = Field(default="", alias="IOType")


class OSImageList(XmlModel):
    """``GET /services/images``."""

    __xml_root__ = "Images"
    images: Annotated[list[OSImage], XmlList("OSImage", wrapper=False)] = Field(default_factory=list)
