"""Models of virtual network gateways: the gateway, its connections to local network sites, shared keys,
diagnostics and the gateway's own operation status."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..secret import Secret
from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text
from .operations import OperationError

__all__ = [
    "ConnectionOperation",
    "CreateGatewayParameters",
    "DiagnosticsOperation",
    "GatewayConnection",
    "GatewayConnectionList",
    "GatewayDiagnostics",
    "GatewayEvent",
    "GatewayOperation",
    "GatewayOperationAsyncResponse",
    "GatewayOperationStatus",
    "GatewaySize",
    "GatewayType",
    "ResetSharedKey",
    "SharedKey",
    "UpdateConnection",
    "UpdateGateway",
    "UpdateGatewayDiagnostics",
    "UpdateGatewayOperation",
    "VirtualNetworkGateway",
]


class GatewayType(AsmEnum):
    """How the gateway routes: ``StaticRouting`` (policy-based) or ``DynamicRouting`` (route-based)."""

    STATIC_ROUTING = "StaticRouting"
    DYNAMIC_ROUTING = "DynamicRouting"


class GatewaySize(AsmEnum):
    """The gateway's SKU: ``Default`` (Basic), ``HighPerformance`` or ``Standard``."""

    DEFAULT = "Default"
    HIGH_PERFORMANCE = "HighPerformance"
    STANDARD = "Standard"


class ConnectionOperation(AsmEnum):
    """What Update Connection does to a local network site: ``Connect``, ``Disconnect`` or ``Test``."""

    CONNECT = "Connect"
    DISCONNECT = "Disconnect"
    TEST = "Test"


class UpdateGatewayOperation(AsmEnum):
    """What Update Gateway does: ``Resize`` (to a ``GatewaySize``) or ``Reset``."""

    RESIZE = "Resize"
    RESET = "Reset"


class DiagnosticsOperation(AsmEnum):
    """What Update Gateway Public Diagnostics does: ``StartDiagnostics`` or ``StopDiagnostics``."""

    START = "StartDiagnostics"
    STOP = "StopDiagnostics"


class GatewayOperationStatus(AsmEnum):
    """Where a gateway operation stands: ``InProgress``, ``Successful`` or ``Failed``."""

    IN_PROGRESS = "InProgress"
    SUCCESSFUL = "Successful"
    FAILED = "Failed"


class CreateGatewayParameters(XmlModel):
    """Body of Create Virtual Network Gateway."""

    __xml_root__ = "CreateGatewayParameters"
    gateway_type: Annotated[str | None, Field(alias="gatewayType")] = None
    gateway_size: Annotated[str | None, Field(alias="gatewaySize")] = None


class UpdateGateway(XmlModel):
    """Body of Resize (``UpdateGatewayOperation`` Resize, with ``GatewaySize``) and Reset Virtual Network
    Gateway (``POST .../gateway``)."""

    __xml_root__ = "UpdateGateway"
    gateway_size: str | None = None
    update_gateway_operation: str


class GatewayEvent(XmlModel):
    """The last event of a gateway or connection."""

    timestamp: Text = ""
    id: Text = Field(default="", alias="Id")
    message: Text = ""
    data: Text = ""


class VirtualNetworkGateway(XmlModel):
    """``GET .../gateway``: ``state`` is NotProvisioned, Deprovisioning, Provisioning or Provisioned."""

    __xml_root__ = "Gateway"
    state: Text = ""
    vip_address: Text = Field(default="", alias="VIPAddress")
    last_event: GatewayEvent | None = None
    gateway_type: Text = ""
    gateway_size: Text = ""
    default_sites: Annotated[list[str], XmlList("string")] = Field(default_factory=list)


class GatewayOperationAsyncResponse(XmlModel):
    """The answer of a gateway mutation: the ``ID`` to poll at ``/services/networking/operation/<ID>``."""

    __xml_root__ = "GatewayOperationAsyncResponse"
    id: Text = Field(default="", alias="ID")


class GatewayOperation(XmlModel):
    """``GET /services/networking/operation/<id>``: the status of a gateway operation."""

    __xml_root__ = "GatewayOperation"
    id: Text = Field(default="", alias="ID")
    status: GatewayOperationStatus
    http_status_code: Text = ""
    data: Text = ""
    error: OperationError | None = None


class SharedKey(XmlModel):
    """The pre-shared key of the connection to a local network site (alphanumeric, 1-128 characters)."""

    __xml_root__ = "SharedKey"
    value: Secret


class ResetSharedKey(XmlModel):
    """Body of Reset Virtual Network Gateway Shared Key: a new random key of ``key_length`` characters."""

    __xml_root__ = "ResetSharedKey"
    key_length: int


class UpdateConnection(XmlModel):
    """Body of Connect/Disconnect/Test: ``ip_address`` only for ``Test``."""

    __xml_root__ = "UpdateConnection"
    operation: str
    ip_address: Annotated[str | None, Field(alias="IPAddress")] = None


class GatewayConnection(XmlModel):
    """A connection of the gateway to a local network site."""

    __xml_root__ = "Connection"
    local_network_site_name: Text = ""
    connectivity_state: Text = ""
    last_event: GatewayEvent | None = None
    ingress_bytes_transferred: int | None = None
    egress_bytes_transferred: int | None = None
    last_connection_established: Text = ""
    allocated_ip_addresses: Annotated[list[str], XmlList("string")] = Field(default_factory=list)


class GatewayConnectionList(XmlModel):
    """``GET .../gateway/connections``."""

    __xml_root__ = "Connections"
    connections: Annotated[list[GatewayConnection], XmlList("Connection", wrapper=False)] = Field(
        default_factory=list
    )


class UpdateGatewayDiagnostics(XmlModel):
    """Body of Start (``StartDiagnostics``, with the capture's storage) and Stop (``StopDiagnostics``)
    Virtual Network Gateway Diagnostics."""

    __xml_root__ = "UpdateGatewayPublicDiagnostics"
    capture_duration_in_seconds: int | None = None
    container_name: str | None = None
    customer_storage_key: Secret | None = None
    customer_storage_name: str | None = None
    operation: str = "StartDiagnostics"


class GatewayDiagnostics(XmlModel):
    """``GET .../gateway/publicdiagnostics``: ``state`` Ready or InProgress, and the capture's URL."""

    __xml_root__ = "GatewayPublicDiagnosticsStatus"
    state: Text = ""
    public_diagnostics_url: Text = ""
