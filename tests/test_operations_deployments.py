"""session.deployments: create, get by slot/name, change configuration, status, swap, delete, upgrades."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    b64,
    body_xml,
    doc,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import InvalidInputError, ServiceManagementSession
from aiosm.models import Deployment, DeploymentSlot

HS = "/services/hostedservices/mysvc"
CSCFG = '<ServiceConfiguration serviceName="mysvc"><Role name="web"/></ServiceConfiguration>'

DEPLOYMENT = (
    "<Name>v1</Name><DeploymentSlot>Staging</DeploymentSlot><PrivateID>abc123</PrivateID>"
    f"<Status>Running</Status><Label>{b64('version one')}</Label>"
    "<Url>http://abc123.cloudapp.net/</Url>"
    f"<Configuration>{b64(CSCFG)}</Configuration>"
    "<RoleInstanceList>"
    "<RoleInstance><RoleName>web</RoleName><InstanceName>web_IN_0</InstanceName>"
    "<InstanceStatus>ReadyRole</InstanceStatus><InstanceUpgradeDomain>0</InstanceUpgradeDomain>"
    "<InstanceFaultDomain>1</InstanceFaultDomain><InstanceSize>Small</InstanceSize>"
    "<IpAddress>10.0.0.4</IpAddress><InstanceEndpoints><InstanceEndpoint><Name>http</Name>"
    "<Vip>1.2.3.4</Vip><PublicPort>80</PublicPort><LocalPort>8080</LocalPort><Protocol>tcp</Protocol>"
    "</InstanceEndpoint></InstanceEndpoints><PowerState>Started</PowerState></RoleInstance>"
    "<RoleInstance><RoleName>web</RoleName><InstanceName>web_IN_1</InstanceName>"
    "<InstanceStatus>Busy</InstanceStatus></RoleInstance>"
    "</RoleInstanceList>"
    "<UpgradeStatus><UpgradeType>Auto</UpgradeType><CurrentUpgradeDomainState>Before</CurrentUpgradeDomainState>"
    "<CurrentUpgradeDomain>2</CurrentUpgradeDomain></UpgradeStatus>"
    "<UpgradeDomainCount>5</UpgradeDomainCount>"
    '<RoleList><Role i:type="PersistentVMRole"><RoleName>web</RoleName>'
    "<OsVersion>WA-GUEST-OS-4.20</OsVersion>"
    "<RoleType>PersistentVMRole</RoleType><RoleSize>Small</RoleSize></Role></RoleList>"
    "<SdkVersion>2.9</SdkVersion>"
    "<InputEndpointList><InputEndpoint><RoleName>web</RoleName><Vip>1.2.3.4</Vip><Port>80</Port>"
    "</InputEndpoint></InputEndpointList>"
    "<Locked>false</Locked><RollbackAllowed>true</RollbackAllowed>"
    "<CreatedTime>2015-01-02T03:04:05Z</CreatedTime><LastModifiedTime>2015-01-03T03:04:05Z</LastModifiedTime>"
    "<ExtendedProperties><ExtendedProperty><Name>a</Name><Value>1</Value></ExtendedProperty>"
    "<ExtendedProperty><Name>b</Name><Value>2</Value></ExtendedProperty></ExtendedProperties>"
    "<VirtualIPs><VirtualIP><Address>1.2.3.4</Address><IsDnsProgrammed>true</IsDnsProgrammed>"
    "<Name>vip1</Name><IsReserved>false</IsReserved><ReservedIPName>rip</ReservedIPName></VirtualIP></VirtualIPs>"
    "<ReservedIPName>rip</ReservedIPName>"
)


def check_deployment(dep: Deployment) -> None:
    assert dep.name == "v1"
    assert dep.deployment_slot is DeploymentSlot.STAGING
    assert dep.private_id == "abc123"
    assert dep.status == "Running"
    assert dep.label == "version one"
    assert dep.configuration == CSCFG
    assert [r.instance_name for r in dep.role_instance_list] == ["web_IN_0", "web_IN_1"]
    first = dep.role_instance_list[0]
    assert first.instance_upgrade_domain == 0
    assert first.instance_fault_domain == 1
    assert first.ip_address == "10.0.0.4"
    assert first.power_state == "Started"
    assert first.instance_endpoints[0].public_port == 80
    assert first.instance_endpoints[0].local_port == 8080
    assert dep.role_instance_list[1].instance_status == "Busy"
    assert dep.role_instance_list[1].instance_endpoints == []
    assert dep.upgrade_status is not None
    assert dep.upgrade_status.current_upgrade_domain == 2
    assert dep.upgrade_domain_count == 5
    assert dep.role_list[0].role_name == "web"
    assert dep.role_list[0].os_version == "WA-GUEST-OS-4.20"
    assert dep.input_endpoint_list[0].port == 80
    assert dep.locked is False
    assert dep.rollback_allowed is True
    assert dep.created_time == datetime(2015, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert dep.last_modified_time == datetime(2015, 1, 3, 3, 4, 5, tzinfo=timezone.utc)
    assert dep.extended_properties == {"a": "1", "b": "2"}
    assert dep.virtual_ips[0].is_dns_programmed is True
    assert dep.virtual_ips[0].is_reserved is False
    assert dep.virtual_ips[0].reserved_ip_name == "rip"
    assert dep.reserved_ip_name == "rip"


async def test_get_by_slot(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deploymentslots/staging")
    respond_xml(mock, "GET", target, doc("Deployment", DEPLOYMENT))
    dep = await session.deployments.get_by_slot("mysvc", "staging")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    check_deployment(dep)


async def test_get_by_name(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1")
    respond_xml(mock, "GET", target, doc("Deployment", DEPLOYMENT))
    dep = await session.deployments.get_by_name("mysvc", "v1")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    check_deployment(dep)


async def test_minimal_deployment_has_empty_lists(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments/v1")
    respond_xml(mock, "GET", target, doc("Deployment", "<Name>v1</Name><RoleInstanceList/>"))
    dep = await session.deployments.get_by_name("mysvc", "v1")
    assert dep.role_instance_list == []
    assert dep.role_list == []
    assert dep.extended_properties == {}
    assert dep.deployment_slot == ""  # absent: empty, so "Slot: " + slot still works
    assert dep.locked is None


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deploymentslots/production")
    accept(mock, "POST", target)
    op = await session.deployments.create(
        "mysvc",
        "production",
        "v1",
        "https://blob/pkg.cspkg?a=1&b=2",
        "label & <x>",
        CSCFG,
        start_deployment=True,
        extended_properties={"k": "v"},
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CreateDeployment",
        "<Name>v1</Name><PackageUrl>https://blob/pkg.cspkg?a=1&amp;b=2</PackageUrl>"
        f"<Label>{b64('label & <x>')}</Label><Configuration>{b64(CSCFG)}</Configuration>"
        "<StartDeployment>true</StartDeployment><TreatWarningsAsError>false</TreatWarningsAsError>"
        "<ExtendedProperties><ExtendedProperty><Name>k</Name><Value>v</Value></ExtendedProperty>"
        "</ExtendedProperties>",
    )
    assert op.request_id == RID
    assert op.result is None


async def test_create_accepts_cscfg_bytes(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deploymentslots/staging")
    accept(mock, "POST", target)
    await session.deployments.create("mysvc", "staging", "v2", "https://pkg", "l", CSCFG.encode())
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateDeployment",
        f"<Name>v2</Name><PackageUrl>https://pkg</PackageUrl><Label>{b64('l')}</Label>"
        f"<Configuration>{b64(CSCFG)}</Configuration>"
        "<StartDeployment>false</StartDeployment><TreatWarningsAsError>false</TreatWarningsAsError>",
    )


async def test_change_configuration(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1/", comp="config")
    accept(mock, "POST", target)
    op = await session.deployments.change_configuration(
        "mysvc", "v1", CSCFG, treat_warnings_as_error=True, mode="manual"
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert str(sent_url).endswith("/deployments/v1/?comp=config")
    assert kwargs["params"] == {"comp": "config"}
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "ChangeConfiguration",
        f"<Configuration>{b64(CSCFG)}</Configuration><TreatWarningsAsError>true</TreatWarningsAsError>"
        "<Mode>Manual</Mode>",
    )
    assert op.request_id == RID


@pytest.mark.parametrize(("given", "sent"), [("Running", "Running"), ("suspended", "Suspended")])
async def test_update_status(
    session: ServiceManagementSession, mock: aioresponses, given: str, sent: str
) -> None:
    target = url(f"{HS}/deployments/v1/", comp="status")
    accept(mock, "POST", target)
    op = await session.deployments.update_status("mysvc", "v1", given)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("UpdateDeploymentStatus", f"<Status>{sent}</Status>")
    assert op.request_id == RID


async def test_swap(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(HS))
    op = await session.deployments.swap("mysvc", "v1", "v2")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(HS))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "Swap", "<Production>v1</Production><SourceDeployment>v2</SourceDeployment>"
    )
    assert op.request_id == RID


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1")
    accept(mock, "DELETE", target)
    op = await session.deployments.delete("mysvc", "v1")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert kwargs["params"] is None
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID


async def test_delete_with_vhd(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1", comp="media")
    accept(mock, "DELETE", target)
    await session.deployments.delete("mysvc", "v1", delete_vhd=True)
    _, sent_url, _ = only_request(mock)
    assert sent_url == target


# -- upgrades ---------------------------------------------------------------------------------


async def test_upgrade(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1/", comp="upgrade")
    accept(mock, "POST", target)
    op = await session.deployments.upgrade(
        "mysvc", "v1", "manual", "https://pkg/v2", CSCFG, "v two", True, "web", {"release": 2}
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert str(sent_url).endswith("/deployments/v1/?comp=upgrade")
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "UpgradeDeployment",
        f"<Mode>Manual</Mode><PackageUrl>https://pkg/v2</PackageUrl><Configuration>{b64(CSCFG)}</Configuration>"
        f"<Label>{b64('v two')}</Label><RoleToUpgrade>web</RoleToUpgrade><Force>true</Force>"
        "<ExtendedProperties><ExtendedProperty><Name>release</Name><Value>2</Value></ExtendedProperty>"
        "</ExtendedProperties>",
    )
    assert op.request_id == RID


async def test_upgrade_leaves_out_the_optional_elements(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(f"{HS}/deployments/v1/", comp="upgrade"))
    await session.deployments.upgrade("mysvc", "v1", "Simultaneous", "https://pkg/v2", CSCFG.encode(), "l")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "UpgradeDeployment",
        "<Mode>Simultaneous</Mode><PackageUrl>https://pkg/v2</PackageUrl>"
        f"<Configuration>{b64(CSCFG)}</Configuration><Label>{b64('l')}</Label><Force>false</Force>",
    )


async def test_upgrade_checks_its_arguments_before_sending(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as mode:
        await session.deployments.upgrade("mysvc", "v1", "Fast", "https://pkg", CSCFG, "l")
    assert mode.value.field == "mode"
    with pytest.raises(InvalidInputError) as label:
        await session.deployments.upgrade("mysvc", "v1", "Auto", "https://pkg", CSCFG, "x" * 101)
    assert label.value.field == "label"
    for domain in (-1, 20, True, "0"):
        with pytest.raises(InvalidInputError) as walk:
            await session.deployments.walk_upgrade_domain("mysvc", "v1", domain)  # type: ignore[arg-type]
        assert walk.value.field == "upgrade_domain"
    with pytest.raises(InvalidInputError) as rollback:
        await session.deployments.rollback("mysvc", "v1", "Simultaneous", True)
    assert rollback.value.field == "mode"
    assert total_requests(mock) == 0


async def test_walk_upgrade_domain(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1/", comp="walkupgradedomain")
    accept(mock, "POST", target)
    op = await session.deployments.walk_upgrade_domain("mysvc", "v1", 3)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("WalkUpgradeDomain", "<UpgradeDomain>3</UpgradeDomain>")
    assert op.request_id == RID


async def test_rollback(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/v1/", comp="rollback")
    accept(mock, "POST", target)
    op = await session.deployments.rollback("mysvc", "v1", "auto", True)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("RollbackUpdateOrUpgrade", "<Mode>Auto</Mode><Force>true</Force>")
    assert op.request_id == RID


async def test_upgrade_status_and_rollback_allowed_are_read(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(mock, "GET", url(f"{HS}/deployments/v1"), doc("Deployment", DEPLOYMENT))
    dep = await session.deployments.get_by_name("mysvc", "v1")
    assert dep.upgrade_status is not None
    assert (dep.upgrade_status.upgrade_type, dep.upgrade_status.current_upgrade_domain_state) == (
        "Auto",
        "Before",
    )
    assert dep.rollback_allowed is True
    endpoint = dep.role_instance_list[0].instance_endpoints[0]
    assert (endpoint.name, endpoint.vip, endpoint.protocol) == ("http", "1.2.3.4", "tcp")
