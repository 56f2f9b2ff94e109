"""The subscription itself, and the role sizes it may use."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlList, XmlModel
from .common import Text

__all__ = ["RoleSize", "RoleSizeList", "Subscription"]


class Subscription(XmlModel):
    """``GET /<subscription-id>``: name, status, administrators, quotas and current usage."""

    __xml_root__ = "Subscription"
    subscription_id: Text = ""
    subscription_name: Text = ""
    subscription_status: Text = ""
    account_admin_live_email_id: Text = Field(default="", alias="AccountAdminLiveEmailId")
    service_admin_live_email_id: Text = Field(default="", alias="ServiceAdminLiveEmailId")
    max_core_count: int | None = None
    max_storage_accounts: int | None = None
    max_hosted_services: int | None = None
    current_core_count: int | None = None
    current_hosted_services: int | None = None
    current_storage_accounts: int | None = None
    max_virtual_network_sites: int | None = None
    current_virtual_network_sites: int | None = None
    max_local_network_sites: int | None = None
    max_dns_servers: int | None = None
    offer_categories: Text = ""
    aad_tenant_id: Text = ""
    created_time: datetime | None = None
    max_reserved_ips: int | None = Field(default=None, alias="MaxReservedIPs")
    current_reserved_ips: int | None = Field(default=None, alias="CurrentReservedIPs")
    max_public_ip_count: int | None = None
    current_network_security_groups: int | None = None
    max_network_security_groups: int | None = None
    max_network_security_rules_per_group: int | None = None
    max_route_tables: int | None = None
    max_routes_per_route_table: int | None = None


class RoleSize(XmlModel):
    """A VM or web/worker role size: cores, memory, data disks."""

    name: Text = ""
    label: Text = ""
    cores: int | None = None
    memory_in_mb: int | None = None
    supported_by_web_worker_roles: bool | None = None
    supported_by_virtual_machines: bool | None = None
    max_data_disk_count: int | None = None
    web_worker_resource_disk_size_in_mb: int | None = None
    virtual_machine_resource_disk_size_in_mb: int | None = None


class RoleSizeList(XmlModel):
    """``GET /rolesizes``."""

    __xml_root__ = "RoleSizes"
    role_sizes: Annotated[list[RoleSize], XmlList("RoleSize", wrapper=False)] = Field(default_factory=list)
