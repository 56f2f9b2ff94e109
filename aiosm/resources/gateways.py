"""``session.gateways``: virtual network gateways."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import re
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.gateways import (
    ConnectionOperation,
    CreateGatewayParameters,
    DiagnosticsOperation,
    GatewayConnection,
    GatewayConnectionList,
    GatewayDiagnostics,
    GatewaySize,
    GatewayType,
    ResetSharedKey,
    SharedKey,
    UpdateConnection,
    UpdateGateway,
    UpdateGatewayDiagnostics,
    UpdateGatewayOperation,
    VirtualNetworkGateway,
)
from ..operation import GATEWAY_OPERATION, operation
from ..operations import AsyncOperation
from ..secret import Secret
from ._base import ResourceClient

__all__ = ["VirtualNetworkGatewaysClient"]

NetworkName = Annotated[str, v.SEGMENT]
SiteName = Annotated[str, v.SEGMENT]
_GATEWAY = "/services/networking/{network_name}/gateway"
_SITE = _GATEWAY + "/connection/{local_network_site_name}"
_LOCK = "gateway:{network_name}"
_KEY = re.compile(r"^[A-Za-z0-9]{1,128}$")
MAX_SHARED_KEY_LENGTH = 128
"""The longest shared key the service takes (characters)."""


def _shared_key(field: str, value: Any) -> Secret:
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidInputError(field, "must be 1-128 letters (a-z, A-Z) and digits")
    return Secret(value)


def _key_length(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SHARED_KEY_LENGTH:
        raise InvalidInputError(field, "must be an integer from 1 to 128")
    return value


def _capture_seconds(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(field, "must be a positive number of seconds")
    return value


def _optional_seconds(field: str, value: Any) -> int | None:
    return None if value is None else _capture_seconds(field, value)


def _resize_needs_a_size(values: Any) -> None:
    if str(values.get("update_gateway_operation", "")).lower() == "resize" and not values.get("gateway_size"):
        raise InvalidInputError("gateway_size", "is required to resize the gateway")


def _test_needs_address(values: Any) -> None:
    if str(values.get("operation", "")).lower() == "test" and not values.get("ip_address"):
        raise InvalidInputError("ip_address", "is required to test a connection")


SHARED_KEY = v.Rule(_shared_key, "1-128 letters and digits", service_message="The shared key is invalid.")
KEY_LENGTH = v.Rule(_key_length, "an integer from 1 to 128")
GATEWAY_TYPE = v.choice_rule(GatewayType, optional=True, value=True)
GATEWAY_SIZE = v.choice_rule(GatewaySize, value=True)
OPTIONAL_GATEWAY_SIZE = v.choice_rule(GatewaySize, optional=True, value=True)
CONNECTION_OPERATION = v.choice_rule(ConnectionOperation, value=True)
UPDATE_OPERATION = v.choice_rule(UpdateGatewayOperation, value=True)
DIAGNOSTICS_OPERATION = v.choice_rule(DiagnosticsOperation, value=True)
CAPTURE_SECONDS = v.Rule(_capture_seconds, "a positive number of seconds")
OPTIONAL_CAPTURE_SECONDS = v.Rule(_optional_seconds, "a positive number of seconds")
_NET = {"network_name": "corpnet"}
_SITE_EXAMPLE = {**_NET, "local_network_site_name": "onprem"}


class VirtualNetworkGatewaysClient(ResourceClient):
    """Virtual network gateways: the gateway, its shared keys, connections and diagnostics.

    Every mutation answers a gateway operation: await the returned
    :class:`~aiosm.operations.AsyncOperation` (polled at ``/services/networking/operation/<id>``).
    """

    @operation(
        "POST",
        _GATEWAY,
        body=CreateGatewayParameters,
        answer=GATEWAY_OPERATION,
        statuses=(202,),
        lock=_LOCK,
        example={**_NET, "gateway_type": "DynamicRouting"},
    )
    async def create(
        self,
        network_name: NetworkName,
        gateway_type: Annotated[GatewayType | str | None, GATEWAY_TYPE] = None,
        gateway_size: Annotated[GatewaySize | str | None, OPTIONAL_GATEWAY_SIZE] = None,
    ) -> AsyncOperation:
        """Create the gateway of a virtual network (which needs a ``GatewaySubnet`` subnet).

        ``gateway_type``: StaticRouting (the service's default) or DynamicRouting;
        ``gateway_size``: Default, HighPerformance or Standard.
        """

    @operation("GET", _GATEWAY, answer=VirtualNetworkGateway, example=_NET)
    async def get(self, network_name: NetworkName) -> VirtualNetworkGateway:
        """The gateway of a virtual network: state, VIP address, type, size and last event."""

    @operation("DELETE", _GATEWAY, answer=GATEWAY_OPERATION, statuses=(202,), lock=_LOCK, example=_NET)
    async def delete(self, network_name: NetworkName) -> AsyncOperation:
        """Delete the gateway of a virtual network."""

    @operation(
        "POST",
        _GATEWAY,
        body=UpdateGateway,
        answer=GATEWAY_OPERATION,
        statuses=(202,),
        lock=_LOCK,
        checks=(_resize_needs_a_size,),
        example={**_NET, "update_gateway_operation": "Reset"},
    )
    async def update(
        self,
        network_name: NetworkName,
        update_gateway_operation: Annotated[UpdateGatewayOperation | str, UPDATE_OPERATION],
        gateway_size: Annotated[GatewaySize | str | None, OPTIONAL_GATEWAY_SIZE] = None,
    ) -> AsyncOperation:
        """``UpdateGateway``: ``Resize`` (with ``gateway_size``) or ``Reset``.

        See :meth:`resize` and :meth:`reset`."""

    async def resize(self, network_name: str, gateway_size: GatewaySize | str) -> AsyncOperation:
        """Resize the gateway (Default, HighPerformance or Standard)."""
        GATEWAY_SIZE("gateway_size", gateway_size)
        return await self.update(network_name, UpdateGatewayOperation.RESIZE, gateway_size)

    async def reset(self, network_name: str) -> AsyncOperation:
        """Reset (restart) the gateway."""
        return await self.update(network_name, UpdateGatewayOperation.RESET)

    @operation("GET", _SITE + "/sharedkey", answer=SharedKey, unwrap="value", example=_SITE_EXAMPLE)
    async def get_shared_key(self, network_name: NetworkName, local_network_site_name: SiteName) -> Secret:
        """The shared key of the connection to a local network site."""

    @operation(
        "POST",
        _SITE + "/sharedkey",
        body=SharedKey,
        answer=GATEWAY_OPERATION,
        lock=_LOCK,
        example={**_SITE_EXAMPLE, "value": "abc123"},
    )
    async def set_shared_key(
        self,
        network_name: NetworkName,
        local_network_site_name: SiteName,
        value: Annotated[str, SHARED_KEY],
    ) -> AsyncOperation:
        """Set the shared key of the connection to a local network site (1-128 letters and digits)."""

    @operation(
        "PUT",
        _SITE + "/sharedkey",
        body=ResetSharedKey,
        answer=GATEWAY_OPERATION,
        statuses=(202,),
        lock=_LOCK,
        example={**_SITE_EXAMPLE, "key_length": 32},
    )
    async def reset_shared_key(
        self,
        network_name: NetworkName,
        local_network_site_name: SiteName,
        key_length: Annotated[int, KEY_LENGTH],
    ) -> AsyncOperation:
        """Replace the shared key by a new random one of ``key_length`` (1-128) characters."""

    @operation(
        "GET",
        _GATEWAY + "/connections",
        answer=GatewayConnectionList,
        unwrap="connections",
        example=_NET,
    )
    async def list_connections(self, network_name: NetworkName) -> list[GatewayConnection]:
        """The gateway's connections to local network sites, with their state and traffic."""

    @operation(
        "PUT",
        _SITE,
        body=UpdateConnection,
        answer=GATEWAY_OPERATION,
        statuses=(202,),
        lock=_LOCK,
        checks=(_test_needs_address,),
        example={**_SITE_EXAMPLE, "operation": "Connect"},
    )
    async def update_connection(
        self,
        network_name: NetworkName,
        local_network_site_name: SiteName,
        operation: Annotated[ConnectionOperation | str, CONNECTION_OPERATION],
        ip_address: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """Connect to, disconnect from, or test (with the site's ``ip_address``) a local network site."""

    async def connect(self, network_name: str, local_network_site_name: str) -> AsyncOperation:
        """Connect the gateway to a local network site."""
        return await self.update_connection(
            network_name, local_network_site_name, ConnectionOperation.CONNECT
        )

    async def disconnect(self, network_name: str, local_network_site_name: str) -> AsyncOperation:
        """Disconnect the gateway from a local network site."""
        return await self.update_connection(
            network_name, local_network_site_name, ConnectionOperation.DISCONNECT
        )

    async def test_connection(
        self, network_name: str, local_network_site_name: str, ip_address: str
    ) -> AsyncOperation:
        """Test the gateway's connectivity to the local network site at ``ip_address``."""
        return await self.update_connection(
            network_name, local_network_site_name, ConnectionOperation.TEST, ip_address
        )

    @operation(
        "POST",
        _GATEWAY + "/publicdiagnostics",
        body=UpdateGatewayDiagnostics,
        answer=GATEWAY_OPERATION,
        statuses=(202,),
        lock=_LOCK,
        example={**_NET, "operation": "StopDiagnostics"},
    )
    async def update_diagnostics(
        self,
        network_name: NetworkName,
        operation: Annotated[DiagnosticsOperation | str, DIAGNOSTICS_OPERATION],
        capture_duration_in_seconds: Annotated[int | None, OPTIONAL_CAPTURE_SECONDS] = None,
        container_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
        customer_storage_key: Secret | None = None,
        customer_storage_name: Annotated[str | None, v.OPTIONAL_STRING] = None,
    ) -> AsyncOperation:
        """``StartDiagnostics`` (with the capture's storage) or ``StopDiagnostics``; see
        :meth:`start_diagnostics`, :meth:`stop_diagnostics`."""

    async def start_diagnostics(
        self,
        network_name: str,
        capture_duration_in_seconds: int,
        container_name: str,
        customer_storage_name: str,
        customer_storage_key: str,
    ) -> AsyncOperation:
        """Start a diagnostics capture of the gateway into a storage container."""
        CAPTURE_SECONDS("capture_duration_in_seconds", capture_duration_in_seconds)
        return await self.update_diagnostics(
            network_name,
            DiagnosticsOperation.START,
            capture_duration_in_seconds,
            container_name,
            Secret(customer_storage_key),
            customer_storage_name,
        )

    async def stop_diagnostics(self, network_name: str) -> AsyncOperation:
        """Stop the gateway's diagnostics capture."""
        return await self.update_diagnostics(network_name, DiagnosticsOperation.STOP)

    @operation("GET", _GATEWAY + "/publicdiagnostics", answer=GatewayDiagnostics, example=_NET)
    async def get_diagnostics(self, network_name: NetworkName) -> GatewayDiagnostics:
        """The state of the gateway's diagnostics capture, and the URL of its result once Ready."""
