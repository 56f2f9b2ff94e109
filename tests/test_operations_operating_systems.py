"""session.operating_systems: list and list_families (labels base64-decoded, typed fields)."""

from __future__ import annotations

from aioresponses import aioresponses
from conftest import assert_read_headers, b64, doc, only_request, respond_xml, url

from aiosm import OperatingSystem, ServiceManagementSession


def os_item(version: str, label: str, *, default: str, active: str, family: int, family_label: str) -> str:
    return (
        f"<OperatingSystem><Version>{version}</Version><Label>{b64(label)}</Label>"
        f"<IsDefault>{default}</IsDefault><IsActive>{active}</IsActive><Family>{family}</Family>"
        f"<FamilyLabel>{b64(family_label)}</FamilyLabel></OperatingSystem>"
    )


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url("/operatingsystems"),
        doc(
            "OperatingSystems",
            os_item(
                "WA-GUEST-OS-4.1",
                "Release 4.1",
                default="true",
                active="true",
                family=4,
                family_label="2012 R2",
            )
            + os_item(
                "WA-GUEST-OS-2.9",
                "Release 2.9",
                default="false",
                active="false",
                family=2,
                family_label="2008",
            ),
        ),
    )
    systems = await session.operating_systems.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url("/operatingsystems"))
    assert_read_headers(kwargs)
    assert all(isinstance(s, OperatingSystem) for s in systems)
    first, second = systems
    assert first.version == "WA-GUEST-OS-4.1"
    assert first.label == "Release 4.1"
    assert first.is_default is True and first.is_active is True
    assert first.family == 4
    assert first.family_label == "2012 R2"
    assert second.is_default is False and second.is_active is False
    assert second.family == 2


async def test_list_one_item_is_a_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url("/operatingsystems"),
        doc("OperatingSystems", os_item("v", "l", default="true", active="true", family=3, family_label="f")),
    )
    systems = await session.operating_systems.list()
    assert isinstance(systems, list) and len(systems) == 1


async def test_list_families(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url("/operatingsystemfamilies"),
        doc(
            "OperatingSystemFamilies",
            f"<OperatingSystemFamily><Name>4</Name><Label>{b64('Windows Server 2012 R2')}</Label>"
            "<OperatingSystems>"
            f"<OperatingSystem><Version>WA-GUEST-OS-4.1</Version><Label>{b64('4.1')}</Label>"
            "<IsDefault>true</IsDefault><IsActive>true</IsActive></OperatingSystem>"
            f"<OperatingSystem><Version>WA-GUEST-OS-4.0</Version><Label>{b64('4.0')}</Label>"
            "<IsDefault>false</IsDefault><IsActive>false</IsActive></OperatingSystem>"
            "</OperatingSystems></OperatingSystemFamily>"
            f"<OperatingSystemFamily><Name>5</Name><Label>{b64('2016')}</Label>"
            "<OperatingSystems><OperatingSystem><Version>WA-GUEST-OS-5.0</Version>"
            f"<Label>{b64('5.0')}</Label><IsActive>true</IsActive></OperatingSystem></OperatingSystems>"
            "</OperatingSystemFamily>",
        ),
    )
    families = await session.operating_systems.list_families()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url("/operatingsystemfamilies"))
    assert_read_headers(kwargs)
    assert [f.name for f in families] == ["4", "5"]
    assert families[0].label == "Windows Server 2012 R2"
    assert [o.label for o in families[0].operating_systems] == ["4.1", "4.0"]
    assert [o.is_active for o in families[0].operating_systems] == [True, False]
    # A single OS in a family is still a list.
    assert [o.version for o in families[1].operating_systems] == ["WA-GUEST-OS-5.0"]


async def test_list_families_empty(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url("/operatingsystemfamilies"), doc("OperatingSystemFamilies"))
    assert await session.operating_systems.list_families() == []
