"""session.virtual_machines: create a VM deployment (exact body), get a role, delete the deployment."""

from __future__ import annotations

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
    url,
)

from aiosm import (
    SSH,
    CertificateSetting,
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DataVirtualHardDisk,
    DomainJoin,
    DomainJoinCredentials,
    KeyPair,
    LinuxConfigurationSet,
    Listener,
    LoadBalancerProbe,
    OSVirtualHardDisk,
    PublicIPConfiguration,
    PublicKey,
    ServiceManagementSession,
    WindowsConfigurationSet,
    WinRM,
)

HS = "/services/hostedservices/myvm"
IMAGE = "OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd"
MEDIA = "https://mystore.blob.core.windows.net/vhds/myvm.vhd"
OS_DISK = (
    f"<OSVirtualHardDisk><MediaLink>{MEDIA}</MediaLink><SourceImageName>{IMAGE}</SourceImageName>"
    "</OSVirtualHardDisk>"
)


def deployment(role: str, extra: str = "") -> bytes:
    return body_xml(
        "Deployment",
        "<Name>myvm</Name><DeploymentSlot>production</DeploymentSlot><Label>my vm &amp; co</Label>"
        f"<RoleList><Role>{role}</Role></RoleList>{extra}",
    )


async def test_create_linux_deployment_like_the_seed(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments")
    accept(mock, "POST", target)
    linux = LinuxConfigurationSet("myhostname", "myuser", "p&ss<word>", True)
    op = await session.virtual_machines.create_deployment(
        service_name="myvm",
        deployment_name="myvm",
        deployment_slot="production",
        label="my vm & co",
        role_name="myvm",
        system_config=linux,
        os_virtual_hard_disk=OSVirtualHardDisk(IMAGE, MEDIA),
        role_size="Small",
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == deployment(
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType>"
        "<ConfigurationSets>"
        '<ConfigurationSet i:type="LinuxProvisioningConfigurationSet">'
        "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>"
        "<HostName>myhostname</HostName><UserName>myuser</UserName>"
        "<UserPassword>p&amp;ss&lt;word&gt;</UserPassword>"
        "<DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication>"
        "</ConfigurationSet></ConfigurationSets>"
        f"{OS_DISK}<RoleSize>Small</RoleSize>"
    )
    assert op.request_id == RID
    assert op.result is None


async def test_create_with_network_ssh_keys_data_disks(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments")
    accept(mock, "POST", target)
    linux = LinuxConfigurationSet(
        host_name="h",
        user_name="u",
        disable_ssh_password_authentication=True,
        ssh=SSH(
            public_keys=[PublicKey(fingerprint="AB12", path="/home/u/.ssh/authorized_keys")],
            key_pairs=[KeyPair(fingerprint="CD34", path="/home/u/.ssh/id_rsa")],
        ),
        custom_data="#!/bin/sh\necho hi",
    )
    network = ConfigurationSet(
        input_endpoints=[
            ConfigurationSetInputEndpoint("ssh", "tcp", 22, 22),
            ConfigurationSetInputEndpoint(
                "http",
                "tcp",
                80,
                8080,
                "web-lb",
                load_balancer_probe=LoadBalancerProbe(path="/health", port=8080, protocol="http"),
            ),
        ],
        subnet_names=["frontend"],
        static_virtual_network_ip_address="10.0.0.10",
        public_ips=[PublicIPConfiguration(name="pip", idle_timeout_in_minutes=10)],
    )
    disks = [DataVirtualHardDisk(lun=0, logical_disk_size_in_gb=100, media_link="https://m/d0.vhd")]
    await session.virtual_machines.create_deployment(
        "myvm",
        "myvm",
        "production",
        "my vm & co",
        "myvm",
        linux,
        OSVirtualHardDisk(IMAGE, MEDIA, host_caching="ReadWrite"),
        network_config=network,
        availability_set_name="avset",
        data_virtual_hard_disks=disks,
        role_size="Standard_D1",
        virtual_network_name="vnet",
        provision_guest_agent=True,
        reserved_ip_name="rip",
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == deployment(
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType>"
        "<ConfigurationSets>"
        '<ConfigurationSet i:type="LinuxProvisioningConfigurationSet">'
        "<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>"
        "<HostName>h</HostName><UserName>u</UserName>"
        "<DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication>"
        "<SSH><PublicKeys><PublicKey><Fingerprint>AB12</Fingerprint><Path>/home/u/.ssh/authorized_keys</Path>"
        "</PublicKey></PublicKeys><KeyPairs><KeyPair><Fingerprint>CD34</Fingerprint>"
        "<Path>/home/u/.ssh/id_rsa</Path></KeyPair></KeyPairs></SSH>"
        f"<CustomData>{b64('#!/bin/sh' + chr(10) + 'echo hi')}</CustomData>"
        "</ConfigurationSet>"
        '<ConfigurationSet i:type="NetworkConfigurationSet">'
        "<ConfigurationSetType>NetworkConfiguration</ConfigurationSetType>"
        "<InputEndpoints>"
        "<InputEndpoint><LocalPort>22</LocalPort><Name>ssh</Name><Port>22</Port><Protocol>tcp</Protocol>"
        "</InputEndpoint>"
        "<InputEndpoint><LoadBalancedEndpointSetName>web-lb</LoadBalancedEndpointSetName>"
        "<LocalPort>8080</LocalPort><Name>http</Name><Port>80</Port>"
        "<LoadBalancerProbe><Path>/health</Path><Port>8080</Port><Protocol>http</Protocol></LoadBalancerProbe>"
        "<Protocol>tcp</Protocol></InputEndpoint>"
        "</InputEndpoints>"
        "<SubnetNames><SubnetName>frontend</SubnetName></SubnetNames>"
        "<StaticVirtualNetworkIPAddress>10.0.0.10</StaticVirtualNetworkIPAddress>"
        "<PublicIPs><PublicIP><Name>pip</Name><IdleTimeoutInMinutes>10</IdleTimeoutInMinutes></PublicIP>"
        "</PublicIPs>"
        "</ConfigurationSet></ConfigurationSets>"
        "<AvailabilitySetName>avset</AvailabilitySetName>"
        "<DataVirtualHardDisks><DataVirtualHardDisk><Lun>0</Lun><LogicalDiskSizeInGB>100</LogicalDiskSizeInGB>"
        "<MediaLink>https://m/d0.vhd</MediaLink></DataVirtualHardDisk></DataVirtualHardDisks>"
        "<OSVirtualHardDisk><HostCaching>ReadWrite</HostCaching>"
        f"<MediaLink>{MEDIA}</MediaLink><SourceImageName>{IMAGE}</SourceImageName></OSVirtualHardDisk>"
        "<RoleSize>Standard_D1</RoleSize><ProvisionGuestAgent>true</ProvisionGuestAgent>",
        "<VirtualNetworkName>vnet</VirtualNetworkName><ReservedIPName>rip</ReservedIPName>",
    )


async def test_create_windows_deployment_omits_empty_blocks(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments")
    accept(mock, "POST", target)
    windows = WindowsConfigurationSet(
        "mycomputer", "Adm1n&<pw>", False, True, "Pacific Standard Time", "myadmin"
    )
    await session.virtual_machines.create_deployment(
        "myvm", "myvm", "production", "my vm & co", "myvm", windows, OSVirtualHardDisk(IMAGE, MEDIA)
    )
    _, _, kwargs = only_request(mock)
    # No empty DomainJoin / StoredCertificateSettings / WinRM blocks (the legacy SDK sent them).
    assert kwargs["data"] == deployment(
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType>"
        "<ConfigurationSets>"
        '<ConfigurationSet i:type="WindowsProvisioningConfigurationSet">'
        "<ConfigurationSetType>WindowsProvisioningConfiguration</ConfigurationSetType>"
        "<ComputerName>mycomputer</ComputerName><AdminPassword>Adm1n&amp;&lt;pw&gt;</AdminPassword>"
        "<ResetPasswordOnFirstLogon>false</ResetPasswordOnFirstLogon>"
        "<EnableAutomaticUpdates>true</EnableAutomaticUpdates><TimeZone>Pacific Standard Time</TimeZone>"
        "<AdminUsername>myadmin</AdminUsername>"
        "</ConfigurationSet></ConfigurationSets>"
        f"{OS_DISK}"
    )


async def test_create_windows_with_domain_join_certificates_winrm(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments")
    accept(mock, "POST", target)
    windows = WindowsConfigurationSet(
        computer_name="pc",
        admin_password="Secret123!",
        domain_join=DomainJoin(
            credentials=DomainJoinCredentials(domain="corp", username="joiner", password="J0in!"),
            join_domain="corp.example.com",
            machine_object_ou="OU=vms",
        ),
        stored_certificate_settings=[
            CertificateSetting(store_location="LocalMachine", store_name="My", thumbprint="AA")
        ],
        win_rm=WinRM(
            listeners=[Listener(protocol="Http"), Listener(protocol="Https", certificate_thumbprint="BB")]
        ),
        admin_username="admin",
    )
    await session.virtual_machines.create_deployment(
        "myvm", "myvm", "production", "my vm & co", "myvm", windows, OSVirtualHardDisk(IMAGE, MEDIA)
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == deployment(
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType>"
        "<ConfigurationSets>"
        '<ConfigurationSet i:type="WindowsProvisioningConfigurationSet">'
        "<ConfigurationSetType>WindowsProvisioningConfiguration</ConfigurationSetType>"
        "<ComputerName>pc</ComputerName><AdminPassword>Secret123!</AdminPassword>"
        "<DomainJoin><Credentials><Domain>corp</Domain><Username>joiner</Username><Password>J0in!</Password>"
        "</Credentials><JoinDomain>corp.example.com</JoinDomain><MachineObjectOU>OU=vms</MachineObjectOU>"
        "</DomainJoin>"
        "<StoredCertificateSettings><CertificateSetting><StoreLocation>LocalMachine</StoreLocation>"
        "<StoreName>My</StoreName><Thumbprint>AA</Thumbprint></CertificateSetting></StoredCertificateSettings>"
        "<WinRM><Listeners><Listener><Protocol>Http</Protocol></Listener>"
        "<Listener><Protocol>Https</Protocol><CertificateThumbprint>BB</CertificateThumbprint></Listener>"
        "</Listeners></WinRM>"
        "<AdminUsername>admin</AdminUsername>"
        "</ConfigurationSet></ConfigurationSets>"
        f"{OS_DISK}"
    )


async def test_create_from_vm_image_without_os_disk(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    target = url(f"{HS}/deployments")
    accept(mock, "POST", target)
    await session.virtual_machines.create_deployment(
        "myvm",
        "myvm",
        "production",
        "my vm & co",
        "myvm",
        None,
        None,
        vm_image_name="myvmimage",
        media_location="https://m/vhds",
    )
    _, _, kwargs = only_request(mock)
    # No ConfigurationSets wrapper when no set is given.
    assert kwargs["data"] == deployment(
        "<RoleName>myvm</RoleName><RoleType>PersistentVMRole</RoleType>"
        "<VMImageName>myvmimage</VMImageName><MediaLocation>https://m/vhds</MediaLocation>"
    )


ROLE = (
    "<RoleName>myvm</RoleName><OsVersion></OsVersion><RoleType>PersistentVMRole</RoleType>"
    "<ConfigurationSets>"
    '<ConfigurationSet i:type="NetworkConfigurationSet">'
    "<ConfigurationSetType>NetworkConfiguration</ConfigurationSetType>"
    "<InputEndpoints><InputEndpoint><LocalPort>22</LocalPort><Name>SSH</Name><Port>22</Port>"
    "<Protocol>tcp</Protocol><Vip>1.2.3.4</Vip><EnableDirectServerReturn>false</EnableDirectServerReturn>"
    "<IdleTimeoutInMinutes>4</IdleTimeoutInMinutes></InputEndpoint></InputEndpoints>"
    "<SubnetNames><SubnetName>frontend</SubnetName></SubnetNames>"
    "<StaticVirtualNetworkIPAddress>10.0.0.10</StaticVirtualNetworkIPAddress>"
    "</ConfigurationSet></ConfigurationSets>"
    "<DataVirtualHardDisks><DataVirtualHardDisk><HostCaching>None</HostCaching><DiskName>d0</DiskName>"
    "<Lun>1</Lun><LogicalDiskSizeInGB>50</LogicalDiskSizeInGB><MediaLink>https://m/d0.vhd</MediaLink>"
    "</DataVirtualHardDisk></DataVirtualHardDisks>"
    f"<OSVirtualHardDisk><HostCaching>ReadWrite</HostCaching><DiskName>osdisk</DiskName>"
    f"<MediaLink>{MEDIA}</MediaLink><SourceImageName>{IMAGE}</SourceImageName><OS>Linux</OS>"
    "</OSVirtualHardDisk>"
    "<RoleSize>Small</RoleSize><ProvisionGuestAgent>true</ProvisionGuestAgent>"
)


async def test_get_role(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/mydep/roles/myvm")
    respond_xml(mock, "GET", target, doc("PersistentVMRole", ROLE))
    role = await session.virtual_machines.get_role("myvm", "mydep", "myvm")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert role.role_name == "myvm"
    assert role.role_type == "PersistentVMRole"
    assert role.role_size == "Small"
    assert role.provision_guest_agent is True
    (network,) = role.configuration_sets
    assert network.configuration_set_type == "NetworkConfiguration"
    assert network.subnet_names == ["frontend"]
    assert network.static_virtual_network_ip_address == "10.0.0.10"
    assert network.input_endpoints is not None
    (endpoint,) = network.input_endpoints
    assert (endpoint.name, endpoint.port, endpoint.local_port) == ("SSH", 22, 22)
    assert endpoint.enable_direct_server_return is False
    assert endpoint.idle_timeout_in_minutes == 4
    (disk,) = role.data_virtual_hard_disks
    assert (disk.lun, disk.logical_disk_size_in_gb, disk.disk_name) == (1, 50, "d0")
    assert role.os_virtual_hard_disk is not None
    assert role.os_virtual_hard_disk.source_image_name == IMAGE
    assert role.os_virtual_hard_disk.media_link == MEDIA
    assert role.os_virtual_hard_disk.os == "Linux"


async def test_delete_deployment(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/myvm")
    accept(mock, "DELETE", target)
    op = await session.virtual_machines.delete_deployment("myvm", "myvm")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID


async def test_delete_deployment_with_vhd(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{HS}/deployments/myvm", comp="media")
    accept(mock, "DELETE", target)
    await session.virtual_machines.delete_deployment("myvm", "myvm", delete_vhd=True)
    _, sent_url, _ = only_request(mock)
    assert sent_url == target
