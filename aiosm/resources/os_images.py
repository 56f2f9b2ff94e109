"""``session.os_images``: the OS image repository."""

from __future__ import annotations

from .. import validation as v
from ..models.os_images import AddOSImage, OperatingSystemType, OSImage, OSImageList
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["OSImagesClient"]


def _path(image_name: str) -> str:
    v.path_segment("image_name", image_name)
    return f"/services/images/{image_name}"


class OSImagesClient(ResourceClient):
    async def list(self) -> list[OSImage]:
        """Platform and user images."""
        return (await self._get("/services/images", OSImageList)).images

    async def get(self, image_name: str) -> OSImage:
        return await self._get(_path(image_name), OSImage)

    async def add(self, label: str, media_link: str, name: str, os: str) -> AsyncOperation:
        """Register a VHD blob (``media_link``) as an image; ``os`` is ``Linux`` or ``Windows``."""
        v.label(label)
        v.required("media_link", media_link)
        v.path_segment("name", name)
        body = AddOSImage(
            label=label, media_link=media_link, name=name, os=v.choice("os", os, OperatingSystemType)
        )
        return await self._mutate("POST", "/services/images", body)

    async def update(
        self, image_name: str, label: str, media_link: str, name: str, os: str
    ) -> AsyncOperation:
        path = _path(image_name)
        v.label(label)
        body = AddOSImage(
            label=label, media_link=media_link, name=name, os=v.choice("os", os, OperatingSystemType)
        )
        return await self._mutate("PUT", path, body)

    async def delete(self, image_name: str, *, delete_vhd: bool = False) -> AsyncOperation:
        """Delete a user image; ``delete_vhd=True`` also deletes its blob."""
        return await self._mutate(
            "DELETE", _path(image_name), query={"comp": "media"} if delete_vhd else None
        )
