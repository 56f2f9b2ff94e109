"""Guest operating systems for cloud-service (web/worker role) deployments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import OMIT_EMPTY, Base64, XmlList, XmlModel
from .common import Text

__all__ = [
    "OperatingSystem",
    "OperatingSystemFamily",
    "OperatingSystemFamilyList",
    "OperatingSystemList",
]


class OperatingSystem(XmlModel):
    """A guest OS version for web and worker roles."""

    version: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    is_default: bool = False
    is_active: bool = False
    family: int | None = None
    family_label: Annotated[str, Base64, OMIT_EMPTY] = ""


class OperatingSystemList(XmlModel):
    """``GET /operatingsystems``."""

    __xml_root__ = "OperatingSystems"
    operating_systems: Annotated[list[OperatingSystem], XmlList("OperatingSystem", wrapper=False)] = Field(
        default_factory=list
    )


class OperatingSystemFamily(XmlModel):
    """A guest OS family and its versions."""

    name: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    operating_systems: Annotated[list[OperatingSystem], XmlList("OperatingSystem")] = Field(
        default_factory=list
    )


class OperatingSystemFamilyList(XmlModel):
    """``GET /operatingsystemfamilies``."""

    __xml_root__ = "OperatingSystemFamilies"
    families: Annotated[
        list[OperatingSystemFamily],
        XmlList("OperatingSystemFamily", wrapper=False),
    ] = Field(default_factory=list)
