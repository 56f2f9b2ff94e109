"""The emulator's application gateways: ``/services/networking/ApplicationGateways``.

A gateway lives in subnets of one of the subscription's virtual networks. Create, Delete, Set
Configuration, Start and Stop are gateway operations (InProgress for the configured latency,
answered with a ``GatewayOperationAsyncResponse``; their status at
``/services/networking/operation/{id}``), one at a time per gateway. A gateway starts Stopped;
Start needs a configuration and gives it its virtual IP and DNS name; a running gateway cannot be
deleted. The configuration may be replaced while the gateway runs.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import replace
from typing import TypeVar

from aiohttp import web

from ..errors import InvalidInputError, ResponseParseError
from ..models.application_gateways import (
    ApplicationGateway,
    ApplicationGatewayConfiguration,
    ApplicationGatewayList,
    ApplicationGatewayOperation,
    ApplicationGatewayOperationResponse,
    CreateApplicationGateway,
)
from ..resources.application_gateways import check_configuration
from ..xml import XmlModel
from ._http import (
    BAD_XML,
    AsmFault,
    Handler,
    accepted,
    body_element,
    body_of,
    busy_error,
    context,
    request_id,
    subscription,
    xml_response,
)
from .records import ApplicationGatewayRecord, VirtualNetworkRecord
from .repository import virtual_network
from .state import State, dashed

_M = TypeVar("_M", bound=XmlModel)
_HEX = re.compile(r"^[0-9a-f]{32}$")


def _key(sub: str, name: str) -> str:
    return f"{sub}/{name.lower()}"


def _lock(record: ApplicationGatewayRecord) -> str:
    return f"application_gateway:{record.key}"


async def _body(request: web.Request, model: type[_M]) -> _M:
    """A composite body (declared with ``build=``), which the routing layer leaves to the handler."""
    try:
        return model.from_element(await body_element(request))
    except (InvalidInputError, ResponseParseError):
        raise AsmFault(400, "InvalidXmlRequest", BAD_XML) from None


def _find(request: web.Request, *, changing: bool = False) -> ApplicationGatewayRecord:
    """The gateway named in the path (404); ``changing``: 409 while a gateway operation holds it."""
    name = request.match_info["name"]
    state = context(request).state
    record = state.get(ApplicationGatewayRecord, _key(subscription(request), name))
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The application gateway {name} does not exist.")
    if changing:
        holder = state.busy(_lock(record))
        if holder is not None:
            raise busy_error(holder)
    return record


def _answer(
    request: web.Request, kind: str, record: ApplicationGatewayRecord, *, delete: bool = False
) -> web.Response:
    body = ApplicationGatewayOperationResponse(id=dashed(request_id(request)))
    if delete:
        return accepted(request, kind, deletes=[record.ref], lock=_lock(record), body=body)
    return accepted(request, kind, puts=[record], lock=_lock(record), body=body)


def _model(state: State, record: ApplicationGatewayRecord) -> ApplicationGateway:
    shown = record.state
    pending = state.pending_record(ApplicationGatewayRecord, record.key)
    if pending is not None and pending.state != record.state:
        shown = "Starting" if pending.state == "Running" else "Stopping"
    return ApplicationGateway(
        name=record.name,
        description=record.description,
        vnet_name=record.vnet,
        subnets=list(record.subnets),
        instance_count=record.instance_count,
        gateway_size=record.size,
        state=shown,
        virtual_ips=list(record.virtual_ips),
        dns_name=record.dns_name,
    )


def _subnet_networks(network: VirtualNetworkRecord, names: tuple[str, ...]) -> list[ipaddress.IPv4Network]:
    wanted = {n.lower() for n in names}
    return [
        ipaddress.IPv4Network(s.address_prefix, strict=False)
        for s in network.subnets
        if s.name.lower() in wanted and s.address_prefix
    ]


async def create(request: web.Request) -> web.Response:
    body = body_of(request, CreateApplicationGateway)
    state, sub = context(request).state, subscription(request)
    key = _key(sub, body.name)
    if state.get(ApplicationGatewayRecord, key) is not None or state.pending_put(
        ApplicationGatewayRecord, key
    ):
        raise AsmFault(409, "ConflictError", f"An application gateway named {body.name} already exists.")
    network = virtual_network(state, sub, body.vnet_name)
    if network is None:
        raise AsmFault(400, "BadRequest", f"The virtual network {body.vnet_name} does not exist.")
    known = {s.name.lower(): s.name for s in network.subnets}
    for subnet in body.subnets:
        if subnet.lower() not in known:
            raise AsmFault(
                400,
                "BadRequest",
                f"The subnet {subnet} does not exist in the virtual network {network.name}.",
            )
    record = ApplicationGatewayRecord(
        subscription=sub,
        name=body.name,
        vnet=network.name,
        subnets=tuple(known[s.lower()] for s in body.subnets),
        description=body.description or "",
        instance_count=body.instance_count or 2,
        size=body.gateway_size or "Medium",
    )
    return _answer(request, "create_application_gateway", record)


async def get(request: web.Request) -> web.Response:
    return xml_response(_model(context(request).state, _find(request)))


async def list_(request: web.Request) -> web.Response:
    state, sub = context(request).state, subscription(request)
    records = sorted(
        (r for r in state.values(ApplicationGatewayRecord) if r.subscription == sub),
        key=lambda r: r.name.lower(),
    )
    return xml_response(ApplicationGatewayList(application_gateways=[_model(state, r) for r in records]))


async def delete(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    if record.state != "Stopped":
        raise AsmFault(
            400, "BadRequest", f"The application gateway {record.name} must be stopped before it is deleted."
        )
    return _answer(request, "delete_application_gateway", record, delete=True)


def _configuration(record: ApplicationGatewayRecord) -> ApplicationGatewayConfiguration:
    if not record.configuration:
        return ApplicationGatewayConfiguration()
    return ApplicationGatewayConfiguration.from_xml(record.configuration)


async def get_configuration(request: web.Request) -> web.Response:
    return xml_response(_configuration(_find(request)))


async def set_configuration(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    body = await _body(request, ApplicationGatewayConfiguration)
    try:
        check_configuration("configuration", body)
    except InvalidInputError as error:
        raise AsmFault(
            400, "BadRequest", f"The configuration is invalid: {error.field} must be {error.rule}."
        ) from None
    network = virtual_network(context(request).state, record.subscription, record.vnet)
    subnets = _subnet_networks(network, record.subnets) if network is not None else []
    for fip in body.frontend_ip_configurations:
        if fip.static_ip_address and subnets:
            address = ipaddress.IPv4Address(fip.static_ip_address)
            if not any(address in subnet for subnet in subnets):
                raise AsmFault(
                    400,
                    "BadRequest",
                    f"The static IP address {address} is not in the subnets of the application gateway "
                    f"{record.name}.",
                )
    changed = replace(record, configuration=body.to_xml().decode())
    return _answer(request, "set_application_gateway_configuration", changed)


def _addresses(state: State, record: ApplicationGatewayRecord) -> tuple[str, ...]:
    """The virtual IP a started gateway gets: its private frontend's address, else a public one."""
    config = _configuration(record)
    for fip in config.frontend_ip_configurations:
        if fip.type == "Private":
            if fip.static_ip_address:
                return (fip.static_ip_address,)
            network = virtual_network(state, record.subscription, record.vnet)
            subnets = _subnet_networks(network, record.subnets) if network is not None else []
            if subnets:
                return (str(subnets[0].network_address + 4),)
    digest = hashlib.sha256(record.key.encode()).digest()
    return (f"104.40.{digest[0]}.{digest[1] % 250 + 1}",)


async def execute(request: web.Request) -> web.Response:
    record = _find(request, changing=True)
    body = await _body(request, ApplicationGatewayOperation)
    kind = body.operation_type.lower()
    if kind == "start":
        if record.state == "Running":
            raise AsmFault(400, "BadRequest", f"The application gateway {record.name} is already running.")
        if not record.configuration:
            raise AsmFault(
                400,
                "BadRequest",
                f"The application gateway {record.name} has no configuration to start with.",
            )
        digest = hashlib.sha256(record.key.encode()).hexdigest()
        started = replace(
            record,
            state="Running",
            virtual_ips=_addresses(context(request).state, record),
            dns_name=f"appgw-{digest[:8]}-{digest[8:12]}.cloudapp.net",
        )
        return _answer(request, "start_application_gateway", started)
    if kind == "stop":
        if record.state != "Running":
            raise AsmFault(400, "BadRequest", f"The application gateway {record.name} is not running.")
        stopped = replace(record, state="Stopped", virtual_ips=(), dns_name="")
        return _answer(request, "stop_application_gateway", stopped)
    raise AsmFault(400, "BadRequest", "The OperationType must be start or stop.")


HANDLERS: dict[str, Handler] = {
    "application_gateways.create": create,
    "application_gateways.get": get,
    "application_gateways.list": list_,
    "application_gateways.delete": delete,
    "application_gateways.get_configuration": get_configuration,
    "application_gateways.set_configuration": set_configuration,
    "application_gateways.start": execute,
    "application_gateways.stop": execute,
}
