"""Issue 11, items 2 and 3: the subscription id, the endpoint, the API version and the timeouts are
checked where the session is built, before any request."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from aiosm import InvalidInputError, ServiceManagementSession
from aiosm.emulator.certs import DEFAULT_SUBSCRIPTION_ID, CertificateBundle

from .conftest import SUB, HostileServer


def _ctx() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.mark.parametrize(
    "subscription_id",
    [
        f"{SUB}/services/storageservices/victim?",
        f"x/../{SUB}",
        f"{SUB}#",
        f"{SUB}?comp=x",
        " " + SUB,
        SUB + "\n",
        "{" + SUB + "}",
        SUB.replace("-", ""),
        "not-a-guid",
        f"{SUB}%2F..",
    ],
)
def test_a_subscription_id_that_is_not_a_guid_is_refused(subscription_id: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        ServiceManagementSession(subscription_id, _ctx())
    assert info.value.field == "subscription_id"


@pytest.mark.parametrize("subscription_id", [SUB, SUB.upper(), DEFAULT_SUBSCRIPTION_ID])
def test_guids_in_any_case_and_the_emulators_id_are_accepted(subscription_id: str) -> None:
    assert ServiceManagementSession(subscription_id, _ctx()).subscription_id == subscription_id


async def test_a_steering_subscription_id_sends_no_request(hostile: HostileServer) -> None:
    with pytest.raises(InvalidInputError):
        ServiceManagementSession(f"{SUB}/services/storageservices/victim?", _ctx(), endpoint=hostile.endpoint)
    assert hostile.seen == []


async def test_a_publishsettings_subscription_id_is_checked_too(
    hostile: HostileServer, hostile_bundle: CertificateBundle, tmp_path: Path
) -> None:
    settings = hostile_bundle.publishsettings_file.read_text()
    evil = f"{SUB}/services/storageservices/victim?"
    path = tmp_path / "evil.publishsettings"
    path.write_text(settings.replace(f'Id="{hostile_bundle.subscription_id}"', f'Id="{evil}"'))
    session = ServiceManagementSession(None, str(path), endpoint=hostile.endpoint)
    with pytest.raises(InvalidInputError) as info:
        await session.open()
    await session.close()
    assert info.value.field == "subscription_id"
    assert hostile.seen == []


async def test_a_publishsettings_http_url_is_refused(
    hostile_bundle: CertificateBundle, tmp_path: Path
) -> None:
    settings = hostile_bundle.publishsettings_file.read_text()
    path = tmp_path / "plain.publishsettings"
    path.write_text(settings.replace("https://", "http://"))
    session = ServiceManagementSession(None, str(path))
    with pytest.raises(InvalidInputError) as info:
        await session.open()
    await session.close()
    assert info.value.field == "ServiceManagementUrl"


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:8443",
        "HTTP://management.core.windows.net",
        "ftp://management.core.windows.net",
        "127.0.0.1:8443",
        "management.core.windows.net",
        "https://",
        "https:///path",
        "https://user:pw@management.core.windows.net",
        "https://management.core.windows.net?x=1",
        "https://management.core.windows.net#frag",
        "https://management.core.windows.net:99999",
        "https://management.core.windows.net:port",
        "https://management.core.windows.net\r\nX-Evil: 1",
        "https://manage ment.core.windows.net",
        "",
    ],
)
def test_an_endpoint_that_is_not_an_https_url_with_a_host_is_refused(endpoint: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        ServiceManagementSession(SUB, _ctx(), endpoint=endpoint)
    assert info.value.field == "endpoint"


@pytest.mark.parametrize(
    "endpoint",
    ["https://management.core.windows.net/", "HTTPS://127.0.0.1:8443", "https://[::1]:8443"],
)
def test_https_endpoints_are_accepted(endpoint: str) -> None:
    session = ServiceManagementSession(SUB, _ctx(), endpoint=endpoint)
    assert session.endpoint == endpoint.rstrip("/")


@pytest.mark.parametrize(
    "api_version",
    [
        "2014-10-01\r\nX-Injected: 1",
        "2014-10-1",
        "latest",
        "",
        "2014-10-01 ",
        "\uff12\uff10\uff11\uff14-10-01",
    ],
)
def test_an_api_version_that_is_not_a_date_is_refused(api_version: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        ServiceManagementSession(SUB, _ctx(), api_version=api_version)
    assert info.value.field == "api_version"


@pytest.mark.parametrize("field", ["timeout", "connect_timeout"])
@pytest.mark.parametrize("value", [-1, 0, 0.0, float("nan"), float("-inf"), True, "5"])
def test_timeouts_must_be_positive_seconds(field: str, value: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        ServiceManagementSession(SUB, _ctx(), **{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_the_compat_facade_checks_its_host_too() -> None:
    from aiosm.compat import ServiceManagementService

    with pytest.raises(InvalidInputError):
        ServiceManagementService(SUB, _ctx(), host="http://127.0.0.1:8443")  # type: ignore[arg-type]
