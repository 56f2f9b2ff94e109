"""The emulator's resource extension catalogue: ``/services/resourceextensions``.

Entries are real ones, as the service listed them (the recording
``test_legacy_mgmt_misc.test_list_resource_extensions``), without their large base64
configuration schemas. The list shows each extension's latest version; the versions of one
extension (``/{publisher}/{name}``) add the older versions the service offered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from ..models.resource_extensions import ResourceExtension, ResourceExtensionList
from ._http import Handler, xml_response

_GITHUB_LINUX = "https://github.com/Azure/azure-linux-extensions"
_LICENSE = _GITHUB_LINUX + "/blob/1.0/LICENSE-2_0.txt"


def _date(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def _ext(
    publisher: str, name: str, version: str, label: str, description: str, **rest: Any
) -> ResourceExtension:
    return ResourceExtension(
        publisher=publisher,
        name=name,
        version=version,
        label=label,
        description=description,
        replication_completed=True,
        **rest,
    )


_EMPTY_SCHEMAS: dict[str, Any] = {"public_configuration_schema": "", "private_configuration_schema": ""}

CATALOGUE: tuple[ResourceExtension, ...] = (
    _ext(
        "Chef.Bootstrap.WindowsAzure",
        "ChefClient",
        "1207.12",
        "Chef Extension for windows",
        "Chef Extension that sets up chef-client on VM",
        eula="http://www.getchef.com/about/",
        privacy_uri="http://www.getchef.com/about/",
        homepage_uri="http://www.getchef.com/",
        is_json_extension=True,
        company_name="Chef Software, Inc.",
        published_date=_date("2015-05-14T14:50:57.379989"),
        regions="",
    ),
    _ext(
        "Microsoft.Powershell",
        "DSC",
        "2.0",
        "DSC",
        "PowerShell DSC (Desired State Configuration) Extension",
        **_EMPTY_SCHEMAS,
        eula="http://azure.microsoft.com/support/legal/",
        privacy_uri="http://www.microsoft.com/",
        homepage_uri="http://blogs.msdn.com/b/powershell/",
        is_json_extension=True,
        company_name="Microsoft Corporation",
        published_date=_date("2015-06-17T07:08:38.750185"),
        regions="",
    ),
    _ext(
        "Microsoft.Azure.Security",
        "IaaSAntimalware",
        "1.2",
        "Microsoft Antimalware",
        "Microsoft Antimalware",
        **_EMPTY_SCHEMAS,
        sample_config="eyJQdWJsaWNDb25maWciOiJ7XCJBbnRpbWFsd2FyZUVuYWJsZWRcIjp0cnVlfSIsIlByaXZhdGVDb25maWciOm51bGx9",
        eula="http://azure.microsoft.com/support/legal/subscription-agreement/",
        privacy_uri="http://azure.microsoft.com/support/legal/privacy-statement/",
        homepage_uri="http://go.microsoft.com/fwlink/?LinkId=398023",
        is_json_extension=True,
        company_name="Microsoft Corporation",
        published_date=_date("2015-05-01T03:34:05.837802"),
        regions="",
    ),
    _ext(
        "Microsoft.Azure.Extensions",
        "DockerExtension",
        "1.0",
        "Docker Extension",
        "Docker Extension",
        eula="https://github.com/Azure/azure-docker-extension/blob/master/LICENSE",
        privacy_uri="http://www.microsoft.com/privacystatement/OnlineServices/Default.aspx",
        homepage_uri="https://github.com/Azure/azure-docker-extension",
        is_json_extension=True,
        company_name="Microsoft",
        published_date=_date("2015-06-14T18:05:48.127062"),
        regions="",
    ),
    _ext(
        "Microsoft.OSTCExtensions",
        "CustomScriptForLinux",
        "1.3",
        "Microsoft Azure Custom Script Extension for Linux IaaS",
        "Microsoft Azure Custom Script Extension for Linux IaaS",
        eula=_LICENSE,
        privacy_uri=_LICENSE,
        homepage_uri=_GITHUB_LINUX,
        is_json_extension=True,
        supported_os="Linux",
        company_name="Microsoft",
        published_date=_date("2015-06-25T03:39:53.917947"),
        regions="",
    ),
    _ext(
        "Microsoft.OSTCExtensions",
        "LinuxDiagnostic",
        "2.0",
        "Diagnostic Extension for Linux IaaS",
        "Diagnostic Extension for Linux IaaS",
        eula=_LICENSE,
        privacy_uri=_LICENSE,
        homepage_uri=_GITHUB_LINUX,
        is_json_extension=True,
        supported_os="Linux",
        company_name="Microsoft",
        published_date=_date("2015-06-08T05:47:36.136393"),
        regions="",
    ),
    _ext(
        "Microsoft.OSTCExtensions",
        "VMAccessForLinux",
        "1.1",
        "Microsoft Azure VMAccess Extension for Linux IaaS",
        "Microsoft Azure VMAccess Extension for Linux IaaS",
        eula=_LICENSE,
        privacy_uri=_LICENSE,
        homepage_uri=_GITHUB_LINUX,
        is_json_extension=True,
        company_name="Microsoft",
        published_date=_date("2014-12-12T08:33:33.412557"),
        regions="",
    ),
    _ext(
        "Microsoft.Azure.Diagnostics",
        "IaaSDiagnostics",
        "1.4",
        "Microsoft Monitoring Agent Diagnostics",
        "Microsoft Monitoring Agent Extension",
        is_json_extension=True,
        company_name="Microsoft",
        published_date=_date("2015-06-19T14:07:59.894093"),
        regions="",
    ),
    _ext(
        "Microsoft.Compute",
        "BGInfo",
        "1.1",
        "Windows Azure BGinfo Extension for IaaS",
        "Windows Azure BGInfo Extension for IaaS",
        **_EMPTY_SCHEMAS,
    ),
    _ext(
        "Microsoft.Compute",
        "CustomScriptExtension",
        "1.4",
        "Windows Azure Script Handler Extension for IaaS",
        "Windows Azure Script Handler Extension for IaaS",
        **_EMPTY_SCHEMAS,
        is_json_extension=True,
        company_name="Microsoft Azure",
        published_date=_date("2015-03-31T18:22:51.720776"),
        regions="",
    ),
    _ext(
        "Microsoft.Compute",
        "VMAccessAgent",
        "2.0",
        "Windows Azure Json VMAccess Extension for IaaS",
        "Windows Azure Json VMAccess Extension for IaaS",
        **_EMPTY_SCHEMAS,
        is_json_extension=True,
        company_name="Microsoft",
        published_date=_date("2015-02-07T01:54:39.294558"),
        regions="",
    ),
    _ext(
        "PuppetLabs",
        "PuppetEnterpriseAgent",
        "3.2",
        "Puppet Enterprise Agent",
        "Puppet configuration requires a valid FQDN of the Puppet Master with which you want to register "
        "the Puppet agent.",
        eula="http://puppetlabs.com/solutions/microsoft/#Eula",
        privacy_uri="http://puppetlabs.com/solutions/microsoft/#Eula",
        homepage_uri="http://puppetlabs.com/solutions/microsoft",
        is_json_extension=True,
    ),
    _ext(
        "Microsoft.HpcPack",
        "LinuxNodeAgent",
        "1.2",
        "Microsoft HPC Pack Linux Node Agent",
        "Microsoft HPC Pack Linux node agent is an internal VM extension used to install necessary HPC "
        "Pack Linux agent and configure the Linux VMs. This is required for a Linux VM to join the HPC "
        "Pack cluster and managed by HPC Pack head node for job scheduling and monitoring. ",
        **_EMPTY_SCHEMAS,
        eula="http://go.microsoft.com/fwlink/?LinkID=507756",
        privacy_uri="http://go.microsoft.com/fwlink/?LinkID=507755",
        homepage_uri="http://www.microsoft.com/hpc",
        is_json_extension=True,
        disallow_major_version_upgrade=True,
        supported_os="Linux",
        company_name="Microsoft",
        published_date=_date("2015-05-27T11:11:03.3764998"),
        regions="",
    ),
)
"""The latest version of each extension, in the service's order."""

OLDER_VERSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("microsoft.compute", "bginfo"): ("1.0",),
    ("microsoft.compute", "customscriptextension"): ("1.0", "1.1", "1.2", "1.3"),
    ("microsoft.compute", "vmaccessagent"): ("1.0",),
    ("microsoft.ostcextensions", "customscriptforlinux"): ("1.0", "1.1", "1.2"),
    ("microsoft.ostcextensions", "vmaccessforlinux"): ("1.0",),
    ("microsoft.powershell", "dsc"): ("1.0", "1.1"),
}
"""Earlier versions the service still offered, oldest first (no publication date is kept for them)."""


async def list_extensions(request: web.Request) -> web.Response:
    return xml_response(ResourceExtensionList(resource_extensions=list(CATALOGUE)))


async def list_versions(request: web.Request) -> web.Response:
    publisher = request.match_info["publisher_name"].lower()
    name = request.match_info["extension_name"].lower()
    versions: list[ResourceExtension] = []
    for latest in CATALOGUE:
        if (latest.publisher.lower(), latest.name.lower()) == (publisher, name):
            older = OLDER_VERSIONS.get((publisher, name), ())
            versions += [latest.model_copy(update={"version": v, "published_date": None}) for v in older]
            versions.append(latest)
    return xml_response(ResourceExtensionList(resource_extensions=versions))


HANDLERS: dict[str, Handler] = {
    "resource_extensions.list": list_extensions,
    "resource_extensions.list_versions": list_versions,
}
