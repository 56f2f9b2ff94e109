"""session.storage_accounts: list, get, keys, regenerate, create, update, delete, availability."""

from __future__ import annotations

from datetime import datetime, timezone

from aioresponses import aioresponses
from conftest import (
    RID,
    accept,
    assert_mutation_headers,
    assert_read_headers,
    b64,
    body_xml,
    doc,
    only_request,
    respond_xml,
    url,
)

from aiosm import Secret, ServiceManagementSession
from aiosm.models import StorageService

SS = "/services/storageservices"
PRIMARY = "cHJpbWFyeS1zZWNyZXQta2V5LXZhbHVlLTAwMDE="
SECONDARY = "c2Vjb25kYXJ5LXNlY3JldC1rZXktdmFsdWUtMDAwMg=="

ACCOUNT = (
    "<Url>https://management.core.windows.net/sub/services/storageservices/mystore</Url>"
    "<ServiceName>mystore</ServiceName>"
    "<StorageServiceProperties><Description>desc</Description><Location>West US</Location>"
    f"<Label>{b64('store label')}</Label><Status>Created</Status>"
    "<Endpoints><Endpoint>https://mystore.blob.core.windows.net/</Endpoint>"
    "<Endpoint>https://mystore.queue.core.windows.net/</Endpoint></Endpoints>"
    "<GeoReplicationEnabled>true</GeoReplicationEnabled><GeoPrimaryRegion>West US</GeoPrimaryRegion>"
    "<StatusOfPrimary>Available</StatusOfPrimary><CreationTime>2015-06-07T08:09:10Z</CreationTime>"
    "<AccountType>Standard_GRS</AccountType></StorageServiceProperties>"
    "<ExtendedProperties><ExtendedProperty><Name>env</Name><Value>prod</Value></ExtendedProperty>"
    "</ExtendedProperties>"
    "<Capabilities><Capability>PersistentVMRole</Capability></Capabilities>"
)
KEYS = (
    "<Url>https://management.core.windows.net/sub/services/storageservices/mystore</Url>"
    f"<StorageServiceKeys><Primary>{PRIMARY}</Primary><Secondary>{SECONDARY}</Secondary></StorageServiceKeys>"
)


async def test_list(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(
        mock,
        "GET",
        url(SS),
        doc(
            "StorageServices",
            f"<StorageService>{ACCOUNT}</StorageService>"
            "<StorageService><ServiceName>other</ServiceName><StorageServiceProperties>"
            "<AffinityGroup>ag</AffinityGroup></StorageServiceProperties></StorageService>",
        ),
    )
    accounts = await session.storage_accounts.list()
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", url(SS))
    assert_read_headers(kwargs)
    assert [a.service_name for a in accounts] == ["mystore", "other"]
    props = accounts[0].storage_service_properties
    assert props is not None
    assert props.label == "store label"
    assert props.endpoints == [
        "https://mystore.blob.core.windows.net/",
        "https://mystore.queue.core.windows.net/",
    ]
    assert props.geo_replication_enabled is True
    assert props.creation_time == datetime(2015, 6, 7, 8, 9, 10, tzinfo=timezone.utc)
    assert props.account_type == "Standard_GRS"
    assert props.affinity_group == ""
    assert accounts[0].extended_properties == {"env": "prod"}
    assert accounts[0].capabilities == ["PersistentVMRole"]
    other = accounts[1].storage_service_properties
    assert other is not None and other.affinity_group == "ag" and other.location == ""


async def test_list_empty(session: ServiceManagementSession, mock: aioresponses) -> None:
    respond_xml(mock, "GET", url(SS), doc("StorageServices"))
    assert await session.storage_accounts.list() == []


async def test_get(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore")
    respond_xml(mock, "GET", target, doc("StorageService", ACCOUNT))
    account = await session.storage_accounts.get("mystore")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert isinstance(account, StorageService)
    assert account.service_name == "mystore"
    assert account.storage_service_keys is None


async def test_get_keys_are_secret(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore/keys")
    respond_xml(mock, "GET", target, doc("StorageService", KEYS))
    account = await session.storage_accounts.get_keys("mystore")
    method, sent_url, _ = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    keys = account.storage_service_keys
    assert keys is not None
    assert isinstance(keys.primary, Secret) and repr(keys.primary) == "Secret('**********')"
    assert "AccountKey=" + keys.primary == "AccountKey=" + PRIMARY
    assert keys.primary.get_secret_value() == PRIMARY
    assert keys.secondary is not None and keys.secondary.get_secret_value() == SECONDARY
    for text in (repr(account), str(account), repr(keys), str(keys), account.model_dump_json()):
        assert PRIMARY not in text
        assert SECONDARY not in text


async def test_regenerate_keys(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore/keys", action="regenerate")
    respond_xml(mock, "POST", target, doc("StorageService", KEYS))
    account = await session.storage_accounts.regenerate_keys("mystore", "secondary")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert kwargs["params"] == {"action": "regenerate"}
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml("RegenerateKeys", "<KeyType>Secondary</KeyType>")
    assert account.storage_service_keys is not None
    assert account.storage_service_keys.secondary is not None
    assert account.storage_service_keys.secondary.get_secret_value() == SECONDARY


async def test_create(session: ServiceManagementSession, mock: aioresponses) -> None:
    accept(mock, "POST", url(SS))
    op = await session.storage_accounts.create(
        "mystore", "My <store> & co", "lbl", location="West US", extended_properties={"env": "dev"}
    )
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", url(SS))
    assert_mutation_headers(kwargs)
    assert kwargs["data"] == body_xml(
        "CreateStorageServiceInput",
        "<ServiceName>mystore</ServiceName><Description>My &lt;store&gt; &amp; co</Description>"
        f"<Label>{b64('lbl')}</Label><Location>West US</Location>"
        "<ExtendedProperties><ExtendedProperty><Name>env</Name><Value>dev</Value></ExtendedProperty>"
        "</ExtendedProperties><AccountType>Standard_GRS</AccountType>",
    )
    assert op.request_id == RID
    assert op.result is None


async def test_create_in_affinity_group_with_account_type(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    accept(mock, "POST", url(SS))
    await session.storage_accounts.create(
        "mystore", None, "lbl", affinity_group="ag", account_type="standard_lrs"
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "CreateStorageServiceInput",
        f"<ServiceName>mystore</ServiceName><Label>{b64('lbl')}</Label><AffinityGroup>ag</AffinityGroup>"
        "<AccountType>Standard_LRS</AccountType>",
    )


async def test_update_sends_only_given_fields(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore")
    accept(mock, "PUT", target, status=200)
    op = await session.storage_accounts.update("mystore", label="new label")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("PUT", target)
    assert_mutation_headers(kwargs)
    # No AccountType unless asked (the legacy SDK always sent Standard_GRS).
    assert kwargs["data"] == body_xml("UpdateStorageServiceInput", f"<Label>{b64('new label')}</Label>")
    assert op.result is not None


async def test_update_all_fields(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore")
    accept(mock, "PUT", target, status=200)
    await session.storage_accounts.update(
        "mystore", description="d", label="l", extended_properties={"x": "y"}, account_type="Standard_RAGRS"
    )
    _, _, kwargs = only_request(mock)
    assert kwargs["data"] == body_xml(
        "UpdateStorageServiceInput",
        f"<Description>d</Description><Label>{b64('l')}</Label>"
        "<ExtendedProperties><ExtendedProperty><Name>x</Name><Value>y</Value></ExtendedProperty>"
        "</ExtendedProperties><AccountType>Standard_RAGRS</AccountType>",
    )


async def test_delete(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/mystore")
    accept(mock, "DELETE", target)
    op = await session.storage_accounts.delete("mystore")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("DELETE", target)
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID


async def test_check_name_availability(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{SS}/operations/isavailable/mystore")
    respond_xml(
        mock,
        "GET",
        target,
        doc("AvailabilityResponse", "<Result>false</Result><Reason>AlreadyExists</Reason>"),
    )
    answer = await session.storage_accounts.check_name_availability("mystore")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("GET", target)
    assert_read_headers(kwargs)
    assert answer.result is False
    assert answer.reason == "AlreadyExists"
