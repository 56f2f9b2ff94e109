"""session.role_instances: reboot, reimage, rebuild, delete, and wait_until_ready (mocked HTTP)."""

from __future__ import annotations

import ssl

import pytest
from aioresponses import aioresponses
from conftest import (
    FAST_RETRY,
    RID,
    SUB,
    accept,
    assert_mutation_headers,
    body_xml,
    doc,
    make_session,
    only_request,
    respond_xml,
    total_requests,
    url,
)

from aiosm import (
    InvalidInputError,
    NotFoundError,
    PollPolicy,
    RoleInstancesNotReadyError,
    ServiceManagementService,
    ServiceManagementSession,
)

DEP = "/services/hostedservices/mysvc/deployments/v1"


def _deployment(*statuses: tuple[str, str, str]) -> str:
    instances = "".join(
        f"<RoleInstance><RoleName>{role}</RoleName><InstanceName>{name}</InstanceName>"
        f"<InstanceStatus>{status}</InstanceStatus></RoleInstance>"
        for role, name, status in statuses
    )
    return doc("Deployment", f"<Name>v1</Name><RoleInstanceList>{instances}</RoleInstanceList>")


@pytest.mark.parametrize(
    ("verb", "query"),
    [
        ("reboot", {"comp": "reboot"}),
        ("reimage", {"comp": "reimage"}),
        ("rebuild", {"comp": "rebuild", "resources": "allLocalDrives"}),
    ],
)
async def test_instance_operations(
    session: ServiceManagementSession, mock: aioresponses, verb: str, query: dict[str, str]
) -> None:
    target = url(f"{DEP}/roleinstances/web_IN_0", **query)
    accept(mock, "POST", target)
    op = await getattr(session.role_instances, verb)("mysvc", "v1", "web_IN_0")
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert kwargs["params"] == query
    assert kwargs["data"] == b""
    assert_mutation_headers(kwargs)
    assert op.request_id == RID


async def test_delete_role_instances(session: ServiceManagementSession, mock: aioresponses) -> None:
    target = url(f"{DEP}/roleinstances/", comp="delete")
    accept(mock, "POST", target)
    op = await session.role_instances.delete("mysvc", "v1", ["web_IN_1", "web_IN_2"])
    method, sent_url, kwargs = only_request(mock)
    assert (method, sent_url) == ("POST", target)
    assert str(sent_url).endswith("/roleinstances/?comp=delete")
    assert kwargs["data"] == body_xml("RoleInstances", "<Name>web_IN_1</Name><Name>web_IN_2</Name>")
    assert op.request_id == RID


@pytest.mark.parametrize("names", [[], "web_IN_0", [None], ["web_IN_0", 3]])
async def test_delete_needs_a_list_of_names(
    session: ServiceManagementSession, mock: aioresponses, names: object
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.role_instances.delete("mysvc", "v1", names)  # type: ignore[arg-type]
    assert info.value.field == "role_instance_names"
    assert total_requests(mock) == 0


async def test_instance_name_cannot_steer_the_url(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await session.role_instances.reboot("mysvc", "v1", "web_IN_0?comp=delete")
    assert info.value.field == "role_instance_name"
    assert total_requests(mock) == 0


async def test_wait_until_ready_polls_until_every_instance_is_ready(
    session: ServiceManagementSession, mock: aioresponses, sleeps: list[float]
) -> None:
    target = url(DEP)
    respond_xml(
        mock,
        "GET",
        target,
        _deployment(("web", "web_IN_0", "RoleStateUnknown"), ("web", "web_IN_1", "ReadyRole")),
    )
    mock.get(target, status=503, body=doc("Error", "<Code>ServerBusy</Code><Message>busy</Message>"))
    respond_xml(
        mock, "GET", target, _deployment(("web", "web_IN_0", "BusyRole"), ("web", "web_IN_1", "ReadyRole"))
    )
    respond_xml(
        mock, "GET", target, _deployment(("web", "web_IN_0", "ReadyRole"), ("web", "web_IN_1", "ReadyRole"))
    )
    ready = await session.role_instances.wait_until_ready("mysvc", "v1")
    assert [i.instance_name for i in ready] == ["web_IN_0", "web_IN_1"]
    assert total_requests(mock) == 4


async def test_wait_until_ready_spreads_its_polls(mock: aioresponses, sleeps: list[float]) -> None:
    respond_xml(mock, "GET", url(DEP), _deployment(("web", "web_IN_0", "BusyRole")))
    respond_xml(mock, "GET", url(DEP), _deployment(("web", "web_IN_0", "BusyRole")))
    respond_xml(mock, "GET", url(DEP), _deployment(("web", "web_IN_0", "ReadyRole")))
    session = make_session(
        poll=PollPolicy(initial=2.0, multiplier=2.0, maximum=10.0, jitter=0.25, timeout=None)
    )
    try:
        await session.role_instances.wait_until_ready("mysvc", "v1")
    finally:
        await session.close()
    first, second = sleeps
    assert 1.5 <= first <= 2.5 and 3.0 <= second <= 5.0  # the policy's growing, jittered intervals


async def test_wait_until_ready_times_out_with_the_last_statuses(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(
        mock, "GET", url(DEP), _deployment(("web", "web_IN_0", "BusyRole"), ("worker", "w_IN_0", "ReadyRole"))
    )
    with pytest.raises(RoleInstancesNotReadyError) as info:
        await session.role_instances.wait_until_ready("mysvc", "v1", timeout=0)
    assert info.value.last_statuses == {"web_IN_0": "BusyRole", "w_IN_0": "ReadyRole"}
    assert info.value.timeout == 0


async def test_wait_until_ready_for_one_role_and_a_named_status(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    respond_xml(
        mock, "GET", url(DEP), _deployment(("web", "web_IN_0", "StoppedVM"), ("worker", "w_IN_0", "BusyRole"))
    )
    [instance] = await session.role_instances.wait_until_ready("mysvc", "v1", "StoppedVM", role_name="web")
    assert instance.instance_name == "web_IN_0"


async def test_wait_until_ready_stops_on_a_permanent_error(
    session: ServiceManagementSession, mock: aioresponses
) -> None:
    mock.get(
        url(DEP),
        status=404,
        body=doc("Error", "<Code>ResourceNotFound</Code><Message>No deployments were found.</Message>"),
    )
    with pytest.raises(NotFoundError):
        await session.role_instances.wait_until_ready("mysvc", "v1")
    assert total_requests(mock) == 1


@pytest.mark.parametrize(
    "arguments",
    [{"status": ""}, {"timeout": -1}, {"timeout": True}, {"deployment_name": "a/b"}],
)
async def test_wait_until_ready_checks_its_arguments(
    session: ServiceManagementSession, mock: aioresponses, arguments: dict[str, object]
) -> None:
    values: dict[str, object] = {"service_name": "mysvc", "deployment_name": "v1", **arguments}
    with pytest.raises(InvalidInputError):
        await session.role_instances.wait_until_ready(**values)  # type: ignore[arg-type]
    assert total_requests(mock) == 0


async def test_legacy_names(mock: aioresponses) -> None:
    accept(mock, "POST", url(f"{DEP}/roleinstances/web_IN_0", comp="reboot"))
    accept(mock, "POST", url(f"{DEP}/roleinstances/", comp="delete"))
    async with ServiceManagementService(SUB, ssl.create_default_context(), retry=FAST_RETRY) as sms:
        assert (await sms.reboot_role_instance("mysvc", "v1", "web_IN_0")).request_id == RID
        assert (await sms.delete_role_instances("mysvc", "v1", ["web_IN_0"])).request_id == RID
