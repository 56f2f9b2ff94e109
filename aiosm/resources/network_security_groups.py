"""``session.network_security_groups``: network security groups."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
import ipaddress
import re
from typing import Annotated, Any

from .. import validation as v
from ..errors import InvalidInputError
from ..models.network_security_groups import (
    CreateNetworkSecurityGroup,
    NetworkSecurityGroup,
    NetworkSecurityGroupAssociation,
    NetworkSecurityGroupList,
    RuleAction,
    RuleProtocol,
    RuleType,
    SetNetworkSecurityRule,
)
from ..operation import LONG_RUNNING, flag, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = [
    "ADDRESS_TAGS",
    "MAX_PRIORITY",
    "MIN_PRIORITY",
    "ROLE_API_VERSION",
    "NetworkSecurityGroupsClient",
]

MIN_PRIORITY = 100
MAX_PRIORITY = 4096
"""The priorities a rule of one's own may have (the service's default rules sit at 65000 and above)."""
ADDRESS_TAGS = ("INTERNET", "VIRTUAL_NETWORK", "AZURE_LOADBALANCER")
"""The default tags an address prefix may name instead of addresses."""
ROLE_API_VERSION = "2015-04-01"
"""The x-ms-version the role and network-interface associations need (older versions lack them)."""

_NAME = re.compile(r"^\w(?:[\w.-]{0,78}\w)?$", re.ASCII)
_LABEL_MAX = 1024
_PORT = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def _name(field: str, value: Any) -> str:
    v.path_segment(field, value)
    if not _NAME.match(value):
        raise InvalidInputError(
            field,
            "must be 1-80 letters, digits, '_', '.' or '-', starting and ending with a letter, digit or '_'",
        )
    return str(value)


def _label(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > _LABEL_MAX:
        raise InvalidInputError(field, f"must be a string of at most {_LABEL_MAX} characters")
    return value


def _priority(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_PRIORITY <= value <= MAX_PRIORITY:
        raise InvalidInputError(field, f"must be an integer from {MIN_PRIORITY} to {MAX_PRIORITY}")
    return value


def _port_range(field: str, value: Any) -> str:
    v.required(field, value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = _PORT.match(value) if isinstance(value, str) else None
    if value != "*":
        low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (1, 0)
        if not (0 <= low <= high <= 65535):
            raise InvalidInputError(field, "must be '*', a port (0-65535) or a range 'low-high'")
    return str(value)


def _address_prefix(field: str, value: Any) -> str:
    v.string(field, v.required(field, value))
    if value == "*" or value.upper() in ADDRESS_TAGS:
        return str(value)
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise InvalidInputError(
            field, f"must be '*', an IPv4 address or CIDR prefix, or one of {', '.join(ADDRESS_TAGS)}"
        ) from None
    return str(value)


NSG_NAME = v.Rule(
    _name,
    "1-80 letters, digits, '_', '.', '-'",
    service_message="The name of the network security group is invalid.",
)
RULE_NAME = v.Rule(_name, "1-80 letters, digits, '_', '.', '-'", service_message="The rule name is invalid.")
NSG_LABEL = v.Rule(_label, f"at most {_LABEL_MAX} characters")
PRIORITY = v.Rule(
    _priority,
    f"{MIN_PRIORITY}-{MAX_PRIORITY}",
    service_message=f"The priority of the rule must be between {MIN_PRIORITY} and {MAX_PRIORITY}.",
)
PORT_RANGE = v.Rule(_port_range, "'*', a port or a range 'low-high'")
ADDRESS_PREFIX = v.Rule(_address_prefix, "'*', an IPv4 address or CIDR prefix, or a default tag")

NsgName = Annotated[str, NSG_NAME]
_NSG = "/services/networking/networksecuritygroups"
_SUBNET = "/services/virtualnetwork/{virtual_network_name}/subnets/{subnet_name}/networksecuritygroups"
_ROLE = "/services/hostedservices/{service_name}/deployments/{deployment_name}/roles/{role_name}"
_NIC = _ROLE + "/networkinterfaces/{network_interface_name}"
_LOCK = "network_security_group:{name}"
_SUBNET_EXAMPLE = {"virtual_network_name": "corpnet", "subnet_name": "FrontEnd"}
_ROLE_EXAMPLE = {"service_name": "mysvc", "deployment_name": "v1", "role_name": "vm1"}
_NIC_EXAMPLE = {**_ROLE_EXAMPLE, "network_interface_name": "nic2"}


class NetworkSecurityGroupsClient(ResourceClient):
    """Network security groups, their rules, and where they apply (subnets, role network interfaces)."""

    @operation(
        "POST",
        _NSG,
        body=CreateNetworkSecurityGroup,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=_LOCK,
        example={"name": "frontend-nsg", "location": "West US", "label": "front end"},
    )
    async def create(
        self,
        name: NsgName,
        location: Annotated[str, v.REQUIRED_STRING],
        label: Annotated[str | None, NSG_LABEL] = None,
    ) -> AsyncOperation:
        """Create a network security group in a location; the service gives it its default rules."""

    @operation(
        "GET",
        _NSG + "/{name}",
        query={"detaillevel": flag("detailed", "Full")},
        answer=NetworkSecurityGroup,
        example={"name": "frontend-nsg", "detailed": True},
    )
    async def get(self, name: NsgName, detailed: bool = True) -> NetworkSecurityGroup:
        """A network security group; with ``detailed`` (``detaillevel=Full``) its rules, default rules too."""

    @operation("GET", _NSG, answer=NetworkSecurityGroupList, unwrap="network_security_groups")
    async def list(self) -> builtins.list[NetworkSecurityGroup]:
        """Every network security group of the subscription (without their rules)."""

    @operation(
        "DELETE",
        _NSG + "/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=_LOCK,
        example={"name": "frontend-nsg"},
    )
    async def delete(self, name: NsgName) -> AsyncOperation:
        """Delete a network security group that no subnet, role or network interface uses."""

    @operation(
        "PUT",
        _NSG + "/{network_security_group_name}/rules/{name}",
        body=SetNetworkSecurityRule,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="network_security_group:{network_security_group_name}",
        example={
            "network_security_group_name": "frontend-nsg",
            "name": "allow-ssh",
            "type": "Inbound",
            "priority": 100,
            "action": "Allow",
            "source_address_prefix": "INTERNET",
            "source_port_range": "*",
            "destination_address_prefix": "10.0.1.0/24",
            "destination_port_range": "22",
            "protocol": "TCP",
        },
    )
    async def set_rule(
        self,
        network_security_group_name: NsgName,
        name: Annotated[str, RULE_NAME],
        type: Annotated[RuleType | str, v.choice_rule(RuleType)],
        priority: Annotated[int, PRIORITY],
        action: Annotated[RuleAction | str, v.choice_rule(RuleAction)],
        source_address_prefix: Annotated[str, ADDRESS_PREFIX],
        source_port_range: Annotated[str, PORT_RANGE],
        destination_address_prefix: Annotated[str, ADDRESS_PREFIX],
        destination_port_range: Annotated[str, PORT_RANGE],
        protocol: Annotated[RuleProtocol | str, v.choice_rule(RuleProtocol)],
    ) -> AsyncOperation:
        """Add or replace a rule: its priority (100-4096) is unique among the rules of its direction."""

    @operation(
        "DELETE",
        _NSG + "/{network_security_group_name}/rules/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="network_security_group:{network_security_group_name}",
        example={"network_security_group_name": "frontend-nsg", "name": "allow-ssh"},
    )
    async def delete_rule(
        self, network_security_group_name: NsgName, name: Annotated[str, RULE_NAME]
    ) -> AsyncOperation:
        """Delete a rule of one's own (the default rules cannot be deleted)."""

    # -- subnets ---------------------------------------------------------------------------------

    @operation(
        "POST",
        _SUBNET,
        body=NetworkSecurityGroupAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=_LOCK,
        example={"name": "frontend-nsg", **_SUBNET_EXAMPLE},
    )
    async def add_to_subnet(
        self,
        name: NsgName,
        virtual_network_name: Annotated[str, v.SEGMENT],
        subnet_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Apply the group to a subnet of a virtual network (a subnet has at most one group)."""

    @operation(
        "GET",
        _SUBNET,
        answer=NetworkSecurityGroup,
        example=_SUBNET_EXAMPLE,
    )
    async def get_for_subnet(
        self,
        virtual_network_name: Annotated[str, v.SEGMENT],
        subnet_name: Annotated[str, v.SEGMENT],
    ) -> NetworkSecurityGroup:
        """The group applied to a subnet (its name and state); 404 when it has none."""

    @operation(
        "DELETE",
        _SUBNET + "/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock=_LOCK,
        example={"name": "frontend-nsg", **_SUBNET_EXAMPLE},
    )
    async def remove_from_subnet(
        self,
        name: NsgName,
        virtual_network_name: Annotated[str, v.SEGMENT],
        subnet_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Stop applying the group to the subnet."""

    # -- roles -----------------------------------------------------------------------------------

    @operation(
        "POST",
        _ROLE + "/networksecuritygroups",
        body=NetworkSecurityGroupAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="cloud_service:{service_name}",
        api_version=ROLE_API_VERSION,
        example={"name": "frontend-nsg", **_ROLE_EXAMPLE},
    )
    async def add_to_role(
        self,
        name: NsgName,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Apply the group to a virtual machine (its primary network interface); one group per VM."""

    @operation(
        "GET",
        _ROLE + "/networksecuritygroups",
        answer=NetworkSecurityGroup,
        api_version=ROLE_API_VERSION,
        example=_ROLE_EXAMPLE,
    )
    async def get_for_role(
        self,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
    ) -> NetworkSecurityGroup:
        """The group applied to a virtual machine (its name and state); 404 when it has none."""

    @operation(
        "DELETE",
        _ROLE + "/networksecuritygroups/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="cloud_service:{service_name}",
        api_version=ROLE_API_VERSION,
        example={"name": "frontend-nsg", **_ROLE_EXAMPLE},
    )
    async def remove_from_role(
        self,
        name: NsgName,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Stop applying the group to the virtual machine."""

    # -- network interfaces ----------------------------------------------------------------------

    @operation(
        "POST",
        _NIC + "/networksecuritygroups",
        body=NetworkSecurityGroupAssociation,
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="cloud_service:{service_name}",
        api_version=ROLE_API_VERSION,
        example={"name": "frontend-nsg", **_NIC_EXAMPLE},
    )
    async def add_to_network_interface(
        self,
        name: NsgName,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
        network_interface_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Apply the group to a secondary network interface of a virtual machine."""

    @operation(
        "GET",
        _NIC + "/networksecuritygroups",
        answer=NetworkSecurityGroup,
        api_version=ROLE_API_VERSION,
        example=_NIC_EXAMPLE,
    )
    async def get_for_network_interface(
        self,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
        network_interface_name: Annotated[str, v.SEGMENT],
    ) -> NetworkSecurityGroup:
        """The group applied to a network interface of a virtual machine; 404 when it has none."""

    @operation(
        "DELETE",
        _NIC + "/networksecuritygroups/{name}",
        answer=LONG_RUNNING,
        statuses=(202,),
        lock="cloud_service:{service_name}",
        api_version=ROLE_API_VERSION,
        example={"name": "frontend-nsg", **_NIC_EXAMPLE},
    )
    async def remove_from_network_interface(
        self,
        name: NsgName,
        service_name: Annotated[str, v.SEGMENT],
        deployment_name: Annotated[str, v.SEGMENT],
        role_name: Annotated[str, v.SEGMENT],
        network_interface_name: Annotated[str, v.SEGMENT],
    ) -> AsyncOperation:
        """Stop applying the group to the network interface."""
