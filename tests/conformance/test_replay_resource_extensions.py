"""Resource extensions: the catalogue as the service listed it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from .flows import NS
from .replay import replaying


def _flag(element: ET.Element, name: str) -> bool | None:
    text = element.findtext(f"{NS}{name}")
    return None if text is None else text == "true"


def _optional(element: ET.Element, name: str) -> str | None:
    """An element's text, ``None`` when absent, ``""`` when empty (``<PrivateConfigurationSchema/>``)."""
    return element.findtext(f"{NS}{name}")


async def test_list_resource_extensions() -> None:
    async with replaying("test_legacy_mgmt_misc.test_list_resource_extensions") as (rec, replayer, session):
        replayer.serve(0)
        extensions = await session.resource_extensions.list()
    recorded = ET.fromstring(rec[0].response_body.encode("utf-8")).findall(f"{NS}ResourceExtension")
    assert len(extensions) == len(recorded) == 48
    for parsed, element in zip(extensions, recorded, strict=True):
        for field in ("publisher", "name", "version", "label", "description"):
            assert getattr(parsed, field) == element.findtext(f"{NS}{field.capitalize()}"), field
        assert parsed.description and parsed.label and parsed.version  # what the legacy test checked
        assert parsed.public_configuration_schema == _optional(element, "PublicConfigurationSchema")
        assert parsed.private_configuration_schema == _optional(element, "PrivateConfigurationSchema")
        assert parsed.sample_config == _optional(element, "SampleConfig")
        assert parsed.regions == _optional(element, "Regions")
        assert parsed.replication_completed is _flag(element, "ReplicationCompleted")
        assert parsed.is_json_extension is _flag(element, "IsJsonExtension")
        assert parsed.disallow_major_version_upgrade is _flag(element, "DisallowMajorVersionUpgrade")
        assert parsed.eula == (element.findtext(f"{NS}Eula") or "")
        assert parsed.privacy_uri == (element.findtext(f"{NS}PrivacyUri") or "")
        assert parsed.homepage_uri == (element.findtext(f"{NS}HomepageUri") or "")
        assert parsed.supported_os == (element.findtext(f"{NS}SupportedOS") or "")
        assert parsed.company_name == (element.findtext(f"{NS}CompanyName") or "")
        published = element.findtext(f"{NS}PublishedDate")
        assert (parsed.published_date is None) == (published is None)
    first = extensions[0]
    assert (first.publisher, first.name, first.version) == (
        "Microsoft.VisualStudio.Azure.RemoteDebug",
        "VS14CTPDebugger",
        "1.0",
    )
    assert first.published_date == datetime(2015, 2, 26, 21, 41, 50, 359463, tzinfo=timezone.utc)
    custom = next(e for e in extensions if e.name == "CustomScriptExtension")
    assert custom.published_date is not None and custom.published_date.microsecond == 720776
