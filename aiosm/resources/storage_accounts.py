"""``session.storage_accounts``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import validation as v
from ..errors import InvalidInputError
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
from ..operations import AsyncOperation
from ._base import ResourceClient

__all__ = ["StorageAccountsClient"]

_BASE = "/services/storageservices"


def _path(service_name: str) -> str:
    v.path_segment("service_name", service_name)
    return f"{_BASE}/{service_name}"


class StorageAccountsClient(ResourceClient):
    async def list(self) -> list[StorageService]:
        return (await self._get(_BASE, StorageServiceList)).storage_services

    async def get(self, service_name: str) -> StorageService:
        """Properties of one storage account."""
        return await self._get(_path(service_name), StorageService)

    async def get_keys(self, service_name: str) -> StorageService:
        """The account's access keys, in ``storage_service_keys`` (secret values)."""
        return await self._get(f"{_path(service_name)}/keys", StorageService)

    async def regenerate_keys(self, service_name: str, key_type: str = "Primary") -> StorageService:
        """Replace the ``Primary`` or ``Secondary`` key; returns the new keys."""
        body = RegenerateKeys(key_type=v.choice("key_type", key_type, KeyType))
        response = await self._transport.request(
            "POST", f"{_path(service_name)}/keys", body=body, query={"action": "regenerate"}
        )
        result: StorageService = response.parse(StorageService)
        return result

    async def create(
        self,
        service_name: str,
        description: str | None,
        label: str,
        affinity_group: str | None = None,
        location: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
        account_type: str = "Standard_GRS",
    ) -> AsyncOperation:
        """Create a storage account (3-24 lower-case letters and digits) in a location or affinity group."""
        v.storage_account_name(service_name)
        v.label(label)
        v.description(description)
        v.location_or_affinity_group(location, affinity_group)
        body = CreateStorageServiceInput(
            service_name=service_name,
            description=description,
            label=label,
            affinity_group=affinity_group,
            location=location,
            extended_properties=v.extended_properties(extended_properties),
            account_type=v.choice("account_type", account_type, AccountType),
        )
        return await self._mutate("POST", _BASE, body)

    async def update(
        self,
        service_name: str,
        description: str | None = None,
        label: str | None = None,
        extended_properties: Mapping[str, Any] | None = None,
        account_type: str | None = None,
    ) -> AsyncOperation:
        """Change only what is given (``account_type`` is never sent unless asked)."""
        path = _path(service_name)
        if description is None and label is None and extended_properties is None and account_type is None:
            raise InvalidInputError("storage account update", "give at least one property to change")
        if label is not None:
            v.label(label)
        v.description(description)
        body = UpdateStorageServiceInput(
            description=description,
            label=label,
            extended_properties=v.extended_properties(extended_properties),
            account_type=None
            if account_type is None
            else v.choice("account_type", account_type, AccountType),
        )
        return await self._mutate("PUT", path, body)

    async def delete(self, service_name: str) -> AsyncOperation:
        return await self._mutate("DELETE", _path(service_name))

    async def check_name_availability(self, service_name: str) -> AvailabilityResponse:
        v.path_segment("service_name", service_name)
        return await self._get(f"{_BASE}/operations/isavailable/{service_name}", AvailabilityResponse)
