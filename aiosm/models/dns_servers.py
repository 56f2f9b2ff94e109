"""Models of DNS servers (the ``<Dns>`` answer element is :class:`~aiosm.models.DnsSettings`)."""

from __future__ import annotations

from pydantic import Field

from ..xml import XmlModel

__all__ = ["DnsServerInput"]


class DnsServerInput(XmlModel):
    """Body of Add DNS Server and Update DNS Server: ``<DnsServer><Name/><Address/>``."""

    __xml_root__ = "DnsServer"
    dns_server_name: str = Field(alias="Name")
    address: str
