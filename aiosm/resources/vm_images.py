"""``session.vm_images``: VM images."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.vm_images import (
    CaptureRoleAsVMImage,
    CreateVMImage,
    DataDiskConfiguration,
    OSDiskConfiguration,
    OSState,
    UpdateVMImage,
    VMImage,
    VMImageList,
)
from ..operation import LONG_RUNNING, flag, legacy, operation, optional
from ..operations import AsyncOperation
from . import _image_filter as filters
from ._base import ResourceClient
from .deployments import LOCK, DeploymentName
from .hosted_services import ServiceName
from .os_images import published_date_text

__all__ = ["VMImagesClient", "VMImagesLegacy"]

VMImageName = Annotated[str, v.SEGMENT]
RoleName = Annotated[str, v.SEGMENT]
_BASE = "/services/vmimages"
_IMAGE = "/services/vmimages/{vm_image_name}"
_METADATA = (
    "language",
    "image_family",
    "recommended_vm_size",
    "eula",
    "icon_uri",
    "small_icon_uri",
    "privacy_uri",
)


def _image(values: Mapping[str, Any]) -> VMImage:
    image = values["vm_image"]
    if not isinstance(image, VMImage):
        raise InvalidInputError("vm_image", "must be a VMImage")
    return image


def _metadata(image: VMImage) -> dict[str, Any]:
    found: dict[str, Any] = {name: getattr(image, name) or None for name in _METADATA}
    found["published_date"] = published_date_text(image.published_date)
    found["show_in_gui"] = image.show_in_gui
    return found


def _check_create(values: Mapping[str, Any]) -> None:
    image = _image(values)
    v.label(image.label, "vm_image.label")
    if not image.name:
        raise InvalidInputError("vm_image.name", "required")
    v.path_segment("vm_image.name", image.name)
    disk = image.os_disk_configuration
    if disk is None:
        raise InvalidInputError("vm_image.os_disk_configuration", "required")
    for name in ("os_state", "os", "media_link"):
        if not getattr(disk, name):
            raise InvalidInputError(f"vm_image.os_disk_configuration.{name}", "required")
    v.choice("vm_image.os_disk_configuration.os_state", disk.os_state, OSState)
    for i, data_disk in enumerate(image.data_disk_configurations):
        if not data_disk.media_link:
            raise InvalidInputError(f"vm_image.data_disk_configurations[{i}].media_link", "required")


def _create_body(values: Mapping[str, Any]) -> CreateVMImage:
    image = _image(values)
    disk = image.os_disk_configuration or OSDiskConfiguration()
    data_disks = [
        DataDiskConfiguration(
            host_caching=d.host_caching,
            lun=d.lun,
            media_link=d.media_link,
            logical_disk_size_in_gb=d.logical_disk_size_in_gb,
        )
        for d in image.data_disk_configurations
    ]
    return CreateVMImage(
        name=image.name,
        label=image.label,
        description=image.description or None,
        os_disk_configuration=OSDiskConfiguration(
            host_caching=disk.host_caching, os_state=disk.os_state, os=disk.os, media_link=disk.media_link
        ),
        data_disk_configurations=data_disks or None,
        **_metadata(image),
    )


def _check_update(values: Mapping[str, Any]) -> None:
    image = _image(values)
    if image.label:
        v.label(image.label, "vm_image.label")
    for i, data_disk in enumerate(image.data_disk_configurations):
        if not data_disk.name:
            raise InvalidInputError(f"vm_image.data_disk_configurations[{i}].name", "required")


def _update_body(values: Mapping[str, Any]) -> UpdateVMImage:
    image = _image(values)
    disk = image.os_disk_configuration or OSDiskConfiguration()
    return UpdateVMImage(
        label=image.label or None,
        description=image.description or None,
        os_disk_configuration=OSDiskConfiguration(host_caching=disk.host_caching),
        data_disk_configurations=[
            DataDiskConfiguration(name=d.name, host_caching=d.host_caching, lun=d.lun)
            for d in image.data_disk_configurations
        ],
        **_metadata(image),
    )


def _check_capture(values: Mapping[str, Any]) -> None:
    options = values["options"]
    if not isinstance(options, CaptureRoleAsVMImage):
        raise InvalidInputError("options", "must be a CaptureRoleAsVMImage")
    v.choice("options.os_state", options.os_state, OSState)
    v.path_segment("options.vm_image_name", options.vm_image_name)
    v.label(options.vm_image_label, "options.vm_image_label")


def _capture_body(values: Mapping[str, Any]) -> CaptureRoleAsVMImage:
    options: CaptureRoleAsVMImage = values["options"]
    return options


def _example_image() -> VMImage:
    image = VMImage("myimage", "my image", "a captured web server")
    image.os_disk_configuration = OSDiskConfiguration(
        os_state="Generalized", os="Linux", media_link="https://store.blob.core.windows.net/vhds/os.vhd"
    )
    return image


class VMImagesClient(ResourceClient):
    """VM images: captured or published virtual machine images with their OS and data disks."""

    @operation(
        "GET",
        _BASE,
        query={
            "location": optional("location"),
            "publisher": optional("publisher"),
            "category": optional("category"),
        },
        answer=VMImageList,
        unwrap="vm_images",
        legacy="list_vm_images",
        example={"location": "West US", "publisher": "Cloudera", "category": "Public"},
    )
    async def list(
        self,
        location: Annotated[str | None, v.OPTIONAL_STRING] = None,
        publisher: Annotated[str | None, v.OPTIONAL_STRING] = None,
        category: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> builtins.list[VMImage]:
        """The platform's and the subscription's VM images, filtered by the service on a location,
        a publisher name or a category (``Public``, ``User``, ...) when given."""

    @operation(
        "POST",
        _BASE,
        body=CreateVMImage,
        build=_create_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        checks=(_check_create,),
        legacy="create_vm_image",
        example={"vm_image": _example_image()},
    )
    async def create(self, vm_image: VMImage) -> AsyncOperation:
        """Register VHD blobs as a VM image: ``vm_image`` has a name, a label and an
        ``os_disk_configuration`` (OS state, OS, media link); data disks are optional."""

    @operation(
        "PUT",
        _IMAGE,
        body=UpdateVMImage,
        build=_update_body,
        answer=LONG_RUNNING,
        checks=(_check_update,),
        legacy="update_vm_image",
        example={"vm_image_name": "myimage", "vm_image": VMImage(label="new label")},
    )
    async def update(self, vm_image_name: VMImageName, vm_image: VMImage) -> AsyncOperation:
        """Change a user VM image's label, description, metadata and disk caching (data disks
        named, with their LUN); what ``vm_image`` leaves empty is not sent."""

    @operation(
        "DELETE",
        _IMAGE,
        query={"comp": flag("delete_vhd", "media")},
        answer=LONG_RUNNING,
        statuses=(202,),
        legacy="delete_vm_image",
        example={"vm_image_name": "myimage", "delete_vhd": True},
    )
    async def delete(self, vm_image_name: VMImageName, delete_vhd: bool = False) -> AsyncOperation:
        """Delete a user VM image; ``delete_vhd=True`` also deletes its blobs."""

    @operation(
        "POST",
        "/services/hostedservices/{service_name}/deployments/{deployment_name}/roleinstances/{role_name}/Operations",
        body=CaptureRoleAsVMImage,
        build=_capture_body,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=LOCK,
        checks=(_check_capture,),
        legacy="capture_vm_image",
        example={
            "service_name": "mysvc",
            "deployment_name": "myvm",
            "role_name": "myvm",
            "options": CaptureRoleAsVMImage("Specialized", "myimage", "my image"),
        },
    )
    async def capture(
        self,
        service_name: ServiceName,
        deployment_name: DeploymentName,
        role_name: RoleName,
        options: CaptureRoleAsVMImage,
    ) -> AsyncOperation:
        """Capture a stopped VM's OS and data disks as a VM image (``Generalized``: the VM is
        deleted; ``Specialized``: it stays)."""

    async def select(
        self,
        *,
        location: str | None = None,
        os: str | None = None,
        publisher: str | None = None,
        family: str | None = None,
        label: str | None = None,
        category: str | None = None,
    ) -> builtins.list[VMImage]:
        """The VM images meeting every criterion given, filtered here (``os``, ``family`` and
        ``label`` have no server-side filter): see :meth:`OSImagesClient.select`."""
        return filters.select(
            await self.list(),
            location=location,
            os=os,
            publisher=publisher,
            family=family,
            label=label,
            category=category,
        )

    async def newest(
        self,
        family: str | None = None,
        *,
        location: str | None = None,
        os: str | None = None,
        publisher: str | None = None,
        label: str | None = None,
    ) -> VMImage | None:
        """The most recently published VM image of ``family`` (by ``published_date``) meeting
        the other criteria of :meth:`select`, or ``None``."""
        return filters.newest(
            await self.select(location=location, os=os, publisher=publisher, family=family, label=label)
        )


class VMImagesLegacy:
    """Legacy facade methods of this family."""

    list_vm_images = legacy(VMImagesClient.list)
    create_vm_image = legacy(VMImagesClient.create)
    update_vm_image = legacy(VMImagesClient.update)
    delete_vm_image = legacy(VMImagesClient.delete)
    capture_vm_image = legacy(VMImagesClient.capture)
