"""session.resource_extensions: list, list_versions."""

from __future__ import annotations

from datetime import datetime, timezone

from aioresponses import aioresponses
from conftest import assert_read_headers, doc, only_request, respond_xml, url

from aiosm import ServiceManagementSession

EXT = (
    "<ResourceExtension><Publisher>Microsoft.Compute</Publisher><Name>BGInfo</Name><Version>1.1</Version>"
    "<Label>BGInfo</Label><Description>d</Description><PublicConfigurationSchema/>"
    "<PrivateConfigurationSchema/><SampleConfig>e30=</SampleConfig><ReplicationCompleted>true</ReplicationCompleted>"
    "<IsJsonExtension>false</IsJsonExtension><SupportedOS>Windows</SupportedOS>"
    "<PublishedDate>2015-03-31T18:22:51.7207767Z</PublishedDate><Regions/></ResourceExtension>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/services/resourceextensions"), doc("ResourceExtensions", EXT))
    (ext,) = await session.resource_extensions.list()
    _, _, kwargs = only_request(mock)
    assert_read_headers(kwargs)
    assert (ext.publisher, ext.name, ext.version, ext.label) == (
        "Microsoft.Compute",
        "BGInfo",
        "1.1",
        "BGInfo",
    )
    assert ext.public_configuration_schema == "" and ext.sample_config == "e30="  # <...Schema/>
    assert ext.regions == "" and ext.is_internal_extension is None  # empty / absent
    assert ext.replication_completed is True and ext.is_json_extension is False
    assert ext.supported_os == "Windows" and ext.company_name == ""
    assert ext.published_date == datetime(2015, 3, 31, 18, 22, 51, 720776, tzinfo=timezone.utc)


async def test_list_versions(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url("/services/resourceextensions/Microsoft.Compute/BGInfo")
    respond_xml(mock, "GET", target, doc("ResourceExtensions"))
    assert await session.resource_extensions.list_versions("Microsoft.Compute", "BGInfo") == []
    method, sent, _ = only_request(mock)
    assert (method, sent) == ("GET", target)
