"""session.roles: the exact request of each VM role operation, the checks made before any request,
the legacy facade's argument order (create_virtual_machine_deployment with every legacy argument),
and the Get Role fields the service returns."""

from __future__ import annotations

import ssl

import pytest
from aioresponses import aioresponses
from conftest import (
    RID,
    SUB,
    accept,
    assert_mutation_headers,
    body_xml,
    doc,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import ServiceManagementService, ServiceManagementSession
from aiosm.errors import InvalidInputError
from aiosm.models import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DnsServer,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ResourceExtensionParameterValue,
    ResourceExtensionReference,
)

DEP = "/services/hostedservices/svc/deployments/dep"
IMAGE = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
MEDIA = "https://mystore.blob.core.windows.net/vhds/b.vhd"


def _role_ops(name: str = "vm1") -> str:
    return f"{DEP}/roleinstances/{name}/Operations"


async def test_add_role_sends_the_role_body(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{DEP}/roles")
    accept(mock, "POST", target)
    extension = ResourceExtensionReference(
        "BGInfo",
        "Microsoft.Compute",
        "BGInfo",
        "1.*",
        resource_extension_parameter_values=[ResourceExtensionParameterValue("k", "v", "Public")],
    )
    op = await session.roles.add(
        "svc",
        "dep",
        "vm2",
        LinuxConfigurationSet("vm2", "azureuser", "Secret-pa55", True),
        OSVirtualHardDisk(IMAGE, MEDIA),
        ConfigurationSet(input_endpoints=[ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22)]),
        "avset",
        None,
        "Small",
        "PersistentVMRole",
        [extension],
        True,
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url, op.request_id) == ("POST", target, RID)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "PersistentVMRole",
        "<RoleName>vm2</RoleName><RoleType>PersistentVMRole</RoleType><ConfigurationSets>"
        '<ConfigurationSet i:type="LinuxProvisioningConfigurationSet">'
        "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>"
        "<HostName>vm2</HostName><UserName>azureuser</UserName><UserPassword>Secret-pa55</UserPassword>"
        "<DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication></ConfigurationSet>"
        '<ConfigurationSet i:type="NetworkConfigurationSet">'
        "<ConfigurationSetType>NetworkConfiguration</ConfigurationSetType><InputEndpoints><InputEndpoint>"
        "<LocalPort>22</LocalPort><Name>ssh</Name><Port>22</Port><Protocol>tcp</Protocol>"
        "</InputEndpoint></InputEndpoints></ConfigurationSet></ConfigurationSets>"
        "<ResourceExtensionReferences><ResourceExtensionReference><ReferenceName>BGInfo</ReferenceName>"
        "<Publisher>Microsoft.Compute</Publisher><Name>BGInfo</Name><Version>1.*</Version>"
        "<ResourceExtensionParameterValues><ResourceExtensionParameterValue><Key>k</Key><Value>v</Value>"
        "<Type>Public</Type></ResourceExtensionParameterValue></ResourceExtensionParameterValues>"
        "</ResourceExtensionReference></ResourceExtensionReferences>"
        "<AvailabilitySetName>avset</AvailabilitySetName>"
        f"<OSVirtualHardDisk><MediaLink>{MEDIA}</MediaLink><SourceImageName>{IMAGE}</SourceImageName>"
        "</OSVirtualHardDisk><RoleSize>Small</RoleSize><ProvisionGuestAgent>true</ProvisionGuestAgent>",
    )
    assert "Secret-pa55" not in repr(extension) + repr(kwargs.get("headers"))


async def test_update_role_sends_no_provisioning_set(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{DEP}/roles/vm1")
    accept(mock, "PUT", target)
    await session.roles.update("svc", "dep", "vm1", network_config=ConfigurationSet(), role_size="Medium")
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "PersistentVMRole",
        "<RoleName>vm1</RoleName><RoleType>PersistentVMRole</RoleType><ConfigurationSets>"
        '<ConfigurationSet i:type="NetworkConfigurationSet">'
        "<ConfigurationSetType>NetworkConfiguration</ConfigurationSetType></ConfigurationSet>"
        "</ConfigurationSets><RoleSize>Medium</RoleSize>",
    )


async def test_delete_role_complete_adds_comp_media(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "DELETE", url(f"{DEP}/roles/vm1", comp="media"))
    accept(mock, "DELETE", url(f"{DEP}/roles/vm2"))
    await session.roles.delete("svc", "dep", "vm1", True)
    await session.roles.delete("svc", "dep", "vm2")
    assert total_requests(mock) == 2


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (("start", ()), body_xml("StartRoleOperation", "<OperationType>StartRoleOperation</OperationType>")),
        (
            ("restart", ()),
            body_xml("RestartRoleOperation", "<OperationType>RestartRoleOperation</OperationType>"),
        ),
        (
            ("shutdown", ()),
            body_xml(
                "ShutdownRoleOperation",
                "<OperationType>ShutdownRoleOperation</OperationType>"
                "<PostShutdownAction>Stopped</PostShutdownAction>",
            ),
        ),
        (
            ("shutdown", ("stoppeddeallocated",)),
            body_xml(
                "ShutdownRoleOperation",
                "<OperationType>ShutdownRoleOperation</OperationType>"
                "<PostShutdownAction>StoppedDeallocated</PostShutdownAction>",
            ),
        ),
        (
            ("capture", ("Delete", "img", "my image")),
            body_xml(
                "CaptureRoleOperation",
                "<OperationType>CaptureRoleOperation</OperationType><PostCaptureAction>Delete</PostCaptureAction>"
                "<TargetImageLabel>my image</TargetImageLabel><TargetImageName>img</TargetImageName>",
            ),
        ),
    ],
    ids=["start", "restart", "shutdown", "shutdown-deallocated", "capture"],
)
async def test_single_role_operations(
    session: ServiceManagementSession, mock: aioresponses, call: tuple[str, tuple[str, ...]], body: bytes
) -> None:
    target = url(_role_ops())
    accept(mock, "POST", target)
    verb, extra = call
    await getattr(session.roles, verb)("svc", "dep", "vm1", *extra)
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert kwargs["data"] == body


async def test_capture_with_a_provisioning_configuration(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(_role_ops()))
    config = LinuxConfigurationSet("h", "u", "Secret-pa55", False)
    await session.roles.capture("svc", "dep", "vm1", "Reprovision", "img", "l", config)
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CaptureRoleOperation",
        "<OperationType>CaptureRoleOperation</OperationType><PostCaptureAction>Reprovision</PostCaptureAction>"
        '<ProvisioningConfiguration i:type="LinuxProvisioningConfigurationSet">'
        "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType><HostName>h</HostName>"
        "<UserName>u</UserName><UserPassword>Secret-pa55</UserPassword>"
        "<DisableSshPasswordAuthentication>false</DisableSshPasswordAuthentication>"
        "</ProvisioningConfiguration><TargetImageLabel>l</TargetImageLabel><TargetImageName>img</TargetImageName>",
    )


async def test_start_and_shutdown_many(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{DEP}/roles/Operations")
    accept(mock, "POST", target, repeat=True)
    await session.roles.start_many("svc", "dep", ["a", "b"])
    await session.roles.shutdown_many("svc", "dep", (n for n in "ab"), "StoppedDeallocated")  # any iterable
    sent = [c.kwargs["data"] for c in mock.requests[("POST", target)]]
    assert sent == [
        body_xml(
            "StartRolesOperation",
            "<OperationType>StartRolesOperation</OperationType><Roles><Name>a</Name><Name>b</Name></Roles>",
        ),
        body_xml(
            "ShutdownRolesOperation",
            "<OperationType>ShutdownRolesOperation</OperationType><Roles><Name>a</Name><Name>b</Name></Roles>"
            "<PostShutdownAction>StoppedDeallocated</PostShutdownAction>",
        ),
    ]


@pytest.mark.parametrize(
    ("verb", "args", "field"),
    [
        ("shutdown", ("svc", "dep", "vm1", "Off"), "post_shutdown_action"),
        ("shutdown_many", ("svc", "dep", ["a"], "Paused"), "post_shutdown_action"),
        ("start_many", ("svc", "dep", []), "role_names"),
        ("start_many", ("svc", "dep", "vm1"), "role_names"),
        ("capture", ("svc", "dep", "vm1", "Keep", "img", "l"), "post_capture_action"),
        ("capture", ("svc", "dep", "vm1", "Delete", "img", "x" * 101), "target_image_label"),
        (
            "capture",
            ("svc", "dep", "vm1", "Delete", "img", "l", ConfigurationSet()),
            "provisioning_configuration",
        ),
        ("capture", ("svc", "dep", "vm1", "Reprovision", "img", "l"), "provisioning_configuration"),
        ("add", ("svc", "dep", "vm2", None, None), "os_virtual_hard_disk"),
        (
            "add",
            ("svc", "dep", "vm2", None, OSVirtualHardDisk(IMAGE, MEDIA), None, None, None, None, "Web"),
            "role_type",
        ),
        ("delete", ("svc", "dep", "a/b"), "role_name"),
        ("update", ("svc", "dep", "vm1", "not a disk"), "os_virtual_hard_disk"),
    ],
)
async def test_bad_input_raises_before_any_request(
    session: ServiceManagementSession, mock: aioresponses, verb: str, args: tuple[object, ...], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await getattr(session.roles, verb)(*args)
    assert caught.value.field == field
    assert total_requests(mock) == 0


async def test_legacy_vm_deployment_takes_every_argument_positionally(mock: aioresponses) -> None:
    """19 positional arguments in the legacy order: none shifts (the DNS servers, reserved IP and
    extensions land in their elements)."""
    target = url("/services/hostedservices/svc/deployments")
    accept(mock, "POST", target)
    dns = DnsServer(name="dns1", address="10.0.0.4")
    async with ServiceManagementService(SUB, ssl.create_default_context()) as sms:
        await sms.create_virtual_machine_deployment(
            "svc",
            "dep",
            "production",
            "label",
            "vm1",
            None,
            None,
            None,
            "avset",
            None,
            "Small",
            "PersistentVMRole",
            "vnet",
            [ResourceExtensionReference("BGInfo", "Microsoft.Compute", "BGInfo", "1.*")],
            True,
            "myvmimage",
            "https://store.blob.core.windows.net/vhds",
            [dns],
            "myreservedip",
        )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "Deployment",
        "<Name>dep</Name><DeploymentSlot>production</DeploymentSlot><Label>label</Label><RoleList><Role>"
        "<RoleName>vm1</RoleName><RoleType>PersistentVMRole</RoleType><ResourceExtensionReferences>"
        "<ResourceExtensionReference><ReferenceName>BGInfo</ReferenceName><Publisher>Microsoft.Compute"
        "</Publisher><Name>BGInfo</Name><Version>1.*</Version></ResourceExtensionReference>"
        "</ResourceExtensionReferences><VMImageName>myvmimage</VMImageName>"
        "<MediaLocation>https://store.blob.core.windows.net/vhds</MediaLocation>"
        "<AvailabilitySetName>avset</AvailabilitySetName><RoleSize>Small</RoleSize>"
        "<ProvisionGuestAgent>true</ProvisionGuestAgent></Role></RoleList>"
        "<VirtualNetworkName>vnet</VirtualNetworkName><Dns><DnsServers><DnsServer><Name>dns1</Name>"
        "<Address>10.0.0.4</Address></DnsServer></DnsServers></Dns><ReservedIPName>myreservedip</ReservedIPName>",
    )


async def test_dns_server_needs_name_and_address(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await session.virtual_machines.create_deployment(
            "svc", "dep", "production", "l", "vm1", None, None, vm_image_name="img", dns_servers=[DnsServer()]
        )
    assert caught.value.field == "dns_servers"
    assert total_requests(mock) == 0


async def test_get_role_keeps_the_fields_the_service_returns(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(
        mock,
        "GET",
        url(f"{DEP}/roles/vm1"),
        doc(
            "PersistentVMRole",
            "<RoleName>vm1</RoleName><OsVersion/><RoleType>PersistentVMRole</RoleType>"
            "<ConfigurationSets/><ResourceExtensionReferences><ResourceExtensionReference>"
            "<ReferenceName>BGInfo</ReferenceName><Publisher>Microsoft.Compute</Publisher><Name>BGInfo</Name>"
            "<Version>1.*</Version><ResourceExtensionParameterValues/><State>Enable</State>"
            "</ResourceExtensionReference></ResourceExtensionReferences>"
            "<VMImageName>myvmimage</VMImageName><MediaLocation>https://m/vhds</MediaLocation>"
            "<DataVirtualHardDisks/><OSVirtualHardDisk><HostCaching>ReadWrite</HostCaching>"
            "<OS>Windows</OS><IOType>Standard</IOType></OSVirtualHardDisk><RoleSize>Small</RoleSize>"
            "<ProvisionGuestAgent>true</ProvisionGuestAgent>"
            "<DefaultWinRmCertificateThumbprint>F52A</DefaultWinRmCertificateThumbprint>",
        ),
    )
    role = await session.virtual_machines.get_role("svc", "dep", "vm1")
    assert role.vm_image_name == "myvmimage"
    assert role.media_location == "https://m/vhds"
    assert role.provision_guest_agent is True
    assert role.default_win_rm_certificate_thumbprint == "F52A"
    assert role.os_virtual_hard_disk is not None and role.os_virtual_hard_disk.io_type == "Standard"
    (extension,) = role.resource_extension_references or []
    assert (extension.reference_name, extension.publisher, extension.version, extension.state) == (
        "BGInfo",
        "Microsoft.Compute",
        "1.*",
        "Enable",
    )


async def test_lists_may_be_any_iterable(session: ServiceManagementSession, mock: aioresponses) -> None:
    """A generator of data disks or extensions is read once: the body has every item."""
    from aiosm.models import DataVirtualHardDisk

    accept(mock, "POST", url(f"{DEP}/roles"))
    disks = (DataVirtualHardDisk(lun=lun, logical_disk_size_in_gb=10) for lun in (0, 1))
    extensions = (ResourceExtensionReference(n, "Microsoft.Compute", n, "1.*") for n in ("A", "B"))
    await session.roles.add(
        "svc",
        "dep",
        "vm2",
        None,
        OSVirtualHardDisk(IMAGE, MEDIA),
        None,
        None,
        disks,
        "Small",
        resource_extension_references=extensions,
        provision_guest_agent=True,
    )
    _, _, kwargs = only_request(mock)
    body = kwargs["data"].decode()
    assert body.count("<DataVirtualHardDisk>") == 2 and body.count("<ResourceExtensionReference>") == 2
    with pytest.raises(InvalidInputError) as caught:
        await session.roles.add("svc", "dep", "vm3", None, OSVirtualHardDisk(IMAGE, MEDIA), None, None, 42)
    assert caught.value.field == "data_virtual_hard_disks"
