"""Models of classic application gateways (``/services/networking/ApplicationGateways``).

Element names and order: the Create/Start Application Gateway reference pages, and the
configuration XML of the classic PowerShell ``Set-AzureApplicationGatewayConfig``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "ApplicationGateway",
    "ApplicationGatewayBackendAddressPool",
    "ApplicationGatewayBackendHttpSettings",
    "ApplicationGatewayConfiguration",
    "ApplicationGatewayFrontendIPConfiguration",
    "ApplicationGatewayFrontendPort",
    "ApplicationGatewayHttpListener",
    "ApplicationGatewayList",
    "ApplicationGatewayLoadBalancingRule",
    "ApplicationGatewayOperation",
    "ApplicationGatewayOperationResponse",
    "ApplicationGatewaySize",
    "CreateApplicationGateway",
]


class ApplicationGatewaySize(AsmEnum):
    """The size of each instance of a gateway."""

    SMALL = "Small"
    MEDIUM = "Medium"
    LARGE = "Large"


class CreateApplicationGateway(XmlModel):
    """Body of Create Application Gateway."""

    __xml_root__ = "CreateApplicationGatewayParameters"
    name: str
    description: str | None = None
    vnet_name: str
    subnets: Annotated[list[str], XmlList("Subnet")]
    instance_count: int | None = None
    gateway_size: str | None = None


class ApplicationGateway(XmlModel):
    """An application gateway: its network, size, ``state`` (Stopped, Running, ...), VIPs, DNS name."""

    __xml_root__ = "ApplicationGateway"
    name: Text = ""
    description: Text = ""
    vnet_name: Text = ""
    subnets: Annotated[list[str], XmlList("Subnet")] = Field(default_factory=list)
    instance_count: int | None = None
    gateway_size: Text = ""
    state: Text = ""
    virtual_ips: Annotated[list[str], XmlList("VirtualIP")] = Field(default_factory=list, alias="VirtualIPs")
    dns_name: Text = ""


class ApplicationGatewayList(XmlModel):
    """``GET /services/networking/ApplicationGateways``."""

    __xml_root__ = "ApplicationGateways"
    application_gateways: Annotated[
        list[ApplicationGateway], XmlList("ApplicationGateway", wrapper=False)
    ] = Field(default_factory=list)


class ApplicationGatewayFrontendIPConfiguration(XmlModel):
    """A frontend address: ``type`` Private (an ILB address, ``static_ip_address`` optional) or Public."""

    name: str
    type: str = "Private"
    static_ip_address: str | None = Field(default=None, alias="StaticIPAddress")


class ApplicationGatewayFrontendPort(XmlModel):
    """A port the gateway listens on."""

    name: str
    port: int


class ApplicationGatewayBackendAddressPool(XmlModel):
    """The backend servers, by IP address."""

    name: str
    ip_addresses: Annotated[list[str], XmlList("IPAddress")] = Field(
        default_factory=list, alias="IPAddresses"
    )


class ApplicationGatewayBackendHttpSettings(XmlModel):
    """How the gateway talks to a pool: port, ``Http``/``Https``, cookie affinity ``Enabled``/``Disabled``."""

    name: str
    port: int
    protocol: str = "Http"
    cookie_based_affinity: str = "Disabled"


class ApplicationGatewayHttpListener(XmlModel):
    """A listener: a frontend IP (optional) and port, a protocol, and the SSL certificate for ``Https``."""

    name: str
    frontend_ip: str | None = Field(default=None, alias="FrontendIP")
    frontend_port: str
    protocol: str = "Http"
    ssl_cert: str | None = None


class ApplicationGatewayLoadBalancingRule(XmlModel):
    """A rule sending a listener's traffic to a pool with some HTTP settings (``type`` basic)."""

    name: str
    type: str = "basic"
    backend_http_settings: str
    listener: str
    backend_address_pool: str


class ApplicationGatewayConfiguration(XmlModel):
    """A gateway's configuration (Get and Set Application Gateway Configuration)."""

    __xml_root__ = "ApplicationGatewayConfiguration"
    frontend_ip_configurations: Annotated[
        list[ApplicationGatewayFrontendIPConfiguration], XmlList("FrontendIPConfiguration")
    ] = Field(default_factory=list, alias="FrontendIPConfigurations")
    frontend_ports: Annotated[list[ApplicationGatewayFrontendPort], XmlList("FrontendPort")] = Field(
        default_factory=list
    )
    backend_address_pools: Annotated[
        list[ApplicationGatewayBackendAddressPool], XmlList("BackendAddressPool")
    ] = Field(default_factory=list)
    backend_http_settings_list: Annotated[
        list[ApplicationGatewayBackendHttpSettings], XmlList("BackendHttpSettings")
    ] = Field(default_factory=list)
    http_listeners: Annotated[list[ApplicationGatewayHttpListener], XmlList("HttpListener")] = Field(
        default_factory=list
    )
    http_load_balancing_rules: Annotated[
        list[ApplicationGatewayLoadBalancingRule], XmlList("HttpLoadBalancingRule")
    ] = Field(default_factory=list)


class ApplicationGatewayOperation(XmlModel):
    """Body of Start and Stop Application Gateway (``OperationType`` start or stop)."""

    __xml_root__ = "ApplicationGatewayOperation"
    operation_type: str


class ApplicationGatewayOperationResponse(XmlModel):
    """The answer of an accepted gateway operation: the ``id`` to ask the gateway operation status of."""

    __xml_root__ = "GatewayOperationAsyncResponse"
    id: Text = Field(default="", alias="ID")
