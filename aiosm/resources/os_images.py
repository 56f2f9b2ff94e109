"""``session.os_images``: the OS image repository."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.common import AsmEnum
from ..models.os_images import (
    AddOSImage,
    ComputeImageAttributes,
    OperatingSystemType,
    OSImage,
    OSImageDetails,
    OSImageList,
    ReplicationInput,
    UpdateOSImage,
)
from ..operation import LONG_RUNNING, QueryValue, flag, legacy, operation, same_operation
from ..operations import AsyncOperation
from . import _image_filter as filters
from ._base import ResourceClient

if TYPE_CHECKING:
    from ..session import ServiceManagementSession

__all__ = ["ImagePermission", "OSImagesClient", "OSImagesLegacy", "published_date_text"]

ImageName = Annotated[str, v.SEGMENT]
PUBLISHER_API_VERSION = "2015-04-01"
"""The x-ms-version of the image publishing operations (replicate, unreplicate, share)."""


class ImagePermission(AsmEnum):
    """Who may see a shared (replicated) image."""

    PUBLIC = "public"
    MSDN = "msdn"
    PRIVATE = "private"


def published_date_text(value: Any) -> str | None:
    """A ``PublishedDate`` as sent: a ``date`` as ``2016-09-09``, a ``datetime`` in UTC with ``Z``,
    a string as given; ``""`` is left out (the service refuses an empty date)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment: datetime = value
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment.isoformat() + "Z"
    if isinstance(value, date):
        day: date = value
        return day.isoformat()
    if isinstance(value, str):
        return str(value)
    raise InvalidInputError("published_date", "must be a date, a datetime or an ISO 8601 string")


PUBLISHED_DATE = v.Rule(
    lambda f, value: published_date_text(value), "a date, datetime or ISO 8601 string", on_server=False
)
OptionalText = Annotated[str | None, v.OPTIONAL_STRING]


def _check_regions(values: Mapping[str, Any]) -> None:
    regions = values["regions"]
    if isinstance(regions, str) or not regions or not all(isinstance(r, str) and r for r in regions):
        raise InvalidInputError("regions", "must be a non-empty list of region names")


def _replication(values: Mapping[str, Any]) -> ReplicationInput:
    return ReplicationInput(
        target_locations=list(values["regions"]),
        compute_image_attributes=ComputeImageAttributes(
            offer=values["offer"], sku=values["sku"], version=values["version"]
        ),
    )


_IMAGE = "/services/images/{image_name}"
_IMAGE_PUBLISHING = "/services/images/{vm_image_name}"
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
        "GET",
        _IMAGE + "/details",
        answer=OSImageDetails,
        legacy="get_os_image_details",
        example={"image_name": "myimage"},
    )
    async def get_details(self, image_name: ImageName) -> OSImageDetails:
        """One image's properties and its replication progress per location."""

    @operation(
        "PUT",
        _IMAGE,
        body=UpdateOSImage,
        answer=LONG_RUNNING,
        legacy="update_os_image",
        example={"image_name": "myimage", **_EXAMPLE, "description": "d", "show_in_gui": True},
    )
    async def update(
        self,
        image_name: ImageName,
        label: Annotated[str, v.LABEL],
        media_link: OptionalText = None,
        name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        os: Annotated[str | None, v.choice_rule(OperatingSystemType, optional=True)] = None,
        *,
        eula: OptionalText = None,
        description: OptionalText = None,
        image_family: OptionalText = None,
        show_in_gui: bool | None = None,
        published_date: Annotated[date | datetime | str | None, PUBLISHED_DATE] = None,
        icon_uri: OptionalText = None,
        privacy_uri: OptionalText = None,
        recommended_vm_size: OptionalText = None,
        small_icon_uri: OptionalText = None,
        language: OptionalText = None,
    ) -> AsyncOperation:
        """Change a user image's label and metadata (each keyword sent only when given).

        ``media_link``, ``name`` and ``os`` are what the legacy ``update_os_image`` repeats;
        the service keeps the image's own. ``published_date`` is a ``date``, a ``datetime`` or
        an ISO 8601 string.
        """

    @operation(
        "PUT",
        _IMAGE_PUBLISHING + "/replicate",
        body=ReplicationInput,
        build=_replication,
        answer=LONG_RUNNING,
        legacy="replicate_vm_image",
        api_version=PUBLISHER_API_VERSION,
        checks=(_check_regions,),
        example={
            "vm_image_name": "myimage",
            "regions": ["West US", "West Europe"],
            "offer": "myoffer",
            "sku": "mysku",
            "version": "1.0.0",
        },
    )
    async def replicate(
        self,
        vm_image_name: ImageName,
        regions: Sequence[str],
        offer: Annotated[str, v.REQUIRED_STRING],
        sku: Annotated[str, v.REQUIRED_STRING],
        version: Annotated[str, v.REQUIRED_STRING],
    ) -> AsyncOperation:
        """Replicate one of the subscription's images to ``regions`` as offer/SKU/version
        (image publishers only; the regions replace those replicated to before)."""

    @operation(
        "PUT",
        _IMAGE_PUBLISHING + "/unreplicate",
        answer=LONG_RUNNING,
        legacy="unreplicate_vm_image",
        api_version=PUBLISHER_API_VERSION,
        example={"vm_image_name": "myimage"},
    )
    async def unreplicate(self, vm_image_name: ImageName) -> AsyncOperation:
        """Withdraw a replicated image from every region (image publishers only)."""

    @operation(
        "PUT",
        _IMAGE_PUBLISHING + "/shareasync",
        query={"permission": QueryValue("permission", str)},
        answer=LONG_RUNNING,
        legacy="share_vm_image",
        api_version=PUBLISHER_API_VERSION,
        example={"vm_image_name": "myimage", "permission": "public"},
    )
    async def share(
        self,
        vm_image_name: ImageName,
        permission: Annotated[str, v.choice_rule(ImagePermission, value=True)],
    ) -> AsyncOperation:
        """Share a replicated image: ``public``, ``msdn`` or ``private`` (image publishers only)."""

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

    async def select(
        self,
        *,
        location: str | None = None,
        os: str | None = None,
        publisher: str | None = None,
        family: str | None = None,
        label: str | None = None,
        category: str | None = None,
    ) -> builtins.list[OSImage]:
        """The images meeting every criterion given, filtered here (the list has no server-side
        filter): ``location`` one of the image's locations, ``os``, ``family`` and ``category``
        whole, ``publisher`` and ``label`` substrings, all without case."""
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
    ) -> OSImage | None:
        """The most recently published image of ``family`` (by ``published_date``) meeting the
        other criteria of :meth:`select`, or ``None``."""
        return filters.newest(
            await self.select(location=location, os=os, publisher=publisher, family=family, label=label)
        )


class OSImagesLegacy:
    """Legacy facade methods of this family."""

    session: ServiceManagementSession

    list_os_images = legacy(OSImagesClient.list)
    get_os_image = legacy(OSImagesClient.get)
    get_os_image_details = legacy(OSImagesClient.get_details)
    add_os_image = legacy(OSImagesClient.add)
    delete_os_image = legacy(OSImagesClient.delete)
    replicate_vm_image = legacy(OSImagesClient.replicate)
    unreplicate_vm_image = legacy(OSImagesClient.unreplicate)
    share_vm_image = legacy(OSImagesClient.share)

    @same_operation("os_images.update")
    async def update_os_image(
        self, image_name: str, label: str, media_link: str, name: str, os: str
    ) -> AsyncOperation:
        """Change a user image's label (``session.os_images.update``; the other fields repeat the image's)."""
        return await self.session.os_images.update(image_name, label, media_link, name, os)

    @same_operation("os_images.update")
    async def update_os_image_from_image_reference(self, image_name: str, os_image: Any) -> AsyncOperation:
        """Update a user image's label and metadata from an image object (an :class:`OSImage`
        from ``get_os_image``, changed): its label, eula, description, image family, show in GUI,
        published date, icon, privacy and small icon URIs, recommended VM size and language.
        ``session.os_images.update`` with those keywords."""
        if os_image is None:
            raise InvalidInputError("os_image", "required")
        fields = (
            "eula",
            "description",
            "image_family",
            "show_in_gui",
            "published_date",
            "icon_uri",
            "privacy_uri",
            "recommended_vm_size",
            "small_icon_uri",
            "language",
        )
        metadata = {name: getattr(os_image, name, None) for name in fields}
        return await self.session.os_images.update(image_name, getattr(os_image, "label", ""), **metadata)
