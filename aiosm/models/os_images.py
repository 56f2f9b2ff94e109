"""OS images in the image repository (platform and user images)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import KEEP_EMPTY, XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "AddOSImage",
    "ComputeImageAttributes",
    "OSImage",
    "OSImageDetails",
    "OSImageList",
    "OperatingSystemType",
    "ReplicationInput",
    "ReplicationProgressElement",
    "UpdateOSImage",
]


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


class UpdateOSImage(XmlModel):
    """Body of Update OS Image: the label and the image's metadata, each sent only when given.

    ``media_link``, ``name`` and ``os`` are what the legacy ``update_os_image`` repeats (the
    service keeps the image's own); the metadata elements are the REST reference's Update form.
    A metadata element sent empty (``<Eula></Eula>``, as the legacy SDK sends what is unset)
    reads as ``""``: it empties the image's value.
    """

    __xml_root__ = "OSImage"
    label: str
    media_link: str | None = None
    name: str | None = None
    os: OperatingSystemType | None = None
    eula: Annotated[str | None, KEEP_EMPTY] = None
    description: Annotated[str | None, KEEP_EMPTY] = None
    image_family: Annotated[str | None, KEEP_EMPTY] = None
    show_in_gui: bool | None = None
    published_date: str | None = None
    icon_uri: Annotated[str | None, KEEP_EMPTY] = None
    privacy_uri: Annotated[str | None, KEEP_EMPTY] = None
    recommended_vm_size: Annotated[str | None, KEEP_EMPTY] = None
    small_icon_uri: Annotated[str | None, KEEP_EMPTY] = None
    language: Annotated[str | None, KEEP_EMPTY] = None


class ComputeImageAttributes(XmlModel):
    """The publisher's offer, SKU and version of a replicated image."""

    offer: str
    sku: str
    version: str


class ReplicationInput(XmlModel):
    """Body of Replicate OS Image: the target regions and the image's offer, SKU and version."""

    target_locations: Annotated[list[str], XmlList("Region")]
    compute_image_attributes: ComputeImageAttributes


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
    language: Text = ""
    """Before ``OSState``, as the service sends it (``test_update_os_image_from_image_reference``)."""
    os_state: Text = ""
    io_type: Text = Field(default="", alias="IOType")


class OSImageList(XmlModel):
    """``GET /services/images``."""

    __xml_root__ = "Images"
    images: Annotated[list[OSImage], XmlList("OSImage", wrapper=False)] = Field(default_factory=list)


class ReplicationProgressElement(XmlModel):
    """How far the replication of an image to one location has gone (percent)."""

    location: Text = ""
    progress: int | None = None


class OSImageDetails(XmlModel):
    """``GET /services/images/{name}/details``: the image and its replication progress."""

    __xml_root__ = "OSImageDetails"
    affinity_group: Text = ""
    category: Text = ""
    label: Text = ""
    location: Text = ""
    logical_size_in_gb: int | None = None
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
    language: Text = ""
    replication_progress: Annotated[
        list[ReplicationProgressElement], XmlList("ReplicationProgressElement")
    ] = Field(default_factory=list)
    compute_image_attributes: ComputeImageAttributes | None = None
