"""The subscription itself, and the role sizes it may use."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..xml import XmlDict, XmlList, XmlModel
from .common import Text

__all__ = [
    "OperationCaller",
    "RoleSize",
    "RoleSizeList",
    "Subscription",
    "SubscriptionList",
    "SubscriptionOperation",
    "SubscriptionOperationCollection",
    "SubscriptionOperationStatus",
]


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


class SubscriptionList(XmlModel):
    """``GET /subscriptions`` (at the endpoint's root): the subscriptions the caller can access."""

    __xml_root__ = "Subscriptions"
    subscriptions: Annotated[list[Subscription], XmlList("Subscription", wrapper=False)] = Field(
        default_factory=list
    )


class OperationCaller(XmlModel):
    """Who ran a subscription operation."""

    used_service_management_api: bool | None = None
    user_email_address: Text = ""
    subscription_certificate_thumbprint: Text = ""
    client_ip: Text = Field(default="", alias="ClientIP")


class SubscriptionOperationStatus(XmlModel):
    """How a subscription operation ended (or that it is still ``InProgress``)."""

    id: Text = ""
    status: Text = ""
    http_status_code: int | None = None


class SubscriptionOperation(XmlModel):
    """One operation run on the subscription (List Subscription Operations)."""

    operation_id: Text = Field(default="", alias="OperationId")
    operation_object_id: Text = Field(default="", alias="OperationObjectId")
    operation_name: Text = ""
    operation_parameters: Annotated[dict[str, str], XmlDict(item="OperationParameter")] = Field(
        default_factory=dict
    )
    operation_caller: OperationCaller | None = None
    operation_status: SubscriptionOperationStatus | None = None
    operation_started_time: datetime | None = None
    operation_completed_time: datetime | None = None
    operation_kind: Text = ""


class SubscriptionOperationCollection(XmlModel):
    """A page of subscription operations; ``continuation_token`` (when not empty) asks for the next."""

    __xml_root__ = "SubscriptionOperationCollection"
    subscription_operations: Annotated[list[SubscriptionOperation], XmlList("SubscriptionOperation")] = Field(
        default_factory=list
    )
    continuation_token: Text = ""
