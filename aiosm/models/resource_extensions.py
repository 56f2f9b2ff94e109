"""Models of resource extensions: the VM extensions (BGInfo, CustomScript, ...) a role can use."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import KEEP_EMPTY, XmlList, XmlModel
from .common import Text

__all__ = ["ResourceExtension", "ResourceExtensionList"]


class ResourceExtension(XmlModel):
    """One version of an extension a publisher offers.

    The configuration schemas and ``sample_config`` are base64 text, left as the service sent
    them (as the legacy SDK does); they and ``regions`` are ``None`` when absent, ``""`` when
    empty (``<PrivateConfigurationSchema/>``).
    """

    __xml_root__ = "ResourceExtension"
    publisher: Text = ""
    name: Text = ""
    version: Text = ""
    label: Text = ""
    description: Text = ""
    public_configuration_schema: Annotated[str | None, KEEP_EMPTY] = None
    private_configuration_schema: Annotated[str | None, KEEP_EMPTY] = None
    sample_config: Annotated[str | None, KEEP_EMPTY] = None
    replication_completed: bool | None = None
    eula: Text = ""
    privacy_uri: Text = ""
    homepage_uri: Text = ""
    is_json_extension: bool | None = None
    is_internal_extension: bool | None = None
    disallow_major_version_upgrade: bool | None = None
    supported_os: Text = ""
    company_name: Text = ""
    published_date: datetime | None = None
    regions: Annotated[str | None, KEEP_EMPTY] = None


class ResourceExtensionList(XmlModel):
    """``GET /services/resourceextensions[/{publisher}/{name}]``."""

    __xml_root__ = "ResourceExtensions"
    resource_extensions: Annotated[list[ResourceExtension], XmlList("ResourceExtension", wrapper=False)] = (
        Field(default_factory=list)
    )
