"""Models of internal load balancers (Add / Update Load Balancer bodies and their frontend)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text
from .virtual_machines import ConfigurationSetInputEndpoint as Endpoint

__all__ = ["FrontendIpConfiguration", "LoadBalancedEndpointList", "LoadBalancerInput"]


class FrontendIpConfiguration(XmlModel):
    """``<FrontendIpConfiguration>``: a private address in a subnet of the deployment's network."""

    type: Text = "Private"
    subnet_name: Text = ""
    static_virtual_network_ip_address: Text = Field(default="", alias="StaticVirtualNetworkIPAddress")


class LoadBalancerInput(XmlModel):
    """Body of Add and Update Load Balancer: ``<LoadBalancer><Name/><FrontendIpConfiguration>``."""

    __xml_root__ = "LoadBalancer"
    name: str
    frontend_ip_configuration: FrontendIpConfiguration = Field(
        default_factory=FrontendIpConfiguration, alias="FrontendIpConfiguration"
    )


class LoadBalancedEndpointList(XmlModel):
    """Body of Update Load-Balanced Endpoint Set (``?comp=UpdateLbSet``): ``<InputEndpoint>`` items,
    each naming its ``LoadBalancedEndpointSetName``."""

    __xml_root__ = "LoadBalancedEndpointList"
    input_endpoints: Annotated[list[Endpoint], XmlList("InputEndpoint", wrapper=False)] = Field(
        default_factory=list
    )
