"""session.network_security_groups: the groups, their rules, and their subnets, roles and interfaces.

Request bodies against the Service Management REST reference's formats (Create Network Security
Group, Set Network Security Rule, Add Network Security Group to Subnet)."""

from __future__ import annotations

from typing import Any

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    body_xml,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import ServiceManagementSession
from aiosm.errors import InvalidInputError
from aiosm.models.network_security_groups import RuleAction, RuleProtocol, RuleType

NSG = "/services/networking/networksecuritygroups"
SUBNET = "/services/virtualnetwork/corpnet/subnets/FrontEnd/networksecuritygroups"
ROLE = "/services/hostedservices/svc/deployments/dep/roles/vm1"
SSH = {
    "type": "Inbound",
    "priority": 100,
    "action": "Allow",
    "source_address_prefix": "INTERNET",
    "source_port_range": "*",
    "destination_address_prefix": "10.0.1.0/24",
    "destination_port_range": "22",
    "protocol": "TCP",
}
RULE = (
    "<Rule><Name>{name}</Name><Type>{type}</Type><Priority>{priority}</Priority><Action>{action}</Action>"
    "<SourceAddressPrefix>*</SourceAddressPrefix><SourcePortRange>*</SourcePortRange>"
    "<DestinationAddressPrefix>*</DestinationAddressPrefix><DestinationPortRange>*</DestinationPortRange>"
    "<Protocol>*</Protocol><State>Active</State><IsDefault>{default}</IsDefault></Rule>"
)


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(NSG))
    op = await session.network_security_groups.create("frontend-nsg", "West US", "front & end")
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("POST", url(NSG))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "NetworkSecurityGroup",
        "<Name>frontend-nsg</Name><Label>front &amp; end</Label><Location>West US</Location>",
    )
    assert op.request_id == RID and op.http_status == 202


async def test_create_without_label(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(NSG))
    await session.network_security_groups.create("nsg1", "West US")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("NetworkSecurityGroup", "<Name>nsg1</Name><Location>West US</Location>")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": "-starts-with-a-hyphen", "location": "West US"}, "name"),
        ({"name": "ends.", "location": "West US"}, "name"),
        ({"name": "x" * 81, "location": "West US"}, "name"),
        ({"name": "has space", "location": "West US"}, "name"),
        ({"name": "nsg", "location": ""}, "location"),
        ({"name": "nsg", "location": "West US", "label": "x" * 1025}, "label"),
    ],
)
async def test_create_refuses_bad_input(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.network_security_groups.create(**arguments)
    assert caught.value.field == field
    assert not mock.requests


async def test_get_with_rules(session: ServiceManagementSession, mock: aioresponses) -> None:
    rules = RULE.format(
        name="ALLOW VNET INBOUND", type="Inbound", priority=65000, action="Allow", default="true"
    )
    answer = doc(
        "NetworkSecurityGroup",
        "<Name>nsg1</Name><Label>l</Label><Location>West US</Location><State>Created</State>"
        f"<Rules>{rules}</Rules>",
    )
    respond_xml(mock, "GET", url(f"{NSG}/nsg1", detaillevel="Full"), answer)
    group = await session.network_security_groups.get("nsg1")
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert (group.name, group.label, group.location, group.state) == ("nsg1", "l", "West US", "Created")
    (rule,) = group.rules
    assert (rule.name, rule.type, rule.priority, rule.action, rule.is_default, rule.state) == (
        "ALLOW VNET INBOUND",
        "Inbound",
        65000,
        "Allow",
        True,
        "Active",
    )
    assert rule.source_address_prefix == rule.destination_port_range == "*"
    assert (rule.type, rule.action, rule.protocol) == (RuleType.INBOUND, RuleAction.ALLOW, RuleProtocol.ANY)


async def test_get_without_rules(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(f"{NSG}/nsg1"), doc("NetworkSecurityGroup", "<Name>nsg1</Name>"))
    group = await session.network_security_groups.get("nsg1", detailed=False)
    assert group.name == "nsg1" and group.rules == []


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    groups = "".join(
        f"<NetworkSecurityGroup><Name>{n}</Name><Label>{n}</Label><Location>West US</Location>"
        "<State>Created</State></NetworkSecurityGroup>"
        for n in ("a", "b")
    )
    respond_xml(mock, "GET", url(NSG), doc("NetworkSecurityGroups", groups))
    listed = await session.network_security_groups.list()
    assert [(g.name, g.location) for g in listed] == [("a", "West US"), ("b", "West US")]
    respond_xml(mock, "GET", url(NSG), doc("NetworkSecurityGroups"))
    assert await session.network_security_groups.list() == []


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{NSG}/nsg1"))
    op = await session.network_security_groups.delete("nsg1")
    assert op.request_id == RID
    method, _, _ = only_request(mock)
    assert method == "DELETE"


async def test_set_rule(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{NSG}/nsg1/rules/allow-ssh")
    accept(mock, "PUT", target)
    await session.network_security_groups.set_rule("nsg1", "allow-ssh", **SSH)
    method, sent, kwargs = only_request(mock)
    assert (method, sent) == ("PUT", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "Rule",
        "<Name>allow-ssh</Name><Type>Inbound</Type><Priority>100</Priority><Action>Allow</Action>"
        "<SourceAddressPrefix>INTERNET</SourceAddressPrefix><SourcePortRange>*</SourcePortRange>"
        "<DestinationAddressPrefix>10.0.1.0/24</DestinationAddressPrefix>"
        "<DestinationPortRange>22</DestinationPortRange><Protocol>TCP</Protocol>",
    )


async def test_set_rule_takes_enums_and_port_numbers(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "PUT", url(f"{NSG}/nsg1/rules/dns"))
    await session.network_security_groups.set_rule(
        "nsg1",
        "dns",
        RuleType.OUTBOUND,
        4096,
        RuleAction.DENY,
        "VIRTUAL_NETWORK",
        "1024-65535",
        "8.8.8.8",
        53,  # type: ignore[arg-type]
        RuleProtocol.ANY,
    )
    _, _, kwargs = only_request(mock)
    assert b"<Type>Outbound</Type><Priority>4096</Priority><Action>Deny</Action>" in kwargs["data"]
    assert b"<DestinationPortRange>53</DestinationPortRange><Protocol>*</Protocol>" in kwargs["data"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"priority": 99}, "priority"),
        ({"priority": 4097}, "priority"),
        ({"priority": 65000}, "priority"),
        ({"priority": True}, "priority"),
        ({"priority": "100"}, "priority"),
        ({"protocol": "ICMP"}, "protocol"),
        ({"action": "Permit"}, "action"),
        ({"type": "Sideways"}, "type"),
        ({"source_port_range": "65536"}, "source_port_range"),
        ({"source_port_range": "90-80"}, "source_port_range"),
        ({"destination_port_range": "http"}, "destination_port_range"),
        ({"destination_port_range": ""}, "destination_port_range"),
        ({"source_address_prefix": "10.0.0.0/33"}, "source_address_prefix"),
        ({"source_address_prefix": "EVERYWHERE"}, "source_address_prefix"),
        ({"destination_address_prefix": "300.1.1.1"}, "destination_address_prefix"),
    ],
)
async def test_set_rule_refuses_bad_rules(
    session: ServiceManagementSession, mock: aioresponses, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.network_security_groups.set_rule("nsg1", "r1", **{**SSH, **change})
    assert caught.value.field == field
    assert not mock.requests


async def test_set_rule_accepts_the_default_tags_in_any_case(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    for tag in ("INTERNET", "virtual_network", "AZURE_LOADBALANCER", "*", "10.1.2.3"):
        target = url(f"{NSG}/nsg1/rules/r1")
        accept(mock, "PUT", target)
        await session.network_security_groups.set_rule("nsg1", "r1", **{**SSH, "source_address_prefix": tag})


async def test_delete_rule(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{NSG}/nsg1/rules/allow-ssh"))
    await session.network_security_groups.delete_rule("nsg1", "allow-ssh")
    method, _, _ = only_request(mock)
    assert method == "DELETE"
    with pytest.raises(InvalidInputError):
        await session.network_security_groups.delete_rule("nsg1", "a/b")


async def test_add_get_remove_on_a_subnet(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(SUBNET))
    await session.network_security_groups.add_to_subnet("nsg1", "corpnet", "FrontEnd")
    method, _, kwargs = only_request(mock)
    assert method == "POST"
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("NetworkSecurityGroup", "<Name>nsg1</Name>")
    mock.requests.clear()
    respond_xml(
        mock, "GET", url(SUBNET), doc("NetworkSecurityGroup", "<Name>nsg1</Name><State>Created</State>")
    )
    group = await session.network_security_groups.get_for_subnet("corpnet", "FrontEnd")
    assert (group.name, group.state, group.rules) == ("nsg1", "Created", [])
    mock.requests.clear()
    accept(mock, "DELETE", url(f"{SUBNET}/nsg1"))
    await session.network_security_groups.remove_from_subnet("nsg1", "corpnet", "FrontEnd")
    method, sent, _ = only_request(mock)
    assert (method, sent) == ("DELETE", url(f"{SUBNET}/nsg1"))


async def test_role_and_interface_use_the_2015_04_01_version(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(f"{ROLE}/networksecuritygroups"))
    await session.network_security_groups.add_to_role("nsg1", "svc", "dep", "vm1")
    _, _, kwargs = only_request(mock)
    assert_mutation_headers(kwargs, "2015-04-01")
    assert kwargs["data"] == body_xml("NetworkSecurityGroup", "<Name>nsg1</Name>")
    mock.requests.clear()
    respond_xml(
        mock, "GET", url(f"{ROLE}/networksecuritygroups"), doc("NetworkSecurityGroup", "<Name>n</Name>")
    )
    assert (await session.network_security_groups.get_for_role("svc", "dep", "vm1")).name == "n"
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs, "2015-04-01")
    mock.requests.clear()
    accept(mock, "DELETE", url(f"{ROLE}/networksecuritygroups/nsg1"))
    await session.network_security_groups.remove_from_role("nsg1", "svc", "dep", "vm1")
    mock.requests.clear()
    nic = f"{ROLE}/networkinterfaces/nic2/networksecuritygroups"
    accept(mock, "POST", url(nic))
    await session.network_security_groups.add_to_network_interface("nsg1", "svc", "dep", "vm1", "nic2")
    _, sent, kwargs = only_request(mock)
    assert sent == url(nic)
    assert_mutation_headers(kwargs, "2015-04-01")
    mock.requests.clear()
    respond_xml(mock, "GET", url(nic), doc("NetworkSecurityGroup", "<Name>n</Name>"))
    assert (await session.network_security_groups.get_for_network_interface("svc", "dep", "vm1", "nic2")).name
    mock.requests.clear()
    accept(mock, "DELETE", url(f"{nic}/nsg1"))
    await session.network_security_groups.remove_from_network_interface("nsg1", "svc", "dep", "vm1", "nic2")
    _, sent, _ = only_request(mock)
    assert sent == url(f"{nic}/nsg1")
