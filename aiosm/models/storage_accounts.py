"""Storage accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..secret import Secret
from ..xml import OMIT_EMPTY, Base64, XmlList, XmlModel
from .common import AsmEnum, ExtendedProperties, Text

__all__ = [
    "AccountType",
    "CreateStorageServiceInput",
    "CustomDomain",
    "KeyType",
    "RegenerateKeys",
    "StorageService",
    "StorageServiceKeys",
    "StorageServiceList",
    "StorageServiceProperties",
    "UpdateStorageServiceInput",
]


class AccountType(AsmEnum):
    """The replication of a storage account."""

    STANDARD_LRS = "Standard_LRS"
    STANDARD_ZRS = "Standard_ZRS"
    STANDARD_GRS = "Standard_GRS"
    STANDARD_RAGRS = "Standard_RAGRS"
    PREMIUM_LRS = "Premium_LRS"


class KeyType(AsmEnum):
    """Which storage key to regenerate: ``Primary`` or ``Secondary``."""

    PRIMARY = "Primary"
    SECONDARY = "Secondary"


class CreateStorageServiceInput(XmlModel):
    """Body of Create Storage Account."""

    __xml_root__ = "CreateStorageServiceInput"
    service_name: str
    description: str | None = None
    label: Annotated[str, Base64]
    affinity_group: str | None = None
    location: str | None = None
    extended_properties: ExtendedProperties | None = None
    account_type: AccountType | None = None


class UpdateStorageServiceInput(XmlModel):
    """Only the fields given are sent (the legacy SDK always sent AccountType=Standard_GRS)."""

    __xml_root__ = "UpdateStorageServiceInput"
    description: str | None = None
    label: Annotated[str | None, Base64] = None
    extended_properties: ExtendedProperties | None = None
    account_type: AccountType | None = None


class RegenerateKeys(XmlModel):
    """Body of Regenerate Storage Account Keys."""

    __xml_root__ = "RegenerateKeys"
    key_type: KeyType


class CustomDomain(XmlModel):
    """A custom domain name mapped to the account's blob endpoint."""

    name: Text = ""
    use_sub_domain_name: bool | None = None


class StorageServiceProperties(XmlModel):
    """The properties of a storage account: label, location, status, endpoints, replication."""

    description: str = ""
    """Always in the service's answer (``<Description i:nil="true"/>`` when none)."""
    affinity_group: Text = ""
    location: Text = ""
    label: Annotated[str, Base64, OMIT_EMPTY] = ""
    status: Text = ""
    endpoints: Annotated[list[str], XmlList("Endpoint")] = Field(default_factory=list)
    geo_replication_enabled: bool | None = None
    geo_primary_region: Text = ""
    status_of_primary: Text = ""
    last_geo_failover_time: datetime | None = None
    geo_secondary_region: str = ""
    """Always in the service's answer, empty when the account is not geo-replicated."""
    status_of_secondary: str = ""
    creation_time: datetime | None = None
    custom_domains: Annotated[list[CustomDomain], XmlList("CustomDomain")] = Field(default_factory=list)
    account_type: Text = ""


class StorageServiceKeys(XmlModel):
    """The access keys: :class:`~aiosm.secret.Secret` strings, each the key itself
    (``"AccountKey=" + keys.primary``) but masked in ``repr``."""

    primary: Secret | None = None
    secondary: Secret | None = None


class StorageService(XmlModel):
    """A storage account: properties, endpoints, and (from Get Keys) its access keys."""

    __xml_root__ = "StorageService"
    url: Text = ""
    service_name: Text = ""
    storage_service_properties: StorageServiceProperties = Field(default_factory=StorageServiceProperties)
    storage_service_keys: StorageServiceKeys | None = None
    extended_properties: ExtendedProperties = Field(default_factory=dict)
    capabilities: Annotated[list[str], XmlList("Capability"), OMIT_EMPTY] = Field(default_factory=list)
    """What the account can back, e.g. ``PersistentVMRole`` (Get Storage Account Properties only)."""


class StorageServiceList(XmlModel):
    """``GET /services/storageservices``."""

    __xml_root__ = "StorageServices"
    storage_services: Annotated[list[StorageService], XmlList("StorageService", wrapper=False)] = Field(
        default_factory=list
    )
