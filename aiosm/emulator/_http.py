"""What every handler shares: the context, ASM errors, XML answers, body parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..operation import OperationSpec
from ..xml import NS, XSI, XmlModel, escape_text, parse_element
from . import repository
from .faults import Faults
from .records import OperationFailure, Record, Ref
from .state import State

__all__ = [
    "CALL",
    "CONTEXT",
    "AsmFault",
    "Call",
    "Context",
    "accepted",
    "body_element",
    "body_of",
    "busy_error",
    "call",
    "context",
    "now_iso",
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


@dataclass
class Context:
    """Per-application objects the handlers reach through ``request.app[CONTEXT]``."""

    state: State
    endpoint: str = ""
    faults: Faults = field(default_factory=Faults)
    certificates: dict[str, set[str]] = field(default_factory=dict)
    """subscription id -> registered management certificate thumbprints."""
    initial_certificates: dict[str, bytes] = field(default_factory=dict)
    """subscription id -> DER of the certificate the emulator was started with (not a record)."""
    trust: Callable[[bytes], None] | None = None
    """Make the TLS layer accept a client certificate (DER): set by the running emulator."""


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
    puts: Sequence[Record] = (),
    deletes: Sequence[Ref] = (),
    lock: str | None = None,
    status: int = 202,
    body: XmlModel | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """Record the operation (async for 202, else completed) and answer with its request id.

    The operation holds ``lock`` (by default the declared lock of the call) until it completes.
    """
    if lock is None and CALL in request:
        lock = call(request).lock
    failure = None
    if status == 202:
        rule = context(request).faults.pick(request.method, request.path, operation=True)
        if rule is not None:
            failure = OperationFailure(
                code="InternalError",
                message="The server encountered an internal error. Please retry the request.",
                http_status=500,
            )
    context(request).faults.count_mutation(kind, [r.key for r in puts] + [d.key for d in deletes])
    context(request).state.begin(
        request_id(request),
        subscription(request),
        kind,
        puts=puts,
        deletes=deletes,
        lock=lock,
        synchronous=status != 202,
        failure=failure,
        path=request.path,
    )
    if body is not None:
        return xml_response(body, status, headers)
    return web.Response(status=status, headers=headers)


@dataclass(frozen=True)
class Call:
    """What the routing layer checked for a handler: the operation, its path arguments, its body."""

    spec: OperationSpec
    path: Mapping[str, str]
    body: Any
    lock: str | None


CALL = web.RequestKey("aiosm_emulator_call", Call)


def call(request: web.Request) -> Call:
    """The checked call of the request being handled (see :mod:`.routing`)."""
    return request[CALL]


BAD_XML = "The request body's XML was invalid or not correctly specified."


def body_of(request: web.Request, model: type[_M]) -> _M:
    """The request body, parsed and checked by the routing layer as the declared ``model``."""
    body = call(request).body
    if not isinstance(body, model):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML)
    return body


def busy_error(op_id: str) -> AsmFault:
    return AsmFault(
        409,
        "ConflictError",
        f"Windows Azure is currently performing an operation with x-ms-requestid {op_id} on this "
        "deployment that requires exclusive access.",
    )


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


def rule_fault(error: InvalidInputError, spec: OperationSpec) -> AsmFault:
    """The service's answer to a request that breaks a declared rule (its own words where known)."""
    message = getattr(error, "service_message", None)
    if message:
        return AsmFault(400, "BadRequest", message)
    for param in spec.params:
        if param.name == error.field:
            for rule in param.rules:
                message = rule.service_message(error.rule)
                if message:
                    return AsmFault(400, "BadRequest", message)
    return AsmFault(400, "BadRequest", f"{error.field}: {error.rule}")


def check_argument(request: web.Request, name: str, value: Any) -> Any:
    """Run the declared rules of argument ``name`` on a value the handler read from a composite body."""
    spec = call(request).spec
    values = {name: value}
    try:
        spec.check(values, server=True, checks=False)
    except InvalidInputError as error:
        raise rule_fault(error, spec) from None
    return values[name]


def valid_name(rule: Callable[[str], Any], name: str) -> bool:
    """Whether ``name`` meets a naming rule of :mod:`aiosm.validation` (for availability checks)."""
    try:
        rule(name)
    except InvalidInputError:
        return False
    return True


def find_location(name: str | None) -> str:
    for location in LOCATIONS:
        if name is not None and location.lower() == name.lower():
            return location
    raise AsmFault(400, "BadRequest", f"The location constraint '{name}' is not valid.")


def placement(request: web.Request, location: str | None, affinity_group: str | None) -> tuple[str, str]:
    """Resolve (location, affinity group) of a new service: the one given (the routing layer checked
    that exactly one is, by the declaration's rule) must exist."""
    if affinity_group:
        group = repository.affinity_group(context(request).state, subscription(request), affinity_group)
        if group is None:
            raise AsmFault(400, "BadRequest", f"The affinity group name '{affinity_group}' is not valid.")
        return group.location, group.name
    return find_location(location), ""


def url(request: web.Request, path: str) -> str:
    return f"{context(request).endpoint}/{subscription(request)}{path}"


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
