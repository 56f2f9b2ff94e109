"""What every handler shares: the context, ASM errors, XML answers, body parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TypeVar

from aiohttp import web

from ..errors import ResponseParseError
from ..xml import NS, XSI, XmlModel, escape_text, parse_element
from .faults import Faults
from .state import Delete, Put, State

__all__ = [
    "CONTEXT",
    "AsmFault",
    "Context",
    "accepted",
    "body_element",
    "busy_error",
    "context",
    "now_iso",
    "parse_body",
    "subscription",
    "xml_response",
]

_M = TypeVar("_M", bound=XmlModel)
XML_CONTENT_TYPE = "application/xml; charset=utf-8"

LOCATIONS = (
    "West US",
    "East US",
    "North Europe",
    "West Europe",
    "Southeast Asia",
    "East Asia",
    "North Central US",
    "South Central US",
)
_LABEL_MAX = 100
_DESCRIPTION_MAX = 1024


@dataclass
class Context:
    """Per-application objects the handlers reach through ``request.app[CONTEXT]``."""

    state: State
    endpoint: str = ""
    faults: Faults = field(default_factory=Faults)
    certificates: dict[str, set[str]] = field(default_factory=dict)
    """subscription id -> registered management certificate thumbprints."""


CONTEXT = web.AppKey("aiosm_emulator_context", Context)
REQUEST_ID = web.RequestKey("aiosm_emulator_request_id", str)


class AsmFault(Exception):
    """Raised by a handler: becomes an ASM ``<Error>`` answer."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str) -> bytes:
    return (
        f'<Error xmlns="{NS}" xmlns:i="{XSI}"><Code>{escape_text(code)}</Code>'
        f"<Message>{escape_text(message)}</Message></Error>"
    ).encode()


def context(request: web.Request) -> Context:
    return request.app[CONTEXT]


def subscription(request: web.Request) -> str:
    return request.match_info["sub"]


def request_id(request: web.Request) -> str:
    return request[REQUEST_ID]


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_response(model: XmlModel, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status, body=model.to_xml(), headers={"Content-Type": XML_CONTENT_TYPE, **(headers or {})}
    )


def accepted(
    request: web.Request,
    kind: str,
    *,
    puts: list[Put] | tuple[Put, ...] = (),
    deletes: list[Delete] | tuple[Delete, ...] = (),
    lock: str | None = None,
    status: int = 202,
    body: XmlModel | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """Record the operation (async for 202, else completed) and answer with its request id."""
    failure = None
    if status == 202:
        rule = context(request).faults.pick(request.method, request.path, operation=True)
        if rule is not None:
            failure = {
                "code": "InternalError",
                "message": "The server encountered an internal error. Please retry the request.",
                "http_status": 500,
            }
    context(request).faults.count_mutation(kind, [key for _, key, _ in puts] + [key for _, key in deletes])
    context(request).state.begin(
        request_id(request),
        subscription(request),
        kind,
        puts=puts,
        deletes=deletes,
        lock=lock,
        synchronous=status != 202,
        failure=failure,
    )
    if body is not None:
        return xml_response(body, status, headers)
    return web.Response(status=status, headers=headers)


def busy_error(op_id: str) -> AsmFault:
    return AsmFault(
        409,
        "ConflictError",
        f"Windows Azure is currently performing an operation with x-ms-requestid {op_id} on this "
        "deployment that requires exclusive access.",
    )


def check_not_busy(request: web.Request, lock: str) -> None:
    op_id = context(request).state.busy(lock)
    if op_id is not None:
        raise busy_error(op_id)


async def body_element(request: web.Request) -> ET.Element:
    """The request body's root element (no entity expansion)."""
    data = await request.read()
    if not data:
        raise AsmFault(400, "InvalidXmlRequest", "The request body is empty.")
    try:
        return parse_element(data)
    except ResponseParseError:
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        ) from None


async def parse_body(request: web.Request, model: type[_M]) -> _M:
    """The request body as ``model`` (a request model of :mod:`aiosm.models`)."""
    data = await request.read()
    if not data:
        raise AsmFault(400, "InvalidXmlRequest", "The request body is empty.")
    try:
        return model.from_xml(data)
    except ResponseParseError:
        raise AsmFault(
            400, "InvalidXmlRequest", "The request body's XML was invalid or not correctly specified."
        ) from None


def check_label(label: str | None, *, required: bool = True) -> None:
    if label is None or label == "":
        if required:
            raise AsmFault(400, "BadRequest", "The label is required.")
        return
    if len(label) > _LABEL_MAX:
        raise AsmFault(400, "BadRequest", f"The label exceeds the maximum length of {_LABEL_MAX} characters.")


def check_description(description: str | None) -> None:
    if description is not None and len(description) > _DESCRIPTION_MAX:
        raise AsmFault(
            400, "BadRequest", f"The description exceeds the maximum length of {_DESCRIPTION_MAX} characters."
        )


def find_location(name: str | None) -> str:
    for location in LOCATIONS:
        if name is not None and location.lower() == name.lower():
            return location
    raise AsmFault(400, "BadRequest", f"The location constraint '{name}' is not valid.")


def affinity_group_key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def placement(request: web.Request, location: str | None, affinity_group: str | None) -> tuple[str, str]:
    """Resolve (location, affinity group) of a new service: exactly one must be given and exist."""
    if bool(location) == bool(affinity_group):
        raise AsmFault(400, "BadRequest", "Exactly one of Location or AffinityGroup must be specified.")
    if affinity_group:
        group = context(request).state.get(
            "affinity_group", affinity_group_key(subscription(request), affinity_group)
        )
        if group is None:
            raise AsmFault(400, "BadRequest", f"The affinity group name '{affinity_group}' is not valid.")
        return str(group["location"]), str(group["name"])
    return find_location(location), ""


def url(request: web.Request, path: str) -> str:
    return f"{context(request).endpoint}/{subscription(request)}{path}"


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]
"""(method, path relative to ``/{sub}``, handler)"""
