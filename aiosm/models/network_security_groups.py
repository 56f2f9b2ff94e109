"""Models of network security groups: their rules, and where they apply."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import OMIT_EMPTY, XmlList, XmlModel
from .common import AsmEnum, Text

__all__ = [
    "CreateNetworkSecurityGroup",
    "NetworkSecurityGroup",
    "NetworkSecurityGroupAssociation",
    "NetworkSecurityGroupList",
    "NetworkSecurityRule",
    "RuleAction",
    "RuleProtocol",
    "RuleType",
    "SetNetworkSecurityRule",
]


class RuleType(AsmEnum):
    """The direction of traffic a rule applies to."""

    INBOUND = "Inbound"
    OUTBOUND = "Outbound"


class RuleAction(AsmEnum):
    """What a rule does with the traffic it matches."""

    ALLOW = "Allow"
    DENY = "Deny"


class RuleProtocol(AsmEnum):
    """The protocol a rule matches (``*``: any)."""

    TCP = "TCP"
    UDP = "UDP"
    ANY = "*"


class CreateNetworkSecurityGroup(XmlModel):
    """Body of Create Network Security Group (``Label`` is plain text)."""

    __xml_root__ = "NetworkSecurityGroup"
    name: str
    label: str | None = None
    location: str


class NetworkSecurityGroupAssociation(XmlModel):
    """Body of Add Network Security Group to a subnet, a role or a role's network interface."""

    __xml_root__ = "NetworkSecurityGroup"
    name: str


class SetNetworkSecurityRule(XmlModel):
    """Body of Set Network Security Rule."""

    __xml_root__ = "Rule"
    name: str
    type: RuleType
    priority: int
    action: RuleAction
    source_address_prefix: str
    source_port_range: str
    destination_address_prefix: str
    destination_port_range: str
    protocol: RuleProtocol


class NetworkSecurityRule(XmlModel):
    """A rule of a network security group; ``is_default`` for the rules the service adds itself
    (priorities 65000 and above), which cannot be changed or deleted."""

    __xml_root__ = "Rule"
    name: Text = ""
    type: RuleType | None = None
    priority: int | None = None
    action: RuleAction | None = None
    source_address_prefix: Text = ""
    source_port_range: Text = ""
    destination_address_prefix: Text = ""
    destination_port_range: Text = ""
    protocol: RuleProtocol | None = None
    state: Text = ""
    is_default: bool | None = None


class NetworkSecurityGroup(XmlModel):
    """A network security group; ``rules`` when asked with the full detail level.

    The answer for a subnet, a role or a network interface names the group and its state only.
    """

    __xml_root__ = "NetworkSecurityGroup"
    name: Text = ""
    label: Text = ""
    location: Text = ""
    state: Text = ""
    rules: Annotated[list[NetworkSecurityRule], XmlList("Rule"), OMIT_EMPTY] = Field(default_factory=list)


class NetworkSecurityGroupList(XmlModel):
    """``GET /services/networking/networksecuritygroups``."""

    __xml_root__ = "NetworkSecurityGroups"
    network_security_groups: Annotated[
        list[NetworkSecurityGroup], XmlList("NetworkSecurityGroup", wrapper=False)
    ] = Field(default_factory=list)
