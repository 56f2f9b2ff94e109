"""Storage accounts: ``/services/storageservices``."""

from __future__ import annotations

import base64
import os
import re
from dataclasses import replace

from aiohttp import web
from pydantic import SecretStr

from ..models.hosted_services import AvailabilityResponse
from ..models.storage_accounts import (
    CreateStorageServiceInput,
    KeyType,
    RegenerateKeys,
    StorageService,
    StorageServiceKeys,
    StorageServiceList,
    StorageServiceProperties,
    UpdateStorageServiceInput,
)
from ._http import (
    AsmFault,
    Route,
    accepted,
    check_description,
    check_label,
    context,
    now_iso,
    parse_body,
    placement,
    subscription,
    url,
    xml_response,
)
from .records import StorageAccountRecord, StorageKeys
from .repository import storage_account, storage_name_taken

_NAME = re.compile(r"^[a-z0-9]{3,24}$")
INVALID_NAME = (
    "The name is not a valid storage account name. Storage account names must be between 3 and 24 "
    "characters in length and use numbers and lower-case letters only."
)
_SECONDARY = {
    "West US": "East US",
    "East US": "West US",
    "North Europe": "West Europe",
    "West Europe": "North Europe",
    "Southeast Asia": "East Asia",
    "East Asia": "Southeast Asia",
    "North Central US": "South Central US",
    "South Central US": "North Central US",
}


def _new_key() -> str:
    return base64.b64encode(os.urandom(64)).decode("ascii")


def find_account(request: web.Request) -> StorageAccountRecord:
    name = request.match_info["acct"]
    record = storage_account(context(request).state, subscription(request), name)
    if record is None:
        raise AsmFault(404, "ResourceNotFound", f"The storage account '{name}' was not found.")
    return record


def _taken(request: web.Request, name: str) -> bool:
    return storage_name_taken(context(request).state, name)


def _properties(record: StorageAccountRecord) -> StorageServiceProperties:
    name = record.name
    geo = record.account_type in ("Standard_GRS", "Standard_RAGRS")
    return StorageServiceProperties(
        description=record.description,
        affinity_group=record.affinity_group,
        location=record.location,
        label=record.label,
        status="Created",
        endpoints=[f"https://{name}.{svc}.core.windows.net/" for svc in ("blob", "queue", "table", "file")],
        geo_replication_enabled=geo,
        geo_primary_region=record.location,
        status_of_primary="Available",
        geo_secondary_region=_SECONDARY.get(record.location, "") if geo else "",
        status_of_secondary="Available" if geo else "",
        creation_time=record.created,
        account_type=record.account_type,
    )


def account_model(request: web.Request, record: StorageAccountRecord) -> StorageService:
    return StorageService(
        url=url(request, f"/services/storageservices/{record.name}"),
        service_name=record.name,
        storage_service_properties=_properties(record),
        extended_properties=dict(record.extended_properties),
    )


def _keys_model(request: web.Request, record: StorageAccountRecord) -> StorageService:
    return StorageService(
        url=url(request, f"/services/storageservices/{record.name}"),
        storage_service_keys=StorageServiceKeys(
            primary=SecretStr(record.keys.primary), secondary=SecretStr(record.keys.secondary)
        ),
    )


async def list_accounts(request: web.Request) -> web.Response:
    sub = subscription(request)
    records = sorted(
        (r for r in context(request).state.values(StorageAccountRecord) if r.subscription == sub),
        key=lambda r: r.name,
    )
    return xml_response(StorageServiceList(storage_services=[account_model(request, r) for r in records]))


async def get_account(request: web.Request) -> web.Response:
    return xml_response(account_model(request, find_account(request)))


async def get_keys(request: web.Request) -> web.Response:
    return xml_response(_keys_model(request, find_account(request)))


async def regenerate_keys(request: web.Request) -> web.Response:
    record = find_account(request)
    if request.query.get("action", "").lower() != "regenerate":
        raise AsmFault(
            400,
            "MissingOrInvalidRequiredQueryParameter",
            "A required query parameter was not specified for this request or was specified incorrectly.",
        )
    body = await parse_body(request, RegenerateKeys)
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
    body = await parse_body(request, CreateStorageServiceInput)
    name = body.service_name
    if not _NAME.match(name):
        raise AsmFault(400, "BadRequest", INVALID_NAME)
    check_label(body.label)
    check_description(body.description)
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
    body = await parse_body(request, UpdateStorageServiceInput)
    check_label(body.label, required=False)
    check_description(body.description)
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
    name = request.match_info["name"]
    if not _NAME.match(name):
        return xml_response(AvailabilityResponse(result=False, reason=INVALID_NAME))
    if _taken(request, name):
        return xml_response(
            AvailabilityResponse(result=False, reason=f"The storage account named '{name}' is already taken.")
        )
    return xml_response(AvailabilityResponse(result=True))


_BASE = "/services/storageservices"
ROUTES: list[Route] = [
    ("GET", _BASE, list_accounts),
    ("POST", _BASE, create_account),
    ("GET", f"{_BASE}/operations/isavailable/{{name}}", check_availability),
    ("GET", f"{_BASE}/{{acct}}", get_account),
    ("PUT", f"{_BASE}/{{acct}}", update_account),
    ("DELETE", f"{_BASE}/{{acct}}", delete_account),
    ("GET", f"{_BASE}/{{acct}}/keys", get_keys),
    ("POST", f"{_BASE}/{{acct}}/keys", regenerate_keys),
]
