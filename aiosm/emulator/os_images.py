"""OS images: ``/services/images`` (platform images are built in, user images are per subscription),
their metadata updates and their publishing (replicate, unreplicate, share)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from pydantic import create_model

from ..errors import ResponseParseError
from ..models.os_images import (
    AddOSImage,
    OSImage,
    OSImageDetails,
    OSImageList,
    ReplicationInput,
    ReplicationProgressElement,
    UpdateOSImage,
)
from ..xml import escape_text
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_element,
    body_of,
    context,
    find_location,
    subscription,
    xml_response,
)
from .records import ImageRecord
from .repository import PLATFORM_IMAGES, find_image

DEFAULT_PLATFORM_LOCATIONS = "West US;East US;North Europe;West Europe"
USER_IMAGE_LOCATION = "West US"
_SERIALIZATION_NS = "http://schemas.microsoft.com/2003/10/Serialization/"
_PERMISSIONS = ("public", "msdn", "private")
_PUBLISHER_ID = "b4590d9e3ed742e4a1d46e5424aa335e"
"""The publisher prefix of the emulator subscription's replicated images (``<id>__<name>``)."""


_METADATA = (
    "eula",
    "description",
    "image_family",
    "icon_uri",
    "privacy_uri",
    "recommended_vm_size",
    "small_icon_uri",
    "language",
)
"""What Update OS Image may set empty (``OSImage`` field names)."""
_URIS = ("icon_uri", "privacy_uri", "small_icon_uri")
_OPTIONAL_TEXT: Any = (str | None, None)
_EmptiedOSImage = create_model(  # an OSImage whose metadata are written also when empty
    "OSImage", __base__=OSImage, **dict.fromkeys(_METADATA, _OPTIONAL_TEXT)
)


def image_model(record: ImageRecord, platform: bool, *, updated: bool = False) -> OSImage:
    """An image as listed and read: a platform image with its catalogue fields, or a user image.
    Metadata an update set to empty are empty elements, as the service shows them: all in the
    update's answer, later all but the URIs (recording ``test_update_os_image_from_image_reference``)."""
    image = _image(record, platform)
    shown = [n for n in record.emptied if updated or n not in _URIS]
    if not shown:
        return image
    values = {n: getattr(image, n) or ("" if n in shown else None) for n in _METADATA}
    return _EmptiedOSImage(**{**image.model_dump(exclude=set(_METADATA)), **values})


def _image(record: ImageRecord, platform: bool) -> OSImage:
    return OSImage(
        category="Public" if platform else "User",
        label=record.label,
        location=record.location or (DEFAULT_PLATFORM_LOCATIONS if platform else USER_IMAGE_LOCATION),
        logical_size_in_gb=record.size,
        media_link="" if platform else record.media_link,
        name=record.name,
        os=record.os,
        eula=record.eula,
        description=record.description,
        image_family=record.image_family,
        show_in_gui=record.show_in_gui,
        published_date=record.published or None,
        is_premium=record.is_premium,
        icon_uri=record.icon_uri,
        privacy_uri=record.privacy_uri,
        recommended_vm_size=record.recommended_size,
        publisher_name=record.publisher,
        pricing_detail_link=record.pricing_detail_link,
        small_icon_uri=record.small_icon_uri,
        os_state="Generalized",
        language=record.language,
        io_type="Standard",
    )


def details_model(record: ImageRecord, platform: bool) -> OSImageDetails:
    """Get OS Image Details: the image and, for a replicated user image, its progress per region
    (the emulator replicates at once: 100). The service does not show the replication's compute
    image attributes there (recording ``test_get_os_image_details``)."""
    image = image_model(record, platform)
    fields = {
        name: getattr(image, name) for name in OSImageDetails.model_fields if name in OSImage.model_fields
    }
    return OSImageDetails(
        **fields,
        replication_progress=[
            ReplicationProgressElement(location=region, progress=100) for region in record.replicated_to
        ],
    )


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The image {name} does not exist.")


async def list_images(request: web.Request) -> web.Response:
    sub = subscription(request)
    user = sorted(
        (r for r in context(request).state.values(ImageRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    images = [image_model(r, True) for r in PLATFORM_IMAGES] + [image_model(r, False) for r in user]
    return xml_response(OSImageList(images=images))


def _found(request: web.Request, name: str) -> tuple[ImageRecord, bool]:
    found = find_image(context(request).state, subscription(request), name)
    if found is None:
        raise _not_found(name)
    return found


async def get_image(request: web.Request) -> web.Response:
    return xml_response(image_model(*_found(request, request.match_info["image_name"])))


async def get_details(request: web.Request) -> web.Response:
    return xml_response(details_model(*_found(request, request.match_info["image_name"])))


async def add_image(request: web.Request) -> web.Response:
    body = body_of(request, AddOSImage)
    sub = subscription(request)
    if find_image(context(request).state, sub, body.name) is not None:
        raise AsmFault(409, "ConflictError", f"An image with the name {body.name} already exists.")
    record = ImageRecord(
        subscription=sub, name=body.name, label=body.label, media_link=body.media_link, os=body.os.value
    )
    return accepted(
        request,
        "add_os_image",
        puts=[record],
        status=200,
        body=image_model(record, False),
    )


def _user_image(request: web.Request, name: str, verb: str = "changed") -> ImageRecord:
    record, platform = _found(request, name)
    if platform:
        raise AsmFault(400, "BadRequest", f"The image {name} is a platform image and cannot be {verb}.")
    return record


def _published(text: str | None, current: str) -> str:
    if text is None:
        return current
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise AsmFault(400, "BadRequest", f"The PublishedDate '{text}' is not a valid date.") from None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat() + "Z"


def _given(value: str | None, current: str) -> str:
    return current if value is None else value


async def update_image(request: web.Request) -> web.Response:
    record = _user_image(request, request.match_info["image_name"])
    body = body_of(request, UpdateOSImage)
    if body.name is not None and body.name.lower() != record.name.lower():
        raise AsmFault(
            400, "BadRequest", f"The image name {body.name} does not match the image {record.name}."
        )
    if body.os is not None and body.os.value != record.os:
        raise AsmFault(
            400, "BadRequest", f"The operating system of the image {record.name} cannot be changed."
        )
    emptied = tuple(
        n for n in _METADATA if getattr(body, n) == "" or (getattr(body, n) is None and n in record.emptied)
    )
    changed = replace(
        record,
        emptied=emptied,
        label=body.label,
        eula=_given(body.eula, record.eula),
        description=_given(body.description, record.description),
        image_family=_given(body.image_family, record.image_family),
        show_in_gui=record.show_in_gui if body.show_in_gui is None else body.show_in_gui,
        published=_published(body.published_date, record.published),
        icon_uri=_given(body.icon_uri, record.icon_uri),
        privacy_uri=_given(body.privacy_uri, record.privacy_uri),
        recommended_size=_given(body.recommended_vm_size, record.recommended_size),
        small_icon_uri=_given(body.small_icon_uri, record.small_icon_uri),
        language=_given(body.language, record.language),
    )
    return accepted(
        request,
        "update_os_image",
        puts=[changed],
        status=200,
        body=image_model(changed, False, updated=True),
    )


async def delete_image(request: web.Request) -> web.Response:
    record = _user_image(request, request.match_info["image_name"], "deleted")
    return accepted(request, "delete_os_image", deletes=[record.ref])


def _publishable(request: web.Request) -> ImageRecord:
    name = request.match_info["vm_image_name"]
    record, platform = _found(request, name)
    if platform:
        raise AsmFault(
            400,
            "BadRequest",
            f"The image {name} is not owned by the subscription: only the subscription's own images "
            "can be published.",
        )
    return record


async def replicate_image(request: web.Request) -> web.Response:
    record = _publishable(request)
    try:
        body = ReplicationInput.from_element(await body_element(request))
    except (ValueError, TypeError, ResponseParseError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None
    if not body.target_locations:
        raise AsmFault(400, "BadRequest", "At least one target location must be specified.")
    regions = tuple(dict.fromkeys(find_location(region) for region in body.target_locations))
    attributes = body.compute_image_attributes
    changed = replace(
        record,
        replicated_to=regions,
        offer=attributes.offer,
        sku=attributes.sku,
        version=attributes.version,
    )
    response = accepted(request, "replicate_vm_image", puts=[changed], status=200)
    published = f"{_PUBLISHER_ID}__{record.name}"
    response.body = f'<string xmlns="{_SERIALIZATION_NS}">{escape_text(published)}</string>'.encode()
    response.content_type = "application/xml"
    response.charset = "utf-8"
    return response


def _replicated(request: web.Request) -> ImageRecord:
    record = _publishable(request)
    if not record.replicated_to:
        raise AsmFault(400, "BadRequest", f"The image {record.name} has not been replicated.")
    return record


async def unreplicate_image(request: web.Request) -> web.Response:
    record = _replicated(request)
    changed = replace(record, replicated_to=(), offer="", sku="", version="", shared="")
    return accepted(request, "unreplicate_vm_image", puts=[changed])


async def share_image(request: web.Request) -> web.Response:
    record = _replicated(request)
    permission = request.query.get("permission", "").lower()
    if permission not in _PERMISSIONS:
        raise AsmFault(
            400,
            "MissingOrInvalidRequiredQueryParameter",
            "The permission query parameter must be public, msdn or private.",
        )
    return accepted(request, "share_vm_image", puts=[replace(record, shared=permission)])


HANDLERS: dict[str, Handler] = {
    "os_images.list": list_images,
    "os_images.add": add_image,
    "os_images.get": get_image,
    "os_images.get_details": get_details,
    "os_images.update": update_image,
    "os_images.delete": delete_image,
    "os_images.replicate": replicate_image,
    "os_images.unreplicate": unreplicate_image,
    "os_images.share": share_image,
}
