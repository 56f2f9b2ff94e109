"""Models of reserved IPs: public IPv4 addresses a subscription keeps, and assigns to deployments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text

__all__ = ["CreateReservedIP", "ReservedIP", "ReservedIPAssociation", "ReservedIPList"]


class CreateReservedIP(XmlModel):
    """Body of Create Reserved IP Address (``Label`` is plain text, not base64)."""

    __xml_root__ = "ReservedIP"
    name: str
    label: str | None = None
    location: str | None = None


class ReservedIPAssociation(XmlModel):
    """Body of Associate and Disassociate Reserved IP Address."""

    __xml_root__ = "ReservedIPAssociation"
    service_name: str
    deployment_name: str
    virtual_ip_name: str | None = None


class ReservedIP(XmlModel):
    """A reserved IP address: ``in_use`` with ``service_name`` and ``deployment_name`` once associated."""

    __xml_root__ = "ReservedIP"
    name: Text = ""
    address: Text = ""
    id: Text = Field(default="", alias="Id")
    label: Text = ""
    state: Text = ""
    in_use: bool | None = None
    service_name: Text = ""
    deployment_name: Text = ""
    location: Text = ""


class ReservedIPList(XmlModel):
    """``GET /services/networking/reservedips``."""

    __xml_root__ = "ReservedIPs"
    reserved_ips: Annotated[list[ReservedIP], XmlList("ReservedIP", wrapper=False)] = Field(
        default_factory=list
    )
