"""Canned ASM response bodies for the benchmarks.

``HOSTED_SERVICE`` and ``OS_IMAGE`` are real response bodies from the recordings of the legacy
SDK's test suite (``test_get_hosted_service_properties_with_embed_detail`` without its
``<Deployments>``, as an ``embed-detail=false`` answer has none; ``test_get_os_image``).
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path

_NS = 'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'

HOSTED_SERVICE = (
    f"<HostedService {_NS}>"
    "<Url>https://management.core.windows.net/00000000-0000-0000-0000-000000000000/services/hostedservices/"
    "utsvc75f61e6c</Url><ServiceName>utsvc75f61e6c</ServiceName><HostedServiceProperties>"
    "<Description>utsvc75f61e6cdescription</Description><Location>West US</Location>"
    "<Label>dXRzdmM3NWY2MWU2Y2xhYmVs</Label><Status>Created</Status>"
    "<DateCreated>2015-07-02T02:05:37Z</DateCreated><DateLastModified>2015-07-02T02:05:57Z</DateLastModified>"
    "<ExtendedProperties><ExtendedProperty><Name>ext1</Name><Value>val1</Value></ExtendedProperty>"
    "<ExtendedProperty><Name>ext2</Name><Value>42</Value></ExtendedProperty>"
    "<ExtendedProperty><Name>ResourceGroup</Name><Value>utsvc75f61e6c</Value></ExtendedProperty>"
    "<ExtendedProperty><Name>ResourceLocation</Name><Value>West US</Value></ExtendedProperty>"
    "</ExtendedProperties></HostedServiceProperties></HostedService>"
).encode()

# The recorded <OSImage> (a user image), as a template: {name} varies per image.
_USER_IMAGE = (
    "<OSImage><Category>User</Category><Label>{name}label</Label><Location>West US</Location>"
    "<LogicalSizeInGB>30</LogicalSizeInGB>"
    "<MediaLink>http://storagename.blob.core.windows.net/inputtestdatadonotdelete/{name}.vhd</MediaLink>"
    "<Name>{name}</Name><OS>Linux</OS><IsPremium>false</IsPremium><OSState>Generalized</OSState>"
    "<IOType>Standard</IOType></OSImage>"
)

# The same image with the fields a platform (Public) image also carries, in schema order,
# filled the way the public list fills them (every field the legacy test checks is populated).
_PUBLIC_IMAGE = (
    "<OSImage><Category>Public</Category><Label>Ubuntu Server 14.04 LTS {name}</Label>"
    "<Location>East Asia;Southeast Asia;North Europe;West Europe;East US;West US</Location>"
    "<LogicalSizeInGB>30</LogicalSizeInGB>"
    "<MediaLink>https://storagename.blob.core.windows.net/images/{name}.vhd</MediaLink>"
    "<Name>{name}</Name><OS>Linux</OS>"
    "<Eula>http://www.ubuntu.com/project/about-ubuntu/licensing;http://www.ubuntu.com/aboutus/privacypolicy</Eula>"
    "<Description>Ubuntu Server 14.04 LTS (amd64) with Azure tools. Ubuntu Server is the world's most "
    "popular Linux for cloud environments. Updates and patches are available until 2019.</Description>"
    "<ImageFamily>Ubuntu Server 14.04 LTS</ImageFamily><ShowInGui>true</ShowInGui>"
    "<PublishedDate>2015-06-17T00:00:00Z</PublishedDate><IsPremium>false</IsPremium>"
    "<IconUri>Ubuntu-cof-100.png</IconUri><PrivacyUri>http://www.ubuntu.com/aboutus/privacypolicy</PrivacyUri>"
    "<RecommendedVMSize>Small</RecommendedVMSize><PublisherName>Canonical</PublisherName>"
    "<SmallIconUri>Ubuntu-cof-45.png</SmallIconUri><OSState>Generalized</OSState><IOType>Standard</IOType>"
    "</OSImage>"
)


def os_image_list(count: int) -> bytes:
    """An ``<Images>`` answer of ``count`` images: alternately the recorded user image and a public one."""
    parts = [f"<Images {_NS}>"]
    for i in range(count):
        template = _USER_IMAGE if i % 2 == 0 else _PUBLIC_IMAGE
        parts.append(template.format(name=f"utosimg{i:05x}{(i * 2654435761) % 16**8:08x}"))
    parts.append("</Images>")
    return "".join(parts).encode()


# -- documents built from whole recorded answers -------------------------------------------------

_RECORDINGS = Path(__file__).resolve().parent.parent / "tests" / "data" / "recordings"
_WA = "{http://schemas.microsoft.com/windowsazure}"


def _recorded_answer(recording: str, index: int) -> ET.Element:
    data = json.loads((_RECORDINGS / f"test_legacy_mgmt_misc.{recording}.json").read_text(encoding="utf-8"))
    return ET.fromstring(data["interactions"][index]["response"]["body"].encode("utf-8"))


def _serialize(root: ET.Element) -> bytes:
    ET.register_namespace("", _WA[1:-1])
    ET.register_namespace("i", "http://www.w3.org/2001/XMLSchema-instance")
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def vm_image_list(count: int) -> bytes:
    """A ``<VMImages>`` answer of ``count`` images: the recorded ``list_vm_images`` answer's images
    (user and platform images, with their disk configurations) repeated in turn, names varied."""
    recorded = _recorded_answer("test_list_vm_images", 0)
    originals = list(recorded)
    root = ET.Element(recorded.tag)
    for i in range(count):
        image = copy.deepcopy(originals[i % len(originals)])
        name = image.find(f"{_WA}Name")
        assert name is not None
        name.text = f"{name.text}-{i:05d}"
        root.append(image)
    return _serialize(root)


def deployment_with_roles(roles: int) -> bytes:
    """A Get Deployment answer of a VM deployment holding ``roles`` roles: the recorded one-role answer
    (``test_create_virtual_machine_deployment_linux_vm_image``) with its role instance and role
    repeated, names varied."""
    root = _recorded_answer("test_create_virtual_machine_deployment_linux_vm_image", 46)
    for wrapper in ("RoleInstanceList", "RoleList"):
        parent = root.find(f"{_WA}{wrapper}")
        assert parent is not None
        (template,) = list(parent)
        parent.remove(template)
        for i in range(roles):
            item = copy.deepcopy(template)
            for tag in ("RoleName", "InstanceName"):
                element = item.find(f"{_WA}{tag}")
                if element is not None:
                    element.text = f"{element.text}-{i:02d}"
            parent.append(item)
    return _serialize(root)


def role_answer() -> bytes:
    """The recorded Get Role answer (a ``<PersistentVMRole>``) of that deployment."""
    return _serialize(_recorded_answer("test_create_virtual_machine_deployment_linux_vm_image", 47))


_NETCFG_NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"


def network_configuration(count: int) -> bytes:
    """A Get Network Configuration answer (the reference's ``netcfg`` shape) of ``count`` virtual
    networks, each a /16 with three subnets and a DNS server reference, every tenth with a gateway
    connected to a local network site; 20 DNS servers and 20 local network sites."""
    parts = [f'<NetworkConfiguration xmlns="{_NETCFG_NS}"><VirtualNetworkConfiguration><Dns><DnsServers>']
    parts += [f'<DnsServer name="dns{i:02d}" IPAddress="10.255.{i}.4" />' for i in range(20)]
    parts.append("</DnsServers></Dns><LocalNetworkSites>")
    for i in range(20):
        parts.append(
            f'<LocalNetworkSite name="onprem{i:02d}"><AddressSpace><AddressPrefix>192.168.{i}.0/24'
            f"</AddressPrefix></AddressSpace><VPNGatewayAddress>131.107.72.{i + 1}</VPNGatewayAddress>"
            "</LocalNetworkSite>"
        )
    parts.append("</LocalNetworkSites><VirtualNetworkSites>")
    for i in range(count):
        a, b = 10 + i // 256, i % 256
        parts.append(
            f'<VirtualNetworkSite name="vnet{i:04d}" Location="West US"><AddressSpace>'
            f"<AddressPrefix>{a}.{b}.0.0/16</AddressPrefix></AddressSpace><Subnets>"
        )
        parts += [
            f'<Subnet name="{name}"><AddressPrefix>{a}.{b}.{n}.0/24</AddressPrefix></Subnet>'
            for n, name in enumerate(("GatewaySubnet", "FrontEnd", "BackEnd"))
        ]
        parts.append(f'</Subnets><DnsServersRef><DnsServerRef name="dns{i % 20:02d}" /></DnsServersRef>')
        if i % 10 == 0:
            parts.append(
                "<Gateway><ConnectionsToLocalNetwork>"
                f'<LocalNetworkSiteRef name="onprem{i % 20:02d}"><Connection type="IPsec" />'
                "</LocalNetworkSiteRef>"
                "</ConnectionsToLocalNetwork></Gateway>"
            )
        parts.append("</VirtualNetworkSite>")
    parts.append("</VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>")
    return "".join(parts).encode()
