"""``session.storage_accounts``."""

# mypy: disable-error-code="empty-body"
from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Annotated, Any

from .. import validation as v
from ..models.hosted_services import AvailabilityResponse
from ..models.storage_accounts import (
    AccountType,
    CreateStorageServiceInput,
    KeyType,
    RegenerateKeys,
    StorageService,
    StorageServiceList,
    UpdateStorageServiceInput,
)
from ..operation import LONG_RUNNING, legacy, operation
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["StorageAccountsClient", "StorageAccountsLegacy"]

AccountName = Annotated[str, v.SEGMENT, v.STORAGE_ACCOUNT_NAME]
Properties = Annotated[Mapping[str, Any] | None, v.EXTENDED_PROPERTIES]
_BASE = "/services/storageservices"
_ACCOUNT = "/services/storageservices/{service_name}"


class StorageAccountsClient(ResourceClient):
    """Storage accounts: blobs (VM disks), queues, tables and files."""

    @operation(
        "GET", _BASE, answer=StorageServiceList, unwrap="storage_services", legacy="list_storage_accounts"
    )
    async def list(self) -> builtins.list[StorageService]:
        """Every storage account of the subscription."""

    @operation(
        "GET",
        _ACCOUNT,
        answer=StorageService,
        legacy="get_storage_account_properties",
        example={"service_name": "mystore"},
    )
    async def get(self, service_name: AccountName) -> StorageService:
        """Properties of one storage account."""

    @operation(
        "GET",
        _ACCOUNT + "/keys",
        answer=StorageService,
        legacy="get_storage_account_keys",
        example={"service_name": "mystore"},
    )
    async def get_keys(self, service_name: AccountName) -> StorageService:
        """The account's access keys, in ``storage_service_keys`` (secret values)."""

    @operation(
        "POST",
        _ACCOUNT + "/keys",
        query={"action": "regenerate"},
        body=RegenerateKeys,
        answer=StorageService,
        legacy="regenerate_storage_account_keys",
        example={"service_name": "mystore", "key_type": "Secondary"},
    )
    async def regenerate_keys(
        self, service_name: AccountName, key_type: Annotated[str, v.choice_rule(KeyType)] = "Primary"
    ) -> StorageService:
        """Replace the ``Primary`` or ``Secondary`` key; returns the new keys."""

    @operation(
        "POST",
        _BASE,
        body=CreateStorageServiceInput,
        answer=LONG_RUNNING,
        statuses=(202,),
        legacy="create_storage_account",
        checks=(v.one_of("location", "affinity_group", service_message=v.LOCATION_XOR_GROUP),),
        example={
            "service_name": "mystore",
            "description": "d",
            "label": "my account",
            "location": "West US",
            "account_type": "Standard_LRS",
        },
    )
    async def create(
        self,
        service_name: Annotated[str, v.STORAGE_ACCOUNT_NAME],
        description: Annotated[str | None, v.DESCRIPTION],
        label: Annotated[str, v.LABEL],
        affinity_group: Annotated[str | None, v.OPTIONAL_STRING] = None,
        location: Annotated[str | None, v.OPTIONAL_STRING] = None,
        extended_properties: Properties = None,
        account_type: Annotated[str, v.choice_rule(AccountType)] = "Standard_GRS",
    ) -> AsyncOperation:
        """Create a storage account (3-24 lower-case letters and digits) in a location or affinity group."""

    @operation(
        "PUT",
        _ACCOUNT,
        body=UpdateStorageServiceInput,
        answer=LONG_RUNNING,
        legacy="update_storage_account",
        checks=(
            v.at_least_one(
                "description", "label", "extended_properties", "account_type", field="storage account update"
            ),
        ),
        example={"service_name": "mystore", "label": "new label", "account_type": "Standard_GRS"},
    )
    async def update(
        self,
        service_name: AccountName,
        description: Annotated[str | None, v.DESCRIPTION] = None,
        label: Annotated[str | None, v.OPTIONAL_LABEL] = None,
        extended_properties: Properties = None,
        account_type: Annotated[str | None, v.choice_rule(AccountType, optional=True)] = None,
    ) -> AsyncOperation:
        """Change only what is given (``account_type`` is never sent unless asked)."""

    @operation(
        "DELETE",
        _ACCOUNT,
        answer=LONG_RUNNING,
        legacy="delete_storage_account",
        example={"service_name": "mystore"},
    )
    async def delete(self, service_name: AccountName) -> AsyncOperation:
        """Delete a storage account and everything in it."""

    @operation(
        "GET",
        _BASE + "/operations/isavailable/{service_name}",
        answer=AvailabilityResponse,
        legacy="check_storage_account_name_availability",
        example={"service_name": "mystore"},
    )
    async def check_name_availability(self, service_name: Annotated[str, v.SEGMENT]) -> AvailabilityResponse:
        """Whether a storage account name is free, and if not, why."""


class StorageAccountsLegacy:
    """Legacy facade methods of this family (create and update adapt ``geo_replication_enabled``)."""

    list_storage_accounts = legacy(StorageAccountsClient.list)
    get_storage_account_properties = legacy(StorageAccountsClient.get)
    get_storage_account_keys = legacy(StorageAccountsClient.get_keys)
    regenerate_storage_account_keys = legacy(StorageAccountsClient.regenerate_keys)
    delete_storage_account = legacy(StorageAccountsClient.delete)
    check_storage_account_name_availability = legacy(StorageAccountsClient.check_name_availability)
