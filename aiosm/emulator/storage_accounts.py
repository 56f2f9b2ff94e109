"""Storage accounts: ``/services/storageservices``."""

from __future__ import annotations

import base64
import os
from dataclasses import replace

from aiohttp import web

from .. import validation as v
from ..models.hosted_services import AvailabilityResponse
from ..models.storage_accounts import (
    CreateStorageServiceInput,
    KeyType,
    RegenerateKeys,
    StorageService,
    StorageServiceKeys,
    StorageServiceList,
    UpdateStorageServiceInput,
)
from ..secret import Secret
from ._http import (
    AsmFault,
    Handler,
    accepted,
    body_of,
    context,
    now_iso,
    placement,
    subscription,
    url,
    valid_name,
    xml_response,
)
from .records import StorageAccountRecord, StorageKeys
from .repository import storage_account, storage_name_taken
from .views import storage_service_properties

INVALID_NAME = v.STORAGE_ACCOUNT_NAME.service_message("") or ""


def _new_key() -> str:
    return base64.b64encode(os.urandom(64)).decode("ascii")


def find_account(request: web.Request) -> StorageAccountRecord:
    name = request.match_info["service_name"]
    record = storage_account(context(request).state, subscription(request), name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The storage account '{name}' was not found.")
    return record


def _taken(request: web.Request, name: str) -> bool:
    return storage_name_taken(context(request).state, name)


CAPABILITIES = ["PersistentVMRole"]
"""What every account can back (Get Storage Account Properties lists it; List does not)."""


def account_model(
    request: web.Request, record: StorageAccountRecord, *, capabilities: bool = False
) -> StorageService:
    return StorageService(
        url=url(request, f"/services/storageservices/{record.name}"),
        service_name=record.name,
        storage_service_properties=storage_service_properties(record),
        extended_properties=dict(record.extended_properties),
        capabilities=list(CAPABILITIES) if capabilities else [],
    )


def _keys_model(request: web.Request, record: StorageAccountRecord) -> StorageService:
    """``Url`` and ``StorageServiceKeys`` only, as the service answers Get (and Regenerate) Keys."""
    answer = StorageService(
        url=url(request, f"/services/storageservices/{record.name}"),
        storage_service_keys=StorageServiceKeys(
            primary=Secret(record.keys.primary), secondary=Secret(record.keys.secondary)
        ),
    )
    # None is not written: the answer has no <StorageServiceProperties> (parsed, it reads as empty).
    return answer.model_copy(update={"storage_service_properties": None})


async def list_accounts(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values(StorageAccountRecord) if r.subscription == sub),
        key=lambda r: r.name,
    )
    return xml_response(StorageServiceList(storage_services=[account_model(request, r) for r in records]))


async def get_account(request: web.Request) -> web.Response:
    return xml_response(account_model(request, find_account(request), capabilities=True))


async def get_keys(request: web.Request) -> web.Response:
    return xml_response(_keys_model(request, find_account(request)))


async def regenerate_keys(request: web.Request) -> web.Response:
    record = find_account(request)
    body = body_of(request, RegenerateKeys)
    if body.key_type is KeyType.PRIMARY:
        keys = replace(record.keys, primary=_new_key())
    else:
        keys = replace(record.keys, secondary=_new_key())
    changed = replace(record, keys=keys)
    return accepted(
        request,
        "regenerate_storage_keys",
        puts=[changed],
        status=200,
        body=_keys_model(request, changed),
    )


async def create_account(request: web.Request) -> web.Response:
    body = body_of(request, CreateStorageServiceInput)
    name = body.service_name
    location, group = placement(request, body.location, body.affinity_group)
    if _taken(request, name):
        raise AsmFault(409, "ConflictError", f"The storage account named '{name}' is already taken.")
    record = StorageAccountRecord(
        subscription=subscription(request),
        name=name,
        label=body.label,
        description=body.description or "",
        location=location,
        affinity_group=group,
        account_type=(body.account_type.value if body.account_type else "Standard_GRS"),
        extended_properties=dict(body.extended_properties or {}),
        created=now_iso(),
        keys=StorageKeys(primary=_new_key(), secondary=_new_key()),
    )
    return accepted(
        request,
        "create_storage_account",
        puts=[record],
        headers={"Location": url(request, f"/storage/{name}")},
    )


async def update_account(request: web.Request) -> web.Response:
    record = find_account(request)
    body = body_of(request, UpdateStorageServiceInput)
    changed = replace(
        record,
        label=record.label if body.label is None else body.label,
        description=record.description if body.description is None else body.description,
        account_type=record.account_type if body.account_type is None else body.account_type.value,
        extended_properties=(
            {**record.extended_properties, **body.extended_properties}
            if body.extended_properties
            else record.extended_properties
        ),
    )
    return accepted(request, "update_storage_account", puts=[changed], status=200)


async def delete_account(request: web.Request) -> web.Response:
    record = find_account(request)
    return accepted(request, "delete_storage_account", deletes=[record.ref], status=200)


async def check_availability(request: web.Request) -> web.Response:
    name = request.match_info["service_name"]
    if not valid_name(v.storage_account_name, name):
        return xml_response(AvailabilityResponse(result=False, reason=INVALID_NAME))
    if _taken(request, name):
        return xml_response(
            AvailabilityResponse(result=False, reason=f"The storage account named '{name}' is already taken.")
        )
    return xml_response(AvailabilityResponse(result=True))


HANDLERS: dict[str, Handler] = {
    "storage_accounts.list": list_accounts,
    "storage_accounts.create": create_account,
    "storage_accounts.check_name_availability": check_availability,
    "storage_accounts.get": get_account,
    "storage_accounts.update": update_account,
    "storage_accounts.delete": delete_account,
    "storage_accounts.get_keys": get_keys,
    "storage_accounts.regenerate_keys": regenerate_keys,
}
