"""Storage accounts: create (incl. unicode), get, keys, regenerate, list, update, delete, name check."""

from __future__ import annotations

import ssl
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses

from aiosm import RetryPolicy
from aiosm.compat import ServiceManagementService
from aiosm.errors import BadRequestError, InvalidInputError, NotFoundError
from aiosm.models import CreateStorageServiceInput, StorageService
from aiosm.session import ServiceManagementSession

from .flows import NS, recorded_extended_properties, replay_status_polls, wait_replaying_polls
from .replay import SUBSCRIPTION, Recording, Replayer, load, replaying

P = "test_legacy_mgmt_storage."


async def create_account(
    rec: Recording, replayer: Replayer, session: ServiceManagementSession
) -> tuple[str, str, str]:
    """The set-up ``create_storage_account(name, description, label, None, 'West US', geo, ext)``,
    waited on with the recorded polls. Returns (name, description, label)."""
    body = rec[0].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    name = root.findtext(f"{NS}ServiceName") or ""
    # geo_replication_enabled=False made the legacy SDK send Standard_LRS, True Standard_GRS.
    account_type = root.findtext(f"{NS}AccountType") or ""
    description = root.findtext(f"{NS}Description") or ""
    label = name + "label" if description == name + "description" else "丂狛狜"
    replayer.serve(0)
    op = await session.storage_accounts.create(
        name, description, label, None, "West US", recorded_extended_properties(body), account_type
    )
    await wait_replaying_polls(op, rec, replayer, 0)
    return name, description, label


def check_properties(
    account: StorageService, name: str, description: str, label: str, *, listed: bool = False
) -> None:
    assert account.service_name == name
    assert (
        account.url == f"https://management.core.windows.net/{SUBSCRIPTION}/services/storageservices/{name}"
    )
    props = account.storage_service_properties
    assert props is not None
    assert props.description == description
    assert props.label == label
    assert props.location == "West US"
    assert props.affinity_group == ""
    assert props.status == "Created"
    assert props.geo_primary_region == "West US"
    assert props.status_of_primary == "Available"
    assert props.endpoints == [
        f"https://{name}.{kind}.core.windows.net/" for kind in ("blob", "queue", "table", "file")
    ]
    assert account.extended_properties["ext1"] == "val1"
    assert account.extended_properties["ResourceLocation"] == "West US"
    # Get answers list the capabilities; the List answer leaves them out.
    assert account.capabilities == ([] if listed else ["PersistentVMRole"])
    assert account.storage_service_keys is None


async def test_create_storage_account() -> None:
    async with replaying(P + "test_create_storage_account") as (rec, replayer, session):
        name, description, label = await create_account(rec, replayer, session)
        replayer.serve(6)
        account = await session.storage_accounts.get(name)
    check_properties(account, name, description, label)
    props = account.storage_service_properties
    assert props is not None
    assert props.account_type == "Standard_GRS"
    assert props.geo_secondary_region == "East US"
    assert props.status_of_secondary == "Available"
    assert props.creation_time == datetime(2015, 7, 1, 0, 11, 24, tzinfo=timezone.utc)


async def test_get_storage_account_properties() -> None:
    async with replaying(P + "test_get_storage_account_properties") as (rec, replayer, session):
        name, description, label = await create_account(rec, replayer, session)
        replayer.serve(6)
        account = await session.storage_accounts.get(name)
    check_properties(account, name, description, label)
    props = account.storage_service_properties
    assert props is not None
    assert props.account_type == "Standard_LRS"
    assert props.geo_secondary_region == ""  # <GeoSecondaryRegion/>
    assert account.extended_properties == {
        "ext1": "val1",
        "ext2": "42",
        "ResourceGroup": "Default-Storage-WestUS",
        "ResourceLocation": "West US",
    }


async def test_unicode_description_and_label_round_trip() -> None:
    name = P + "test_unicode_create_storage_account_unicode_description_label"
    async with replaying(name) as (rec, replayer, session):
        account_name, description, label = await create_account(rec, replayer, session)
        assert (description, label) == ("啊齄丂狛狜", "丂狛狜")
        replayer.serve(6)
        account = await session.storage_accounts.get(account_name)
    check_properties(account, account_name, "啊齄丂狛狜", "丂狛狜")


async def test_list_storage_accounts() -> None:
    async with replaying(P + "test_list_storage_accounts") as (rec, replayer, session):
        name, description, label = await create_account(rec, replayer, session)
        replayer.serve(6)
        accounts = await session.storage_accounts.list()
    assert len(accounts) == 46
    (mine,) = [a for a in accounts if a.service_name == name]
    check_properties(mine, name, description, label, listed=True)
    assert all(a.storage_service_properties is not None for a in accounts)


async def test_get_storage_account_keys() -> None:
    async with replaying(P + "test_get_storage_account_keys") as (rec, replayer, session):
        name, _, _ = await create_account(rec, replayer, session)
        replayer.serve(6)
        account = await session.storage_accounts.get_keys(name)
    assert account.url.endswith(f"/services/storageservices/{name}")
    # The keys answer has no properties block: every property reads as empty, never None.
    assert account.storage_service_properties.status == ""
    assert account.storage_service_properties.location == ""
    keys = account.storage_service_keys
    assert keys is not None and keys.primary is not None and keys.secondary is not None
    assert keys.primary.get_secret_value().startswith("GC4tYgTupbnXhkZjN3pqjbX0zyQ/")
    assert keys.secondary.get_secret_value().endswith("OCpn+He2vg==")
    assert "GC4tYgTupbnX" not in repr(account) and "GC4tYgTupbnX" not in str(keys)


async def test_regenerate_storage_account_keys() -> None:
    async with replaying(P + "test_regenerate_storage_account_keys") as (rec, replayer, session):
        name, _, _ = await create_account(rec, replayer, session)
        replayer.serve(6)
        before = await session.storage_accounts.get_keys(name)
        replayer.serve(7)
        after = await session.storage_accounts.regenerate_keys(name, "Secondary")
    assert before.storage_service_keys is not None and after.storage_service_keys is not None
    old, new = before.storage_service_keys, after.storage_service_keys
    assert old.primary is not None and new.primary is not None
    assert old.secondary is not None and new.secondary is not None
    assert new.primary.get_secret_value() == old.primary.get_secret_value()
    assert new.secondary.get_secret_value() != old.secondary.get_secret_value()
    assert new.secondary.get_secret_value().startswith("MEfSrH6znKjpOpySEi3UH9")


async def test_update_storage_account() -> None:
    async with replaying(P + "test_update_storage_account") as (rec, replayer, session):
        name, _, _ = await create_account(rec, replayer, session)
        replayer.serve(7)
        # The legacy call passed geo_replication_enabled=False, hence AccountType=Standard_LRS;
        # aiosm sends AccountType only when asked, so it is asked for explicitly here.
        op = await session.storage_accounts.update(
            name,
            name + "descriptionupdate",
            name + "labelupdate",
            {"ext2": 53, "ext1": "val1update", "ext3": "brandnew"},
            "Standard_LRS",
        )
        assert op.http_status == 200 and op.request_id == rec[7].request_id
        assert (await op.wait(poll_interval=0)).succeeded  # 200: no poll
        replayer.serve(8)
        account = await session.storage_accounts.get(name)
    props = account.storage_service_properties
    assert props is not None
    assert props.description == name + "descriptionupdate"
    assert props.label == name + "labelupdate"
    assert account.extended_properties["ext1"] == "val1update"
    assert account.extended_properties["ext2"] == "53"
    assert account.extended_properties["ext3"] == "brandnew"


async def test_update_storage_account_through_legacy_facade() -> None:
    """The legacy signature: geo_replication_enabled=False becomes AccountType=Standard_LRS."""
    rec = load(P + "test_update_storage_account")
    name = "utstor3838156d"
    with aioresponses() as mock:
        replayer = Replayer(rec, mock)
        async with ServiceManagementService(
            SUBSCRIPTION, ssl.create_default_context(), retry=RetryPolicy.none()
        ) as sms:
            replayer.serve(7)
            op = await sms.update_storage_account(
                name,
                name + "descriptionupdate",
                name + "labelupdate",
                False,
                {"ext2": 53, "ext1": "val1update", "ext3": "brandnew"},
            )
            assert op.request_id == rec[7].request_id
            replayer.serve(8)
            account = await sms.get_storage_account_properties(name)
        replayer.verify()
    assert account.service_name == name


async def test_delete_storage_account_then_get_is_not_found() -> None:
    async with replaying(P + "test_delete_storage_account") as (rec, replayer, session):
        name, _, _ = await create_account(rec, replayer, session)
        replayer.serve(6)
        op = await session.storage_accounts.delete(name)
        assert op.http_status == 200  # complete at once: waiting makes no request
        assert (await op.wait(poll_interval=0)).succeeded
        (poll,) = await replay_status_polls(rec, replayer, session, 6)  # the legacy test's own poll
        assert poll.succeeded
        replayer.serve(8)
        with pytest.raises(NotFoundError) as caught:
            await session.storage_accounts.get(name)
    error = caught.value
    assert error.status == 404
    assert error.code == "ResourceNotFound"
    assert error.message == f"The storage account '{name}' was not found."
    assert error.request_id == "00ce82737102036d9b8cb44b3b8ce863"


async def test_check_storage_account_name_availability() -> None:
    name = P + "test_check_storage_account_name_availability_available"
    async with replaying(name) as (_rec, replayer, session):
        replayer.serve(0)
        answer = await session.storage_accounts.check_name_availability("utstore2c2042")
    assert answer.result is True
    assert answer.reason == ""


async def test_unicode_name_is_refused_before_sending() -> None:
    """aiosm checks storage account names client-side, so it never sends this request."""
    with aioresponses() as mock:
        async with ServiceManagementSession(
            SUBSCRIPTION, ssl.create_default_context(), retry=RetryPolicy.none()
        ) as session:
            with pytest.raises(InvalidInputError) as caught:
                await session.storage_accounts.create(
                    "utstor55f51dea啊齄丂狛狜", "description", "label", None, "West US"
                )
        assert not mock.requests
    assert caught.value.field == "service_name"


async def test_unicode_name_recorded_bad_request() -> None:
    """The recorded 400 answer, replayed through the transport with aiosm's own body model
    (the resource client would refuse the name before sending)."""
    async with replaying(P + "test_unicode_create_storage_account_unicode_name") as (rec, replayer, session):
        replayer.serve(0)
        body = CreateStorageServiceInput(
            service_name="utstor55f51dea啊齄丂狛狜",
            description="description",
            label="label",
            location="West US",
            extended_properties={"ext1": "val1", "ext2": "42"},
            account_type="Standard_GRS",
        )
        with pytest.raises(BadRequestError) as caught:
            await session.transport.request("POST", "/services/storageservices", body=body)
    error = caught.value
    assert error.status == 400
    assert error.code == "BadRequest"
    assert error.message.startswith("The name is not a valid storage account name.")
    assert error.request_id == rec[0].request_id
