"""Models of VM images: captured or published images of a whole VM (OS disk and data disks)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "CaptureRoleAsVMImage",
    "CreateVMImage",
    "DataDiskConfiguration",
    "OSDiskConfiguration",
    "OSState",
    "UpdateVMImage",
    "VMImage",
    "VMImageList",
]


class OSState(AsmEnum):
    """The state of an image's operating system: sysprepped/deprovisioned, or as it ran."""

    GENERALIZED = "Generalized"
    SPECIALIZED = "Specialized"


def _positional(
    names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any], cls: str
) -> dict[str, Any]:
    """The legacy SDK's positional constructor arguments, by name."""
    if len(args) > len(names):
        raise TypeError(f"{cls}() takes at most {len(names)} positional arguments")
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls}() got multiple values for argument {name!r}")
        kwargs[name] = value
    return kwargs


class OSDiskConfiguration(XmlModel):
    """The OS disk of a VM image: caching, OS state, OS, its blob and size."""

    name: str | None = None
    host_caching: str | None = None
    os_state: str | None = None
    os: str | None = None
    media_link: str | None = None
    logical_disk_size_in_gb: int | None = None
    io_type: str | None = Field(default=None, alias="IOType")


class DataDiskConfiguration(XmlModel):
    """One data disk of a VM image: name, caching, LUN, its blob and size."""

    name: str | None = None
    host_caching: str | None = None
    lun: int | None = None
    media_link: str | None = None
    logical_disk_size_in_gb: int | None = None
    io_type: str | None = Field(default=None, alias="IOType")


DataDisks = Annotated[list[DataDiskConfiguration], XmlList("DataDiskConfiguration")]


class VMImage(XmlModel):
    """A VM image, as listed; also what ``create_vm_image`` and ``update_vm_image`` take.

    ``VMImage('myimage', 'my label', 'description')`` as in the legacy SDK; set
    ``os_disk_configuration`` (and ``data_disk_configurations``) before creating one.
    """

    __xml_root__ = "VMImage"
    name: Text = ""
    label: Text = ""
    category: Text = ""
    description: Text = ""
    os_disk_configuration: OSDiskConfiguration | None = None
    data_disk_configurations: DataDisks = Field(default_factory=list)
    service_name: Text = ""
    deployment_name: Text = ""
    role_name: Text = ""
    location: Text = ""
    affinity_group: Text = ""
    created_time: datetime | None = None
    modified_time: datetime | None = None
    language: Text = ""
    image_family: Text = ""
    recommended_vm_size: Text = ""
    is_premium: bool | None = None
    eula: Text = ""
    icon_uri: Text = ""
    small_icon_uri: Text = ""
    privacy_uri: Text = ""
    publisher_name: Text = ""
    published_date: datetime | None = None
    show_in_gui: bool | None = None
    pricing_detail_link: Text = ""
    vm_image_state: Text = ""
    role_state_on_capture: Text = ""
    role_size_on_capture: Text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**_positional(("name", "label", "description"), args, kwargs, "VMImage"))

    @property
    def locations(self) -> list[str]:
        """The ``;``-separated ``location`` as a list."""
        return [part.strip() for part in self.location.split(";") if part.strip()]


class VMImageList(XmlModel):
    """``GET /services/vmimages``."""

    __xml_root__ = "VMImages"
    vm_images: Annotated[list[VMImage], XmlList("VMImage", wrapper=False)] = Field(default_factory=list)


class CreateVMImage(XmlModel):
    """Body of Create VM Image (from a :class:`VMImage`): the OS disk's state, OS and blob,
    and the data disks' LUNs, blobs and sizes."""

    __xml_root__ = "VMImage"
    name: str = ""  # required: checked before sending (and by the emulator when absent)
    label: str = ""
    description: str | None = None
    os_disk_configuration: OSDiskConfiguration
    data_disk_configurations: Annotated[
        list[DataDiskConfiguration] | None, XmlList("DataDiskConfiguration")
    ] = None  # left out when there is none
    language: str | None = None
    image_family: str | None = None
    recommended_vm_size: str | None = None
    eula: str | None = None
    icon_uri: str | None = None
    small_icon_uri: str | None = None
    privacy_uri: str | None = None
    published_date: str | None = None
    show_in_gui: bool | None = None


class UpdateVMImage(XmlModel):
    """Body of Update VM Image: label, description, disk caching (data disks by name and LUN)
    and the image's metadata."""

    __xml_root__ = "VMImage"
    label: str | None = None
    description: str | None = None
    os_disk_configuration: OSDiskConfiguration = Field(default_factory=OSDiskConfiguration)
    data_disk_configurations: DataDisks = Field(default_factory=list)
    language: str | None = None
    image_family: str | None = None
    recommended_vm_size: str | None = None
    eula: str | None = None
    icon_uri: str | None = None
    small_icon_uri: str | None = None
    privacy_uri: str | None = None
    published_date: str | None = None
    show_in_gui: bool | None = None


class CaptureRoleAsVMImage(XmlModel):
    """Capture a VM as a VM image (``capture_vm_image``'s ``options``).

    ``CaptureRoleAsVMImage('Specialized', 'myimage', 'my label', 'description')`` as in the
    legacy SDK. A ``Generalized`` capture deletes the VM; stop the VM first.
    """

    __xml_root__ = "CaptureRoleAsVMImageOperation"
    operation_type: str = "CaptureRoleAsVMImageOperation"
    os_state: str
    vm_image_name: str
    vm_image_label: str
    description: str | None = None
    language: str | None = None
    image_family: str | None = None
    recommended_vm_size: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = (
            "os_state",
            "vm_image_name",
            "vm_image_label",
            "description",
            "language",
            "image_family",
            "recommended_vm_size",
        )
        super().__init__(**_positional(names, args, kwargs, "CaptureRoleAsVMImage"))
