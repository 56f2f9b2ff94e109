"""Models of classic Traffic Manager: profiles (a DNS name) and their versioned definitions."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "TrafficManagerCreateProfile",
    "TrafficManagerDefinition",
    "TrafficManagerDefinitionList",
    "TrafficManagerDefinitionVersion",
    "TrafficManagerDnsOptions",
    "TrafficManagerDnsPrefixAvailability",
    "TrafficManagerEndpoint",
    "TrafficManagerEndpointType",
    "TrafficManagerHttpOptions",
    "TrafficManagerLoadBalancingMethod",
    "TrafficManagerMonitor",
    "TrafficManagerMonitorProtocol",
    "TrafficManagerPolicy",
    "TrafficManagerProfile",
    "TrafficManagerProfileList",
    "TrafficManagerProfileStatusDetails",
    "TrafficManagerUpdateProfile",
]


class TrafficManagerLoadBalancingMethod(AsmEnum):
    """How a definition spreads the DNS answers over its endpoints."""

    PERFORMANCE = "Performance"
    FAILOVER = "Failover"
    ROUND_ROBIN = "RoundRobin"


class TrafficManagerEndpointType(AsmEnum):
    """What an endpoint's domain name is."""

    CLOUD_SERVICE = "CloudService"
    AZURE_WEBSITE = "AzureWebsite"
    ANY = "Any"


class TrafficManagerMonitorProtocol(AsmEnum):
    """The protocol of the endpoint monitor."""

    HTTP = "HTTP"
    HTTPS = "HTTPS"


class TrafficManagerCreateProfile(XmlModel):
    """Body of Create Profile."""

    __xml_root__ = "Profile"
    domain_name: str
    name: str


class TrafficManagerProfileStatusDetails(XmlModel):
    """``<StatusDetails>``: the enabled definition version."""

    enabled_version: int | None = None


class TrafficManagerUpdateProfile(XmlModel):
    """Body of Update Profile: ``Enabled``/``Disabled`` and the definition version to enable."""

    __xml_root__ = "Profile"
    status: str
    status_details: TrafficManagerProfileStatusDetails = Field(
        default_factory=TrafficManagerProfileStatusDetails
    )


class TrafficManagerDefinitionVersion(XmlModel):
    """A definition of a profile as the profile lists it: its status and version."""

    __xml_root__ = "Definition"
    status: Text = ""
    version: int | None = None


class TrafficManagerProfile(XmlModel):
    """A Traffic Manager profile: its DNS name, status, enabled version and definitions."""

    __xml_root__ = "Profile"
    domain_name: Text = ""
    name: Text = ""
    status: Text = ""
    status_details: TrafficManagerProfileStatusDetails | None = None
    definitions: Annotated[list[TrafficManagerDefinitionVersion], XmlList("Definition")] = Field(
        default_factory=list
    )


class TrafficManagerProfileList(XmlModel):
    """``GET /services/WATM/profiles``."""

    __xml_root__ = "Profiles"
    profiles: Annotated[list[TrafficManagerProfile], XmlList("Profile", wrapper=False)] = Field(
        default_factory=list
    )


class TrafficManagerDnsOptions(XmlModel):
    """The time to live of the DNS answers."""

    time_to_live_in_seconds: int | None = None


class TrafficManagerHttpOptions(XmlModel):
    """The HTTP request a monitor sends."""

    verb: str = "GET"
    relative_path: str = "/"
    expected_status_code: int = 200


class TrafficManagerMonitor(XmlModel):
    """How endpoints are probed (the service accepts only 30 s interval, 10 s timeout, 3 failures)."""

    interval_in_seconds: int = 30
    timeout_in_seconds: int = 10
    tolerated_number_of_failures: int = 3
    protocol: TrafficManagerMonitorProtocol = TrafficManagerMonitorProtocol.HTTP
    port: int = 80
    http_options: TrafficManagerHttpOptions = Field(default_factory=TrafficManagerHttpOptions)


class TrafficManagerEndpoint(XmlModel):
    """An endpoint of a definition's policy."""

    domain_name: str = ""
    status: str = "Enabled"
    type: TrafficManagerEndpointType | None = None
    location: str | None = None
    monitor_status: str | None = None  # answers only
    min_child_endpoints: int | None = None
    weight: int | None = None


class TrafficManagerPolicy(XmlModel):
    """The load-balancing method and the endpoints."""

    load_balancing_method: TrafficManagerLoadBalancingMethod | None = None
    endpoints: Annotated[list[TrafficManagerEndpoint], XmlList("Endpoint")] = Field(default_factory=list)
    monitor_status: str | None = None  # answers only


class TrafficManagerDefinition(XmlModel):
    """A definition: the body of Create Definition, and (with status and version) its answer.

    The answer has ``Status`` and ``Version`` after ``DnsOptions`` (the reference's Get Definition);
    the request has neither.
    """

    __xml_root__ = "Definition"
    dns_options: TrafficManagerDnsOptions | None = None
    status: str | None = None  # answers only
    version: int | None = None  # answers only
    monitors: Annotated[list[TrafficManagerMonitor], XmlList("Monitor")] = Field(default_factory=list)
    policy: TrafficManagerPolicy | None = None


class TrafficManagerDefinitionList(XmlModel):
    """``GET /services/WATM/profiles/{name}/definitions``."""

    __xml_root__ = "Definitions"
    definitions: Annotated[list[TrafficManagerDefinition], XmlList("Definition", wrapper=False)] = Field(
        default_factory=list
    )


class TrafficManagerDnsPrefixAvailability(XmlModel):
    """Answer of Check DNS Prefix Availability."""

    __xml_root__ = "AvailabilityResponse"
    result: bool = False
