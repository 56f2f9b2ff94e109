"""``session.os_images``: the OS image repository."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from typing import Annotated

from .. import validation as v
from ..models.os_images import AddOSImage, OperatingSystemType, OSImage, OSImageList
from ..operation import LONG_RUNNING, flag, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["OSImagesClient", "OSImagesLegacy"]

ImageName = Annotated[str, v.SEGMENT]
_IMAGE = "/services/images/{image_name}"
_EXAMPLE = {
    "label": "my image",
    "media_link": "https://store.blob.core.windows.net/vhds/image.vhd",
    "name": "myimage",
    "os": "Linux",
}


class OSImagesClient(ResourceClient):
    """OS images: platform images and the subscription's own."""

    @operation("GET", "/services/images", answer=OSImageList, unwrap="images", legacy="list_os_images")
    async def list(self) -> builtins.list[OSImage]:
        """Platform and user images."""

    @operation("GET", _IMAGE, answer=OSImage, legacy="get_os_image", example={"image_name": "myimage"})
    async def get(self, image_name: ImageName) -> OSImage:
        """One image's properties."""

    @operation(
        "POST",
        "/services/images",
        body=AddOSImage,
        answer=LONG_RUNNING,
        legacy="add_os_image",
        example=_EXAMPLE,
    )
    async def add(
        self,
        label: Annotated[str, v.LABEL],
        media_link: Annotated[str, v.REQUIRED_STRING],
        name: ImageName,
        os: Annotated[str, v.choice_rule(OperatingSystemType)],
    ) -> AsyncOperation:
        """Register a VHD blob (``media_link``) as an image; ``os`` is ``Linux`` or ``Windows``."""

    @operation(
        "PUT",
        _IMAGE,
        body=AddOSImage,
        answer=LONG_RUNNING,
        legacy="update_os_image",
        example={"image_name": "myimage", **_EXAMPLE},
    )
    async def update(
        self,
        image_name: ImageName,
        label: Annotated[str, v.LABEL],
        media_link: Annotated[str, v.REQUIRED_STRING],
        name: ImageName,
        os: Annotated[str, v.choice_rule(OperatingSystemType)],
    ) -> AsyncOperation:
        """Change a user image's label (the other fields must repeat the image's)."""

    @operation(
        "DELETE",
        _IMAGE,
        query={"comp": flag("delete_vhd", "media")},
        answer=LONG_RUNNING,
        legacy="delete_os_image",
        example={"image_name": "myimage", "delete_vhd": True},
    )
    async def delete(self, image_name: ImageName, delete_vhd: bool = False) -> AsyncOperation:
        """Delete a user image; ``delete_vhd=True`` also deletes its blob."""


class OSImagesLegacy:
    """Legacy facade methods of this family."""

    list_os_images = legacy(OSImagesClient.list)
    get_os_image = legacy(OSImagesClient.get)
    add_os_image = legacy(OSImagesClient.add)
    update_os_image = legacy(OSImagesClient.update)
    delete_os_image = legacy(OSImagesClient.delete)
