"""OS images: ``/services/images`` (platform images are built in, user images are per subscription)."""

from __future__ import annotations

from aiohttp import web

from ..models.os_images import AddOSImage, OSImage, OSImageList
from ._http import AsmFault, Route, accepted, check_label, context, parse_body, subscription, xml_response
from .state import Record

PLATFORM_IMAGES: list[Record] = [
    {
        "name": "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd",
        "label": "OpenLogic CentOS 6.2",
        "os": "Linux",
        "description": "This distribution of Linux is based on CentOS 6.2, provided by OpenLogic.",
        "image_family": "OpenLogic 6.2",
        "publisher": "OpenLogic",
        "size": 30,
        "published": "2012-05-31T00:00:00Z",
        "media_link": "",
        "recommended_size": "Small",
    },
    {
        "name": "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB",
        "label": "Ubuntu Server 14.04.2 LTS",
        "os": "Linux",
        "description": "Ubuntu Server 14.04.2 LTS (amd64 20150506).",
        "image_family": "Ubuntu Server 14.04 LTS",
        "publisher": "Canonical",
        "size": 30,
        "published": "2015-05-06T00:00:00Z",
        "media_link": "",
        "recommended_size": "Small",
    },
    {
        "name": "a699494373c04fc0bc8f2bb1389d6106__Windows-Server-2012-R2-201505.01-en.us-127GB.vhd",
        "label": "Windows Server 2012 R2 Datacenter, May 2015",
        "os": "Windows",
        "description": "At the heart of the Microsoft Cloud OS vision, Windows Server 2012 R2 brings "
        "Microsoft's experience delivering global-scale cloud services into your infrastructure.",
        "image_family": "Windows Server 2012 R2 Datacenter",
        "publisher": "Microsoft Windows Server Group",
        "size": 128,
        "published": "2015-05-15T07:00:00Z",
        "media_link": "",
        "recommended_size": "Medium",
    },
]
_PLATFORM = {image["name"].lower(): image for image in PLATFORM_IMAGES}


def _key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def find_image(request: web.Request, name: str) -> tuple[Record, bool] | None:
    """(record, is_platform) of an image visible to the subscription, or ``None``."""
    platform = _PLATFORM.get(name.lower())
    if platform is not None:
        return platform, True
    record = context(request).state.get("image", _key(subscription(request), name))
    return (record, False) if record is not None else None


def image_model(record: Record, platform: bool) -> OSImage:
    if platform:
        return OSImage(
            category="Public",
            label=record["label"],
            location=";".join(["West US", "East US", "North Europe", "West Europe"]),
            logical_size_in_gb=record["size"],
            name=record["name"],
            os=record["os"],
            eula="http://www.openlogic.com/azure/service-agreement/" if record["os"] == "Linux" else "",
            description=record["description"],
            image_family=record["image_family"],
            show_in_gui=True,
            published_date=record["published"],
            is_premium=False,
            recommended_vm_size=record["recommended_size"],
            publisher_name=record["publisher"],
            os_state="Generalized",
            io_type="Standard",
        )
    return OSImage(
        category="User",
        label=record["label"],
        location="West US",
        logical_size_in_gb=30,
        media_link=record["media_link"],
        name=record["name"],
        os=record["os"],
        is_premium=False,
        os_state="Generalized",
        io_type="Standard",
    )


def _not_found(name: str) -> AsmFault:
    return AsmFault(404, "ResourceNotFound", f"The image {name} does not exist.")


async def list_images(request: web.Request) -> web.Response:
    sub = subscription(request)
    user = sorted(
        (r for r in context(request).state.values("image") if r["subscription"] == sub),
        key=lambda r: str(r["name"]).lower(),
    )
    images = [image_model(r, True) for r in PLATFORM_IMAGES] + [image_model(r, False) for r in user]
    return xml_response(OSImageList(images=images))


async def get_image(request: web.Request) -> web.Response:
    name = request.match_info["img"]
    found = find_image(request, name)
    if found is None:
        raise _not_found(name)
    return xml_response(image_model(*found))


async def add_image(request: web.Request) -> web.Response:
    body = await parse_body(request, AddOSImage)
    check_label(body.label)
    if find_image(request, body.name) is not None:
        raise AsmFault(409, "ConflictError", f"An image with the name {body.name} already exists.")
    sub = subscription(request)
    record: Record = {
        "subscription": sub,
        "name": body.name,
        "label": body.label,
        "media_link": body.media_link,
        "os": body.os.value,
    }
    return accepted(
        request,
        "add_os_image",
        puts=[("image", _key(sub, body.name), record)],
        status=200,
        body=image_model(record, False),
    )


def _user_image(request: web.Request) -> Record:
    name = request.match_info["img"]
    found = find_image(request, name)
    if found is None:
        raise _not_found(name)
    record, platform = found
    if platform:
        raise AsmFault(400, "BadRequest", f"The image {name} is a platform image and cannot be changed.")
    return record


async def update_image(request: web.Request) -> web.Response:
    record = _user_image(request)
    body = await parse_body(request, AddOSImage)
    check_label(body.label)
    changed = {**record, "label": body.label}
    return accepted(
        request,
        "update_os_image",
        puts=[("image", _key(subscription(request), record["name"]), changed)],
        status=200,
        body=image_model(changed, False),
    )


async def delete_image(request: web.Request) -> web.Response:
    record = _user_image(request)
    return accepted(
        request, "delete_os_image", deletes=[("image", _key(subscription(request), record["name"]))]
    )


ROUTES: list[Route] = [
    ("GET", "/services/images", list_images),
    ("POST", "/services/images", add_image),
    ("GET", "/services/images/{img}", get_image),
    ("PUT", "/services/images/{img}", update_image),
    ("DELETE", "/services/images/{img}", delete_image),
]
