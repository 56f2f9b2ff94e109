"""The emulator's virtual network gateways: ``/services/networking/<network>/gateway``.

A virtual network has at most one gateway, and only if it has a subnet named ``GatewaySubnet``.
Creating, resizing, resetting and deleting it are gateway operations: they answer a
``GatewayOperationAsyncResponse`` whose ``ID`` is polled at ``/services/networking/operation/<ID>``
(see :mod:`.operations`), and stay InProgress for the emulator's latency. The gateway is
``Provisioning`` while its creation is in progress, ``Deprovisioning`` while its deletion is, and
``NotProvisioned`` when the network has none. A local network site becomes known to the gateway
when its shared key is first set; connecting, disconnecting and testing need a known site.
Every mutation holds the lock of the network's gateway (declared ``lock=``), so a second one
waits for the first.
"""

from __future__ import annotations

import secrets
import string
import time
import zlib
from dataclasses import replace

from aiohttp import web

from ..models.gateways import (
    CreateGatewayParameters,
    GatewayConnection,
    GatewayConnectionList,
    GatewayDiagnostics,
    GatewayEvent,
    GatewayOperationAsyncResponse,
    ResetSharedKey,
    SharedKey,
    UpdateConnection,
    UpdateGateway,
    UpdateGatewayDiagnostics,
    VirtualNetworkGateway,
)
from ..secret import Secret
from ._http import AsmFault, Handler, accepted, body_of, context, request_id, subscription, xml_response
from .records import GatewayRecord, GatewaySiteRecord, OperationRecord, VirtualNetworkRecord
from .repository import virtual_network
from .state import dashed

GATEWAY_SUBNET = "GatewaySubnet"
"""The subnet a virtual network needs before it can have a gateway."""
_ALPHANUMERIC = string.ascii_letters + string.digits


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _network(request: web.Request) -> VirtualNetworkRecord:
    name = request.match_info["network_name"]
    record = virtual_network(context(request).state, subscription(request), name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The virtual network {name} does not exist.")
    return record


def _key(request: web.Request, network: VirtualNetworkRecord) -> str:
    return f"{subscription(request)}/{network.name.lower()}"


def _gateway(request: web.Request) -> GatewayRecord:
    """The gateway of the network in the path: 404 for an unknown network or one without a gateway."""
    network = _network(request)
    record = context(request).state.get(GatewayRecord, _key(request, network))
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The virtual network {network.name} has no gateway.")
    return record


def _site(record: GatewayRecord, name: str) -> GatewaySiteRecord:
    for site in record.sites:
        if site.name.lower() == name.lower():
            return site
    raise AsmFault(
        404,
        "ResourceNotFound",
        f"The local network site {name} is not connected to the gateway of {record.network}.",
    )


def _with_site(record: GatewayRecord, site: GatewaySiteRecord) -> GatewayRecord:
    others = tuple(s for s in record.sites if s.name.lower() != site.name.lower())
    return replace(record, sites=(*others, site))


def _started(
    request: web.Request, kind: str, record: GatewayRecord | None, *, delete: bool = False
) -> web.Response:
    """Accept a gateway operation: 202 with the ``ID`` to poll."""
    body = GatewayOperationAsyncResponse(id=dashed(request_id(request)))
    if delete:
        assert record is not None
        return accepted(request, kind, deletes=[record.ref], body=body)
    return accepted(request, kind, puts=[record] if record is not None else [], body=body)


def _vip(key: str) -> str:
    n = zlib.crc32(key.encode())
    return f"137.117.{n % 250 + 1}.{(n >> 8) % 250 + 1}"


async def create(request: web.Request) -> web.Response:
    body = body_of(request, CreateGatewayParameters)
    network = _network(request)
    state, key = context(request).state, _key(request, network)
    if state.get(GatewayRecord, key) is not None or state.pending_put(GatewayRecord, key):
        raise AsmFault(409, "ConflictError", f"The virtual network {network.name} already has a gateway.")
    if not any(s.name.lower() == GATEWAY_SUBNET.lower() for s in network.subnets):
        raise AsmFault(
            400,
            "BadRequest",
            f"The virtual network {network.name} has no subnet named {GATEWAY_SUBNET}.",
        )
    record = GatewayRecord(
        subscription=subscription(request),
        network=network.name,
        gateway_type=body.gateway_type or "StaticRouting",
        gateway_size=body.gateway_size or "Default",
        vip_address=_vip(key),
        last_event="Gateway provisioned.",
        last_event_at=_now(),
    )
    return _started(request, "gateway_create", record)


async def get(request: web.Request) -> web.Response:
    network = _network(request)
    state, key = context(request).state, _key(request, network)
    record = state.get(GatewayRecord, key)
    pending = state.pending_record(GatewayRecord, key)
    if record is None:
        if pending is None:
            return xml_response(VirtualNetworkGateway(state="NotProvisioned"))
        return xml_response(
            VirtualNetworkGateway(
                state="Provisioning", gateway_type=pending.gateway_type, gateway_size=pending.gateway_size
            )
        )
    return xml_response(
        VirtualNetworkGateway(
            state="Deprovisioning" if _deleting(request, network) else "Provisioned",
            vip_address=record.vip_address,
            last_event=GatewayEvent(timestamp=record.last_event_at, id="0", message=record.last_event)
            if record.last_event
            else None,
            gateway_type=record.gateway_type,
            gateway_size=record.gateway_size,
        )
    )


def _deleting(request: web.Request, network: VirtualNetworkRecord) -> bool:
    """Whether the operation holding the network's gateway is its deletion."""
    state = context(request).state
    holder = state.busy(f"gateway:{network.name.lower()}")
    op = state.get(OperationRecord, holder) if holder is not None else None
    return op is not None and op.kind == "gateway_delete"


async def delete(request: web.Request) -> web.Response:
    return _started(request, "gateway_delete", _gateway(request), delete=True)


async def update(request: web.Request) -> web.Response:
    body = body_of(request, UpdateGateway)
    record = _gateway(request)
    operation = body.update_gateway_operation.lower()
    if operation == "resize":
        if not body.gateway_size:
            raise AsmFault(400, "BadRequest", "The gateway size must be specified to resize the gateway.")
        changed = replace(
            record, gateway_size=body.gateway_size, last_event="Gateway resized.", last_event_at=_now()
        )
        return _started(request, "gateway_resize", changed)
    if operation == "reset":
        changed = replace(record, last_event="Gateway reset.", last_event_at=_now())
        return _started(request, "gateway_reset", changed)
    raise AsmFault(
        400, "BadRequest", f"The gateway operation {body.update_gateway_operation} is not supported."
    )


async def get_shared_key(request: web.Request) -> web.Response:
    site = _site(_gateway(request), request.match_info["local_network_site_name"])
    return xml_response(SharedKey(value=Secret(site.shared_key)))


async def set_shared_key(request: web.Request) -> web.Response:
    body = body_of(request, SharedKey)
    record = _gateway(request)
    name = request.match_info["local_network_site_name"]
    try:
        site = replace(_site(record, name), shared_key=str(body.value))
    except AsmFault:
        site = GatewaySiteRecord(name=name, shared_key=str(body.value), connected_at=_now())
    return _started(request, "gateway_set_shared_key", _with_site(record, site))


async def reset_shared_key(request: web.Request) -> web.Response:
    body = body_of(request, ResetSharedKey)
    if not 1 <= body.key_length <= 128:
        raise AsmFault(400, "BadRequest", "The key length must be between 1 and 128 characters.")
    record = _gateway(request)
    site = _site(record, request.match_info["local_network_site_name"])
    key = "".join(secrets.choice(_ALPHANUMERIC) for _ in range(body.key_length))
    return _started(request, "gateway_reset_shared_key", _with_site(record, replace(site, shared_key=key)))


async def list_connections(request: web.Request) -> web.Response:
    record = _gateway(request)
    connections = [
        GatewayConnection(
            local_network_site_name=site.name,
            connectivity_state=site.connectivity_state,
            ingress_bytes_transferred=site.ingress_bytes,
            egress_bytes_transferred=site.egress_bytes,
            last_connection_established=site.connected_at,
        )
        for site in sorted(record.sites, key=lambda s: s.name.lower())
    ]
    return xml_response(GatewayConnectionList(connections=connections))


async def update_connection(request: web.Request) -> web.Response:
    body = body_of(request, UpdateConnection)
    record = _gateway(request)
    site = _site(record, request.match_info["local_network_site_name"])
    operation = body.operation.lower()
    if operation == "connect":
        site = replace(site, connectivity_state="Connected", connected_at=_now())
    elif operation == "disconnect":
        site = replace(site, connectivity_state="NotConnected")
    elif not body.ip_address:
        raise AsmFault(
            400, "BadRequest", "The IP address of the local network site must be specified to test it."
        )
    return _started(request, f"gateway_{operation}", _with_site(record, site))


async def update_diagnostics(request: web.Request) -> web.Response:
    body = body_of(request, UpdateGatewayDiagnostics)
    record = _gateway(request)
    operation = body.operation.lower()
    if operation == "startdiagnostics":
        if record.diagnostics == "InProgress":
            raise AsmFault(
                409, "ConflictError", "A diagnostics capture of the gateway is already in progress."
            )
        if not (body.capture_duration_in_seconds and body.container_name and body.customer_storage_name):
            raise AsmFault(
                400, "BadRequest", "The capture duration, container and storage account must be specified."
            )
        url = f"https://{body.customer_storage_name}.blob.core.windows.net/{body.container_name}/diagnostics.zip"
        changed = replace(record, diagnostics="InProgress", diagnostics_url=url)
        return _started(request, "gateway_start_diagnostics", changed)
    if operation == "stopdiagnostics":
        if record.diagnostics != "InProgress":
            raise AsmFault(400, "BadRequest", "No diagnostics capture of the gateway is in progress.")
        return _started(request, "gateway_stop_diagnostics", replace(record, diagnostics="Ready"))
    raise AsmFault(400, "BadRequest", f"The diagnostics operation {body.operation} is not supported.")


async def get_diagnostics(request: web.Request) -> web.Response:
    record = _gateway(request)
    ready = record.diagnostics == "Ready"
    return xml_response(
        GatewayDiagnostics(
            state=record.diagnostics, public_diagnostics_url=record.diagnostics_url if ready else ""
        )
    )


HANDLERS: dict[str, Handler] = {
    "gateways.create": create,
    "gateways.get": get,
    "gateways.delete": delete,
    "gateways.update": update,
    "gateways.get_shared_key": get_shared_key,
    "gateways.set_shared_key": set_shared_key,
    "gateways.reset_shared_key": reset_shared_key,
    "gateways.list_connections": list_connections,
    "gateways.update_connection": update_connection,
    "gateways.update_diagnostics": update_diagnostics,
    "gateways.get_diagnostics": get_diagnostics,
}
