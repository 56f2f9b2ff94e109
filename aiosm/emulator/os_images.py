"""OS images: ``/services/images`` (platform images are built in, user images are per subscription)."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from ..models.os_images import AddOSImage, OSImage, OSImageList
from ._http import AsmFault, Handler, accepted, body_of, context, subscription, xml_response
from .records import ImageRecord
from .repository import PLATFORM_IMAGES, find_image


def image_model(record: ImageRecord, platform: bool) -> OSImage:
    if platform:
        return OSImage(
            category="Public",
            label=record.label,
            location=";".join(["West US", "East US", "North Europe", "West Europe"]),
            logical_size_in_gb=record.size,
            name=record.name,
            os=record.os,
            eula="http://www.openlogic.com/azure/service-agreement/" if record.os == "Linux" else "",
            description=record.description,
            image_family=record.image_family,
            show_in_gui=True,
            published_date=record.published,
            is_premium=False,
            recommended_vm_size=record.recommended_size,
            publisher_name=record.publisher,
            os_state="Generalized",
            io_type="Standard",
        )
    return OSImage(
        category="User",
        label=record.label,
        location="West US",
        logical_size_in_gb=30,
        media_link=record.media_link,
        name=record.name,
        os=record.os,
        is_premium=False,
        os_state="Generalized",
        io_type="Standard",
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


async def get_image(request: web.Request) -> web.Response:
    name = request.match_info["image_name"]
    found = find_image(context(request).state, subscription(request), name)
    if found is None:
        raise _not_found(name)
    return xml_response(image_model(*found))


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


def _user_image(request: web.Request) -> ImageRecord:
    name = request.match_info["image_name"]
    found = find_image(context(request).state, subscription(request), name)
    if found is None:
        raise _not_found(name)
    record, platform = found
    if platform:
        raise AsmFault(400, "BadRequest", f"The image {name} is a platform image and cannot be changed.")
    return record


async def update_image(request: web.Request) -> web.Response:
    record = _user_image(request)
    body = body_of(request, AddOSImage)
    changed = replace(record, label=body.label)
    return accepted(
        request,
        "update_os_image",
        puts=[changed],
        status=200,
        body=image_model(changed, False),
    )


async def delete_image(request: web.Request) -> web.Response:
    record = _user_image(request)
    return accepted(request, "delete_os_image", deletes=[record.ref])


HANDLERS: dict[str, Handler] = {
    "os_images.list": list_images,
    "os_images.add": add_image,
    "os_images.get": get_image,
    "os_images.update": update_image,
    "os_images.delete": delete_image,
}
