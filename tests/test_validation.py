"""Client-side rules: each raises InvalidInputError naming the field and the rule, before any request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aioresponses import aioresponses
from conftest import total_requests

from aiosm import (
    InvalidInputError,
    LinuxConfigurationSet,
    OSVirtualHardDisk,
    ServiceManagementSession,
    WindowsConfigurationSet,
)
from aiosm import validation as v

S = ServiceManagementSession
LONG_LABEL = "x" * 101
LONG_DESC = "d" * 1025
DISK = OSVirtualHardDisk("img", "https://m/x.vhd")
LINUX = LinuxConfigurationSet("host", "user", "password1", False)


def vm(s: S, **overrides: Any) -> Awaitable[Any]:
    args: dict[str, Any] = {
        "service_name": "svc",
        "deployment_name": "dep",
        "deployment_slot": "production",
        "label": "l",
        "role_name": "role",
        "system_config": LINUX,
        "os_virtual_hard_disk": DISK,
    }
    args.update(overrides)
    return s.virtual_machines.create_deployment(**args)


CASES: list[tuple[str, Callable[[S], Awaitable[Any]], str, str]] = [
    # storage account names
    (
        "storage short",
        lambda s: s.storage_accounts.create("ab", None, "l", location="West US"),
        "service_name",
        "3-24",
    ),
    (
        "storage long",
        lambda s: s.storage_accounts.create("a" * 25, None, "l", location="W"),
        "service_name",
        "3-24",
    ),
    (
        "storage upper",
        lambda s: s.storage_accounts.create("MyStore", None, "l", location="W"),
        "service_name",
        "lower",
    ),
    (
        "storage dash",
        lambda s: s.storage_accounts.create("my-store", None, "l", location="W"),
        "service_name",
        "lower",
    ),
    # hosted service names
    (
        "hs leading dash",
        lambda s: s.hosted_services.create("-svc", "l", location="W"),
        "service_name",
        "hyphen",
    ),
    (
        "hs trailing dash",
        lambda s: s.hosted_services.create("svc-", "l", location="W"),
        "service_name",
        "hyphen",
    ),
    (
        "hs underscore",
        lambda s: s.hosted_services.create("my_svc", "l", location="W"),
        "service_name",
        "letters",
    ),
    ("hs too long", lambda s: s.hosted_services.create("a" * 64, "l", location="W"), "service_name", "1-63"),
    # labels and descriptions
    ("hs label", lambda s: s.hosted_services.create("svc", LONG_LABEL, location="W"), "label", "100"),
    ("hs empty label", lambda s: s.hosted_services.create("svc", "  ", location="W"), "label", "required"),
    ("hs desc", lambda s: s.hosted_services.create("svc", "l", LONG_DESC, "W"), "description", "1024"),
    ("hs update label", lambda s: s.hosted_services.update("svc", label=LONG_LABEL), "label", "100"),
    ("hs update nothing", lambda s: s.hosted_services.update("svc"), "label/description", "at least one"),
    (
        "storage label",
        lambda s: s.storage_accounts.create("store", None, LONG_LABEL, location="W"),
        "label",
        "100",
    ),
    (
        "storage desc",
        lambda s: s.storage_accounts.create("store", LONG_DESC, "l", location="W"),
        "description",
        "1024",
    ),
    (
        "storage update nothing",
        lambda s: s.storage_accounts.update("store"),
        "storage account update",
        "at least",
    ),
    ("ag label", lambda s: s.affinity_groups.create("ag", LONG_LABEL, "W"), "label", "100"),
    ("ag desc", lambda s: s.affinity_groups.create("ag", "l", "W", LONG_DESC), "description", "1024"),
    ("ag update label", lambda s: s.affinity_groups.update("ag", ""), "label", "required"),
    ("ag location", lambda s: s.affinity_groups.create("ag", "l", ""), "location", "required"),
    (
        "dep label",
        lambda s: s.deployments.create("svc", "staging", "v1", "https://p", LONG_LABEL, "c"),
        "label",
        "100",
    ),
    ("image label", lambda s: s.os_images.add(LONG_LABEL, "https://m", "img", "Linux"), "label", "100"),
    # location xor affinity group
    ("hs neither", lambda s: s.hosted_services.create("svc", "l"), "location/affinity_group", "exactly one"),
    (
        "hs both",
        lambda s: s.hosted_services.create("svc", "l", None, "W", "ag"),
        "location/affinity_group",
        "exactly",
    ),
    (
        "storage neither",
        lambda s: s.storage_accounts.create("store", None, "l"),
        "location/affinity_group",
        "exactly",
    ),
    (
        "storage both",
        lambda s: s.storage_accounts.create("store", None, "l", "ag", "W"),
        "location/affinity_group",
        "exactly one",
    ),
    # choices
    ("slot", lambda s: s.deployments.get_by_slot("svc", "prod"), "deployment_slot", "production"),
    (
        "create slot",
        lambda s: s.deployments.create("svc", "live", "v1", "https://p", "l", "c"),
        "deployment_slot",
        "staging",
    ),
    ("status", lambda s: s.deployments.update_status("svc", "v1", "Stopped"), "status", "Running, Suspended"),
    (
        "mode",
        lambda s: s.deployments.change_configuration("svc", "v1", "c", mode="Fast"),
        "mode",
        "Auto, Manual",
    ),
    ("os", lambda s: s.os_images.add("l", "https://m", "img", "BeOS"), "os", "Linux, Windows"),
    (
        "update os",
        lambda s: s.os_images.update("img", "l", "https://m", "img", "Mac"),
        "os",
        "Linux, Windows",
    ),
    ("key type", lambda s: s.storage_accounts.regenerate_keys("store", "Tertiary"), "key_type", "Primary"),
    (
        "account type",
        lambda s: s.storage_accounts.create("store", None, "l", location="W", account_type="Gold"),
        "account_type",
        "Standard_LRS",
    ),
    # required fields
    (
        "package url",
        lambda s: s.deployments.create("svc", "staging", "v1", "", "l", "c"),
        "package_url",
        "required",
    ),
    (
        "configuration",
        lambda s: s.deployments.create("svc", "staging", "v1", "https://p", "l", ""),
        "configuration",
        "required",
    ),
    ("swap production", lambda s: s.deployments.swap("svc", "", "v2"), "production", "required"),
    ("media link", lambda s: s.os_images.add("l", "", "img", "Linux"), "media_link", "required"),
    ("service name", lambda s: s.hosted_services.get(""), "service_name", "required"),
    # extended properties
    (
        "ext name",
        lambda s: s.hosted_services.create("svc", "l", location="W", extended_properties={"1bad": "x"}),
        "extended_properties",
        "starting with a letter",
    ),
    (
        "ext value",
        lambda s: s.hosted_services.create("svc", "l", location="W", extended_properties={"ok": "v" * 256}),
        "extended_properties['ok']",
        "255",
    ),
    (
        "ext count",
        lambda s: s.storage_accounts.create(
            "store", None, "l", location="W", extended_properties={f"p{i}": "v" for i in range(51)}
        ),
        "extended_properties",
        "50",
    ),
    # path segments
    ("slash in service", lambda s: s.hosted_services.delete("a/b"), "service_name", "'/'"),
    ("slash in group", lambda s: s.affinity_groups.get("../x"), "affinity_group_name", "'/'"),
    ("slash in deployment", lambda s: s.deployments.get_by_name("svc", "v1/roles"), "deployment_name", "'/'"),
    ("question in image", lambda s: s.os_images.delete("img?comp=media"), "image_name", "'?'"),
    ("dotdot storage", lambda s: s.storage_accounts.get(".."), "service_name", "'/'"),
    ("slash in role", lambda s: s.virtual_machines.get_role("svc", "dep", "r/x"), "role_name", "'/'"),
    # virtual machines
    ("vm slot", lambda s: vm(s, deployment_slot="prod"), "deployment_slot", "production"),
    ("vm role type", lambda s: vm(s, role_type="WebRole"), "role_type", "PersistentVMRole"),
    ("vm no disk", lambda s: vm(s, os_virtual_hard_disk=None), "os_virtual_hard_disk", "OS disk"),
    (
        "vm empty disk",
        lambda s: vm(s, os_virtual_hard_disk=OSVirtualHardDisk()),
        "os_virtual_hard_disk",
        "source",
    ),
    (
        "vm short password",
        lambda s: vm(s, system_config=LinuxConfigurationSet("h", "u", "12345")),
        "system_config.user_password",
        "6-72",
    ),
    (
        "vm no user",
        lambda s: vm(s, system_config=LinuxConfigurationSet("h", "", "password1")),
        "system_config.user_name",
        "required",
    ),
    (
        "vm long computer name",
        lambda s: vm(s, system_config=WindowsConfigurationSet("a" * 16, "Passw0rd!")),
        "system_config.computer_name",
        "1-15",
    ),
    (
        "vm no admin password",
        lambda s: vm(s, system_config=WindowsConfigurationSet("pc")),
        "system_config.admin_password",
        "required",
    ),
    # wrong types: an InvalidInputError, never a TypeError, AttributeError or pydantic ValidationError
    ("label int", lambda s: s.hosted_services.create("svc", 5, location="W"), "label", "string"),
    (
        "description int",
        lambda s: s.hosted_services.create("svc", "l", 5, location="W"),
        "description",
        "string",
    ),
    ("location int", lambda s: s.hosted_services.create("svc", "l", location=5), "location", "string"),
    (
        "storage label int",
        lambda s: s.storage_accounts.create("abcd", None, 5, location="W"),
        "label",
        "string",
    ),
    (
        "extended properties not a mapping",
        lambda s: s.storage_accounts.create("abcd", None, "l", location="W", extended_properties=[1]),
        "extended_properties",
        "mapping",
    ),
    ("image label int", lambda s: s.os_images.add(5, "https://m/x.vhd", "n", "Linux"), "label", "string"),
    ("image media int", lambda s: s.os_images.add("l", 5, "n", "Linux"), "media_link", "string"),
    (
        "configuration int",
        lambda s: s.deployments.create("svc", "production", "dep", "https://p", "l", 5),
        "configuration",
        "string or bytes",
    ),
    ("vm label int", lambda s: vm(s, label=5), "label", "string"),
    (
        "vm os disk str",
        lambda s: vm(s, os_virtual_hard_disk="img"),
        "os_virtual_hard_disk",
        "OSVirtualHardDisk",
    ),
    (
        "vm os disk dict",
        lambda s: vm(s, os_virtual_hard_disk={"source_image_name": "img"}),
        "os_virtual_hard_disk",
        "OSVirtualHardDisk",
    ),
    ("vm network str", lambda s: vm(s, network_config="x"), "network_config", "ConfigurationSet"),
    (
        "vm network dict",
        lambda s: vm(s, network_config={"input_endpoints": []}),
        "network_config",
        "ConfigurationSet",
    ),
    (
        "vm data disks",
        lambda s: vm(s, data_virtual_hard_disks=[1]),
        "data_virtual_hard_disks",
        "DataVirtualHardDisk",
    ),
    ("vm role size int", lambda s: vm(s, role_size=5), "role_size", "string"),
    ("operation id int", lambda s: s.operations.get(5), "request_id", "string"),
    ("operation id path", lambda s: s.operations.get("../services/hostedservices"), "request_id", "'/'"),
    ("resume id int", lambda s: s.operations.resume(5).status(), "request_id", "string"),
]


@pytest.mark.parametrize(("name", "call", "field", "rule"), CASES, ids=[c[0] for c in CASES])
async def test_rule_raises_before_sending(
    session: ServiceManagementSession,
    mock: aioresponses,
    name: str,
    call: Callable[[S], Awaitable[Any]],
    field: str,
    rule: str,
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await call(session)
    assert info.value.field == field
    assert rule in info.value.rule
    assert str(info.value).startswith(f"{field}: ")
    assert isinstance(info.value, ValueError)
    assert total_requests(mock) == 0


async def test_validation_errors_do_not_echo_passwords(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    secret = "x" * 80  # too long, and a secret
    with pytest.raises(InvalidInputError) as info:
        await vm(session, system_config=LinuxConfigurationSet("h", "u", secret))
    assert secret not in str(info.value)
    assert total_requests(mock) == 0


# -- the rule functions themselves ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["abc", "a" * 24, "store123", "123"])
def test_storage_account_name_accepts(name: str) -> None:
    assert v.storage_account_name(name) == name


@pytest.mark.parametrize("name", ["a", "my-svc", "a1", "A" * 63, "x"])
def test_hosted_service_name_accepts(name: str) -> None:
    assert v.hosted_service_name(name) == name


def test_label_boundary() -> None:
    assert v.label("x" * 100) == "x" * 100
    with pytest.raises(InvalidInputError):
        v.label("x" * 101)


def test_description_boundary() -> None:
    assert v.description("d" * 1024) == "d" * 1024
    assert v.description(None) is None


def test_deployment_slot_keeps_spelling() -> None:
    assert v.deployment_slot("Production") == "Production"
    assert v.deployment_slot("STAGING") == "STAGING"


def test_extended_properties_stringified() -> None:
    assert v.extended_properties({"a_1": 5, "B": "x"}) == {"a_1": "5", "B": "x"}
    assert v.extended_properties(None) is None
    with pytest.raises(InvalidInputError):
        v.extended_properties({"a" * 65: "x"})


def test_decode_base64_and_encode_configuration() -> None:
    assert v.decode_base64("configuration", "aGk=") == b"hi"
    with pytest.raises(InvalidInputError) as info:
        v.decode_base64("configuration", "not base64!")
    assert info.value.field == "configuration"
    assert v.encode_configuration("hi") == "aGk="
    assert v.encode_configuration(b"hi") == "aGk="


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NUL", "a\x00b"),
        ("newline", "svc\n"),
        ("backslash", "a\\b"),
        ("percent-encoded slash", "a%2Fb"),
        ("5,000 characters", "a" * 5000),
        ("surrounding spaces", " mygroup"),
    ],
)
async def test_path_names_are_checked_by_their_rule(
    session: ServiceManagementSession, mock: aioresponses, name: str, value: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.affinity_groups.get(value)
    assert info.value.field == "affinity_group_name"
    assert total_requests(mock) == 0


@pytest.mark.parametrize("value", ["my_svc", "-svc", "a" * 64, "svc.example"])
async def test_hosted_service_names_in_paths_follow_the_dns_rule(
    session: ServiceManagementSession, mock: aioresponses, value: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.hosted_services.get(value)
    assert info.value.field == "service_name"
    assert total_requests(mock) == 0


async def test_availability_checks_send_any_segment_so_the_service_can_say_why(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    from conftest import doc, respond_xml, url

    respond_xml(
        mock,
        "GET",
        url("/services/storageservices/operations/isavailable/Bad_Name"),
        doc("AvailabilityResponse", "<Result>false</Result><Reason>invalid</Reason>"),
    )
    answer = await session.storage_accounts.check_name_availability("Bad_Name")
    assert answer.result is False and answer.reason == "invalid"
