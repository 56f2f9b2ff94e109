"""The seed's snippets, run against mocked HTTP with ``await`` added (and its two bugs fixed)."""

from __future__ import annotations

import base64
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aioresponses import aioresponses
from conftest import (
    FAST_POLL,
    FAST_RETRY,
    RID,
    RID_DASHED,
    SUB,
    accept,
    b64,
    body_xml,
    calls,
    doc,
    only_request,
    operation_doc,
    respond_xml,
    total_requests,
    url,
)

import aiosm
from aiosm import (
    AsyncOperation,
    InvalidInputError,
    LinuxConfigurationSet,
    OperationFailedError,
    OSVirtualHardDisk,
    ServiceManagementService,
)

subscription_id = SUB
OPS = url(f"/operations/{RID}")
HS = "/services/hostedservices"
CSCFG = b'<?xml version="1.0"?><ServiceConfiguration serviceName="myhostedservice"/>'


def certificate_path() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.fixture
async def sms() -> AsyncIterator[ServiceManagementService]:
    service = ServiceManagementService(subscription_id, certificate_path(), retry=FAST_RETRY, poll=FAST_POLL)
    yield service
    await service.close()


def succeeded(mock: aioresponses) -> None:
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200))


def test_star_import_exposes_seed_names() -> None:
    namespace: dict[str, object] = {}
    exec("from aiosm import *", namespace)
    for name in (
        "ServiceManagementService",
        "LinuxConfigurationSet",
        "WindowsConfigurationSet",
        "OSVirtualHardDisk",
        "ConfigurationSet",
        "ConfigurationSetInputEndpoint",
    ):
        assert namespace[name] is getattr(aiosm, name)


async def test_async_with_and_close(mock: aioresponses) -> None:
    async with ServiceManagementService(subscription_id, certificate_path()) as sms:
        assert sms.subscription_id == subscription_id
        respond_xml(mock, "GET", url("/locations"), doc("Locations"))
        assert await sms.list_locations() == []
    assert sms.session.transport.closed
    with pytest.raises(aiosm.AsmError):
        await sms.list_locations()
    assert total_requests(mock) == 1


def test_host_argument_becomes_endpoint() -> None:
    sms = ServiceManagementService(subscription_id, certificate_path(), "management.core.chinacloudapi.cn")
    assert sms.session.endpoint == "https://management.core.chinacloudapi.cn"


def test_constructor_takes_the_legacy_arguments_in_order() -> None:
    host = "management.core.windows.net"
    sms = ServiceManagementService(subscription_id, certificate_path(), host, None, 12.5)
    assert sms.session.endpoint == "https://management.core.windows.net"
    assert sms.session.transport.wire._timeout == 12.5  # type: ignore[attr-defined]


def test_a_requests_session_is_refused_not_ignored() -> None:
    class RequestsSession:  # what legacy code passed: its proxies and certificate would be dropped
        proxies = {"https": "http://proxy:3128"}

    with pytest.raises(aiosm.InvalidInputError) as info:
        ServiceManagementService(subscription_id, certificate_path(), request_session=RequestsSession())
    assert info.value.field == "request_session" and "proxy=" in str(info.value)


async def test_list_locations(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock,
        "GET",
        url("/locations"),
        doc(
            "Locations", "<Location><Name>West US</Name></Location><Location><Name>East US</Name></Location>"
        ),
    )
    result = await sms.list_locations()
    for location in result:
        print(location.name)
    assert capsys.readouterr().out == "West US\nEast US\n"


async def test_create_hosted_service(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "POST", url(HS), status=201)
    name = "myhostedservice"
    label = "myhostedservice"
    desc = "my hosted service"
    location = "West US"
    result = await sms.create_hosted_service(name, label, desc, location)
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateHostedService",
        f"<ServiceName>myhostedservice</ServiceName><Label>{b64('myhostedservice')}</Label>"
        "<Description>my hosted service</Description><Location>West US</Location>",
    )
    assert isinstance(result, AsyncOperation)
    assert result.request_id == RID


SERVICE_IN_LOCATION = (
    "<Url>https://management.core.windows.net/x/services/hostedservices/myhostedservice</Url>"
    "<ServiceName>myhostedservice</ServiceName>"
    "<HostedServiceProperties><Description>d</Description><Location>West US</Location>"
    f"<Label>{b64('myhostedservice')}</Label><Status>Created</Status></HostedServiceProperties>"
)


async def test_list_hosted_services(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock, "GET", url(HS), doc("HostedServices", f"<HostedService>{SERVICE_IN_LOCATION}</HostedService>")
    )
    result = await sms.list_hosted_services()
    for hosted_service in result:
        print("Service name: " + hosted_service.service_name)
        print("Management URL: " + hosted_service.url)
        print("Affinity group: " + hosted_service.hosted_service_properties.affinity_group)
        print("Location: " + hosted_service.hosted_service_properties.location)
        print("")
    assert capsys.readouterr().out == (
        "Service name: myhostedservice\n"
        "Management URL: https://management.core.windows.net/x/services/hostedservices/myhostedservice\n"
        "Affinity group: \n"
        "Location: West US\n\n"
    )


async def test_get_hosted_service_properties(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    target = url(f"{HS}/myhostedservice", **{"embed-detail": "false"})
    respond_xml(mock, "GET", target, doc("HostedService", SERVICE_IN_LOCATION))
    hosted_service = await sms.get_hosted_service_properties("myhostedservice")
    print("Service name: " + hosted_service.service_name)
    print("Management URL: " + hosted_service.url)
    print("Affinity group: " + hosted_service.hosted_service_properties.affinity_group)
    print("Location: " + hosted_service.hosted_service_properties.location)
    out = capsys.readouterr().out
    assert "Affinity group: \n" in out
    assert "Location: West US\n" in out


async def test_delete_hosted_service(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{HS}/myhostedservice"))
    result = await sms.delete_hosted_service("myhostedservice")
    assert result.request_id == RID
    method, sent_url, _ = only_request(mock)
    assert (method, sent_url) == ("DELETE", url(f"{HS}/myhostedservice"))


async def test_create_deployment(
    sms: ServiceManagementService, mock: aioresponses, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path_to_cscfg = tmp_path / "ServiceConfiguration.cscfg"
    path_to_cscfg.write_bytes(CSCFG)
    accept(mock, "POST", url(f"{HS}/myhostedservice/deploymentslots/production"))
    succeeded(mock)

    name = "myhostedservice"
    deployment_name = "v1"
    slot = "production"
    package_url = "URL_for_.cspkg_file"
    with open(path_to_cscfg, "rb") as f:  # noqa: ASYNC230 - as the seed does
        configuration = base64.b64encode(f.read())  # the seed forgot .read()
    label = "myhostedservice"

    result = await sms.create_deployment(name, slot, deployment_name, package_url, label, configuration)

    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)

    assert capsys.readouterr().out == "Operation status: Succeeded\n"
    (sent,) = calls(mock, "POST", url(f"{HS}/myhostedservice/deploymentslots/production"))
    # The caller's base64 is sent as is, not encoded twice.
    assert sent.kwargs["data"] == body_xml(
        "CreateDeployment",
        "<Name>v1</Name><PackageUrl>URL_for_.cspkg_file</PackageUrl>"
        f"<Label>{b64('myhostedservice')}</Label><Configuration>{configuration.decode()}</Configuration>"
        "<StartDeployment>false</StartDeployment><TreatWarningsAsError>false</TreatWarningsAsError>",
    )


async def test_create_deployment_rejects_raw_cscfg(sms: ServiceManagementService, mock: aioresponses) -> None:
    with pytest.raises(InvalidInputError) as info:
        await sms.create_deployment("svc", "production", "v1", "https://p", "l", CSCFG.decode())
    assert info.value.field == "configuration"
    assert total_requests(mock) == 0


@pytest.mark.parametrize("configuration", [5, object(), "é-not-ascii"])
async def test_create_deployment_rejects_configuration_of_wrong_type(
    sms: ServiceManagementService, mock: aioresponses, configuration: object
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await sms.create_deployment("svc", "production", "v1", "https://p", "l", configuration)  # type: ignore[arg-type]
    assert info.value.field == "configuration"
    assert total_requests(mock) == 0


async def test_get_deployment_by_slot(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{HS}/myhostedservice/deploymentslots/production"),
        doc(
            "Deployment",
            "<Name>v1</Name><DeploymentSlot>Production</DeploymentSlot><PrivateID>pid</PrivateID>"
            "<Status>Running</Status><RoleInstanceList><RoleInstance><InstanceName>web_IN_0</InstanceName>"
            "<InstanceStatus>ReadyRole</InstanceStatus><InstanceSize>Small</InstanceSize></RoleInstance>"
            "</RoleInstanceList>",
        ),
    )
    result = await sms.get_deployment_by_slot("myhostedservice", "production")
    print("Name: " + result.name)
    print("Slot: " + result.deployment_slot)
    print("Private ID: " + result.private_id)
    print("Status: " + result.status)
    print("Instances:")
    for instance in result.role_instance_list:
        print("Instance name: " + instance.instance_name)
        print("Instance status: " + instance.instance_status)
        print("Instance size: " + instance.instance_size)
    assert capsys.readouterr().out == (
        "Name: v1\nSlot: Production\nPrivate ID: pid\nStatus: Running\nInstances:\n"
        "Instance name: web_IN_0\nInstance status: ReadyRole\nInstance size: Small\n"
    )
    assert result.role_instance_list[0].instance_status == "ReadyRole"


async def test_get_deployment_by_name(sms: ServiceManagementService, mock: aioresponses) -> None:
    respond_xml(
        mock, "GET", url(f"{HS}/myhostedservice/deployments/v1"), doc("Deployment", "<Name>v1</Name>")
    )
    assert (await sms.get_deployment_by_name("myhostedservice", "v1")).name == "v1"


async def test_change_deployment_configuration(
    sms: ServiceManagementService, mock: aioresponses, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path_to_cscfg = tmp_path / "new.cscfg"
    path_to_cscfg.write_bytes(CSCFG)
    target = url(f"{HS}/myhostedservice/deployments/v1/", comp="config")
    accept(mock, "POST", target)
    succeeded(mock)

    name = "myhostedservice"
    deployment_name = "v1"
    configuration = base64.b64encode(path_to_cscfg.read_bytes())

    result = await sms.change_deployment_configuration(name, deployment_name, configuration)

    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    assert capsys.readouterr().out == "Operation status: Succeeded\n"
    (sent,) = calls(mock, "POST", target)
    assert sent.kwargs["data"] == body_xml(
        "ChangeConfiguration",
        f"<Configuration>{configuration.decode()}</Configuration>"
        "<TreatWarningsAsError>false</TreatWarningsAsError><Mode>Auto</Mode>",
    )


async def test_update_deployment_status(sms: ServiceManagementService, mock: aioresponses) -> None:
    target = url(f"{HS}/myhostedservice/deployments/v1/", comp="status")
    accept(mock, "POST", target)
    name = "myhostedservice"
    deployment_name = "v1"
    result = await sms.update_deployment_status(name, deployment_name, "Running")  # the seed forgot "sms."
    assert result.request_id == RID
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml("UpdateDeploymentStatus", "<Status>Running</Status>")


async def test_swap_deployment(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "POST", url(f"{HS}/myhostedservice"))
    result = await sms.swap_deployment("myhostedservice", "v1", "v2")
    assert result.request_id == RID
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "Swap", "<Production>v1</Production><SourceDeployment>v2</SourceDeployment>"
    )


async def test_delete_deployment(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "DELETE", url(f"{HS}/myhostedservice/deployments/v1"))
    await sms.delete_deployment("myhostedservice", "v1")
    method, sent_url, _ = only_request(mock)
    assert (method, sent_url) == ("DELETE", url(f"{HS}/myhostedservice/deployments/v1"))


async def test_create_storage_account(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    accept(mock, "POST", url("/services/storageservices"))
    respond_xml(mock, "GET", OPS, operation_doc("InProgress"))

    name = "mystorageaccount"
    label = "mystorageaccount"
    location = "West US"
    desc = "My storage account description."

    result = await sms.create_storage_account(name, desc, label, location=location)

    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    assert capsys.readouterr().out == "Operation status: InProgress\n"
    (sent,) = calls(mock, "POST", url("/services/storageservices"))
    assert sent.kwargs["data"] == body_xml(
        "CreateStorageServiceInput",
        "<ServiceName>mystorageaccount</ServiceName>"
        "<Description>My storage account description.</Description>"
        f"<Label>{b64('mystorageaccount')}</Label><Location>West US</Location>"
        "<AccountType>Standard_GRS</AccountType>",
    )


async def test_create_storage_account_geo_replication_off(
    sms: ServiceManagementService, mock: aioresponses
) -> None:
    accept(mock, "POST", url("/services/storageservices"))
    await sms.create_storage_account("store", None, "l", location="W", geo_replication_enabled=False)
    _, _, kwargs = only_request(mock)
    assert kwargs["data"].endswith(b"<AccountType>Standard_LRS</AccountType></CreateStorageServiceInput>")


async def test_list_storage_accounts(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock,
        "GET",
        url("/services/storageservices"),
        doc(
            "StorageServices",
            "<StorageService><ServiceName>mystorageaccount</ServiceName><StorageServiceProperties>"
            "<Location>West US</Location></StorageServiceProperties></StorageService>",
        ),
    )
    result = await sms.list_storage_accounts()
    for account in result:
        assert account.storage_service_properties is not None
        print("Service name: " + account.service_name)
        print("Affinity group: " + account.storage_service_properties.affinity_group)
        print("Location: " + account.storage_service_properties.location)
        print("")
    assert (
        capsys.readouterr().out == "Service name: mystorageaccount\nAffinity group: \nLocation: West US\n\n"
    )


async def test_delete_storage_account(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "DELETE", url("/services/storageservices/mystorageaccount"))
    result = await sms.delete_storage_account("mystorageaccount")
    assert result.request_id == RID
    assert total_requests(mock) == 1


async def test_affinity_groups(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    accept(mock, "POST", url("/affinitygroups"), status=201)
    name = "myAffinityGroup"
    label = "myAffinityGroup"
    location = "West US"
    desc = "my affinity group"
    await sms.create_affinity_group(name, label, location, desc)
    (sent,) = calls(mock, "POST", url("/affinitygroups"))
    assert sent.kwargs["data"] == body_xml(
        "CreateAffinityGroup",
        f"<Name>myAffinityGroup</Name><Label>{b64('myAffinityGroup')}</Label>"
        "<Description>my affinity group</Description><Location>West US</Location>",
    )

    respond_xml(
        mock,
        "GET",
        url("/affinitygroups"),
        doc(
            "AffinityGroups",
            f"<AffinityGroup><Name>myAffinityGroup</Name><Label>{b64('myAffinityGroup')}</Label>"
            "<Description>my affinity group</Description><Location>West US</Location></AffinityGroup>",
        ),
    )
    result = await sms.list_affinity_groups()
    for group in result:
        print("Name: " + group.name)
        print("Description: " + group.description)
        print("Location: " + group.location)
        print("")
    assert (
        capsys.readouterr().out
        == "Name: myAffinityGroup\nDescription: my affinity group\nLocation: West US\n\n"
    )

    accept(mock, "DELETE", url("/affinitygroups/myAffinityGroup"), status=200)
    await sms.delete_affinity_group("myAffinityGroup")
    assert len(calls(mock, "DELETE", url("/affinitygroups/myAffinityGroup"))) == 1


def os_item(label: str, version: str, active: str) -> str:
    return (
        f"<OperatingSystem><Version>{version}</Version><Label>{b64(label)}</Label>"
        f"<IsDefault>false</IsDefault><IsActive>{active}</IsActive><Family>4</Family>"
        f"<FamilyLabel>{b64('Windows Server 2012 R2')}</FamilyLabel></OperatingSystem>"
    )


async def test_list_operating_systems(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock, "GET", url("/operatingsystems"), doc("OperatingSystems", os_item("OS 4.1", "4.1", "true"))
    )
    result = await sms.list_operating_systems()
    for os in result:
        print("OS: " + os.label)
        print("Family: " + os.family_label)
        print("Active: " + str(os.is_active))
    assert capsys.readouterr().out == "OS: OS 4.1\nFamily: Windows Server 2012 R2\nActive: True\n"


async def test_list_operating_system_families(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    respond_xml(
        mock,
        "GET",
        url("/operatingsystemfamilies"),
        doc(
            "OperatingSystemFamilies",
            f"<OperatingSystemFamily><Name>4</Name><Label>{b64('Windows Server 2012 R2')}</Label>"
            f"<OperatingSystems>{os_item('OS 4.1', '4.1', 'true')}{os_item('OS 4.0', '4.0', 'false')}"
            "</OperatingSystems></OperatingSystemFamily>",
        ),
    )
    result = await sms.list_operating_system_families()
    for family in result:
        print("Family: " + family.label)
        for os in family.operating_systems:
            if os.is_active:
                print("OS: " + os.label)
                print("Version: " + os.version)
        print("")
    assert capsys.readouterr().out == "Family: Windows Server 2012 R2\nOS: OS 4.1\nVersion: 4.1\n\n"


async def test_os_images(
    sms: ServiceManagementService, mock: aioresponses, capsys: pytest.CaptureFixture[str]
) -> None:
    accept(mock, "POST", url("/services/images"))
    respond_xml(mock, "GET", OPS, operation_doc("Succeeded", http=200), repeat=True)
    name = "mycentos"
    label = "mycentos"
    os = "Linux"  # Linux or Windows
    media_link = "url_to_storage_blob_for_source_image_vhd"
    result = await sms.add_os_image(label, media_link, name, os)
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)
    (sent,) = calls(mock, "POST", url("/services/images"))
    assert sent.kwargs["data"] == body_xml(
        "OSImage",
        "<Label>mycentos</Label><MediaLink>url_to_storage_blob_for_source_image_vhd</MediaLink>"
        "<Name>mycentos</Name><OS>Linux</OS>",
    )

    respond_xml(
        mock,
        "GET",
        url("/services/images"),
        doc(
            "Images",
            "<OSImage><Category>User</Category><Label>mycentos</Label><Location>West US</Location>"
            "<MediaLink>https://m/centos.vhd</MediaLink><Name>mycentos</Name><OS>Linux</OS></OSImage>",
        ),
    )
    result_images = await sms.list_os_images()
    for image in result_images:
        print("Name: " + image.name)
        print("Label: " + image.label)
        print("OS: " + image.os)
        print("Category: " + image.category)
        print("Description: " + image.description)
        print("Location: " + image.location)
        print("Affinity group: " + image.affinity_group)
        print("Media link: " + image.media_link)
        print("")

    accept(mock, "DELETE", url("/services/images/mycentos"))
    result = await sms.delete_os_image("mycentos")
    operation_result = await sms.get_operation_status(result.request_id)
    print("Operation status: " + operation_result.status)

    assert capsys.readouterr().out == (
        "Operation status: Succeeded\n"
        "Name: mycentos\nLabel: mycentos\nOS: Linux\nCategory: User\nDescription: \nLocation: West US\n"
        "Affinity group: \nMedia link: https://m/centos.vhd\n\n"
        "Operation status: Succeeded\n"
    )


async def test_create_and_delete_virtual_machine(sms: ServiceManagementService, mock: aioresponses) -> None:
    accept(mock, "POST", url(HS), status=201)
    accept(mock, "POST", url(f"{HS}/myvm/deployments"))

    name = "myvm"
    location = "West US"
    await sms.create_hosted_service(service_name=name, label=name, location=location)
    image_name = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
    media_link = "url_to_target_storage_blob_for_vm_hd"
    linux_config = LinuxConfigurationSet("myhostname", "myuser", "mypassword", True)
    os_hd = OSVirtualHardDisk(image_name, media_link)
    await sms.create_virtual_machine_deployment(
        service_name=name,
        deployment_name=name,
        deployment_slot="production",
        label=name,
        role_name=name,
        system_config=linux_config,
        os_virtual_hard_disk=os_hd,
        role_size="Small",
    )
    (sent,) = calls(mock, "POST", url(f"{HS}/myvm/deployments"))
    assert sent.kwargs["data"] == body_xml(
        "Deployment",
        "<Name>myvm</Name><DeploymentSlot>production</DeploymentSlot><Label>myvm</Label><RoleList><Role>"
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType><ConfigurationSets>"
        '<ConfigurationSet i:type="LinuxProvisioningConfigurationSet">'
        "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>"
        "<HostName>myhostname</HostName><UserName>myuser</UserName><UserPassword>mypassword</UserPassword>"
        "<DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication></ConfigurationSet>"
        "</ConfigurationSets><OSVirtualHardDisk><MediaLink>url_to_target_storage_blob_for_vm_hd</MediaLink>"
        f"<SourceImageName>{image_name}</SourceImageName></OSVirtualHardDisk><RoleSize>Small</RoleSize>"
        "</Role></RoleList>",
    )
    assert "mypassword" not in repr(linux_config)

    accept(mock, "DELETE", url(f"{HS}/myvm/deployments/myvm"))
    accept(mock, "DELETE", url(f"{HS}/myvm"))
    await sms.delete_deployment(service_name="myvm", deployment_name="myvm")
    await sms.delete_hosted_service(service_name="myvm")
    assert len(calls(mock, "DELETE", url(f"{HS}/myvm/deployments/myvm"))) == 1
    assert len(calls(mock, "DELETE", url(f"{HS}/myvm"))) == 1


# -- legacy helpers beyond the seed ------------------------------------------------------------------


async def test_wait_for_operation_status(mock: aioresponses) -> None:
    sms = ServiceManagementService(subscription_id, certificate_path(), retry=FAST_RETRY)
    try:
        respond_xml(mock, "GET", OPS, operation_doc("InProgress"))
        respond_xml(mock, "GET", OPS, operation_doc("Succeeded", rid=RID_DASHED, http=200))
        result = await sms.wait_for_operation_status(RID, timeout=30, sleep_interval=0)
        assert result.succeeded
        assert len(calls(mock, "GET", OPS)) == 2
    finally:
        await sms.close()


async def test_wait_for_failed_status(sms: ServiceManagementService, mock: aioresponses) -> None:
    failed = operation_doc(
        "Failed", http=409, error="<Error><Code>ConflictError</Code><Message>m</Message></Error>"
    )
    respond_xml(mock, "GET", OPS, failed, repeat=True)
    result = await sms.wait_for_operation_status(RID, wait_for_status="Failed", sleep_interval=0)
    assert result.error is not None and result.error.code == "ConflictError"
    with pytest.raises(OperationFailedError):
        await sms.wait_for_operation_status(RID, sleep_interval=0)


async def test_check_name_availability(sms: ServiceManagementService, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{HS}/operations/isavailable/svc"),
        doc("AvailabilityResponse", "<Result>true</Result>"),
    )
    respond_xml(
        mock,
        "GET",
        url("/services/storageservices/operations/isavailable/store"),
        doc("AvailabilityResponse", "<Result>false</Result><Reason>taken</Reason>"),
    )
    assert (await sms.check_hosted_service_name_availability("svc")).result is True
    answer = await sms.check_storage_account_name_availability("store")
    assert (answer.result, answer.reason) == (False, "taken")
