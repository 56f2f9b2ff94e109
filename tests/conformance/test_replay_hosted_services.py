"""Hosted services: create, list, get (with and without embed-detail), update, name check."""

from __future__ import annotations

import base64
import contextlib
import ssl
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest
from aioresponses import aioresponses

from aiosm import PollPolicy, RetryPolicy
from aiosm.compat import ServiceManagementService
from aiosm.models import HostedService

from .flows import create_hosted_service, is_certificate_upload, upload_recorded_certificate
from .replay import SUBSCRIPTION, Recording, Replayer, all_recording_names, load, replaying

# Every recording whose first request is the legacy tests' create_hosted_service set-up.
CREATE_SETUPS = [
    name
    for name in all_recording_names()
    if load(name).interactions
    and load(name)[0].method == "POST"
    and load(name)[0].url.path.endswith("/services/hostedservices")
    and load(name).test != "test_perform_post"
]


def test_create_setups_found() -> None:
    assert len(CREATE_SETUPS) >= 15


@pytest.mark.parametrize("name", CREATE_SETUPS)
async def test_create_hosted_service(name: str) -> None:
    async with replaying(name) as (recording, replayer, session):
        service = await create_hosted_service(recording, replayer, session)
        assert service.startswith("utsvc")
        if is_certificate_upload(recording, 2):  # the VM tests' next step: their PFX on the service
            await upload_recorded_certificate(recording, replayer, session, service)


async def test_list_hosted_services() -> None:
    async with replaying("test_legacy_mgmt_misc.test_list_hosted_services") as (rec, replayer, session):
        name = await create_hosted_service(rec, replayer, session)
        replayer.serve(2)
        services = await session.hosted_services.list()
    assert len(services) == 12
    (mine,) = [s for s in services if s.service_name == name]
    assert mine.url == f"https://management.core.windows.net/{SUBSCRIPTION}/services/hostedservices/{name}"
    props = mine.hosted_service_properties
    assert props.label == name + "label"
    assert props.description == name + "description"
    assert props.location == "West US"
    assert props.affinity_group == ""
    assert props.status == "Created"
    assert props.date_created == datetime(2015, 7, 2, 2, 0, 41, tzinfo=timezone.utc)
    assert props.date_last_modified == datetime(2015, 7, 2, 2, 0, 43, tzinfo=timezone.utc)
    assert props.extended_properties == {"ext1": "val1", "ext2": "42"}
    assert mine.deployments == []
    assert services[0].service_name == "crwcent"


async def test_check_hosted_service_name_availability() -> None:
    name = "test_legacy_mgmt_misc.test_check_hosted_service_name_availability_available"
    async with replaying(name) as (_rec, replayer, session):
        replayer.serve(0)
        answer = await session.hosted_services.check_name_availability("utsvc8b751e8f")
    assert answer.result is True
    assert answer.reason == ""  # recorded as <Reason i:nil="true"/>


@contextlib.asynccontextmanager
async def legacy_replaying(name: str) -> AsyncIterator[tuple[Recording, Replayer, ServiceManagementService]]:
    """Mock HTTP with the recording ``name`` for the legacy facade; verify what was sent on exit."""
    recording = load(name)
    with aioresponses() as mock:
        replayer = Replayer(recording, mock)
        async with ServiceManagementService(
            SUBSCRIPTION,
            ssl.create_default_context(),
            retry=RetryPolicy.none(),
            poll=PollPolicy(initial=0.0, jitter=0.0, timeout=10.0),
        ) as sms:
            yield recording, replayer, sms
        replayer.verify()


async def test_perform_post() -> None:
    """The legacy test's raw pass-through: perform_post of a hand-written, indented
    CreateHostedService with an XML declaration, then its explicit status poll, then the
    service's properties."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CreateHostedService xmlns="http://schemas.microsoft.com/windowsazure">\n'
        "  <ServiceName>utsvc40fd1021</ServiceName>\n"
        f"  <Label>{base64.b64encode(b'utsvc40fd1021label').decode()}</Label>\n"
        "  <Description>mydescription</Description>\n"
        "  <Location>West US</Location>\n"
        "</CreateHostedService>"
    )
    async with legacy_replaying("test_legacy_mgmt_misc.test_perform_post") as (rec, replayer, sms):
        replayer.serve(0)
        op = await sms.perform_post(f"/{SUBSCRIPTION}/services/hostedservices", body)
        assert op.http_status == 201 and op.request_id == rec[0].request_id
        replayer.serve(1)
        status = await sms.wait_for_operation_status(op.request_id, sleep_interval=0)
        assert status.succeeded and status.request_id == rec[0].request_id
        replayer.serve(2)
        service = await sms.get_hosted_service_properties("utsvc40fd1021")
    assert service.service_name == "utsvc40fd1021"
    assert service.hosted_service_properties.label == "utsvc40fd1021label"
    assert service.hosted_service_properties.description == "mydescription"
    assert service.hosted_service_properties.extended_properties == {}
    assert service.deployments == []


async def test_perform_put() -> None:
    """create_hosted_service, then perform_put of a hand-written UpdateHostedService (200 OK),
    the legacy test's status polls, and the service with its new label."""
    async with legacy_replaying("test_legacy_mgmt_misc.test_perform_put") as (rec, replayer, sms):
        name = await create_hosted_service(rec, replayer, sms.session)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<UpdateHostedService xmlns="http://schemas.microsoft.com/windowsazure">\n'
            f"  <Label>{base64.b64encode((name + 'new').encode()).decode()}</Label>\n"
            "</UpdateHostedService>"
        )
        replayer.serve(2)
        op = await sms.perform_put(f"/{SUBSCRIPTION}/services/hostedservices/{name}", body)
        # 200 OK: complete at once; the legacy test polled it anyway (interaction 3).
        assert op.http_status == 200 and op.request_id == rec[2].request_id
        replayer.serve(3)
        status = await sms.wait_for_operation_status(op.request_id, sleep_interval=0)
        assert status.succeeded
        replayer.serve(4)
        response = await sms.perform_get(f"/{SUBSCRIPTION}/services/hostedservices/{name}?embed-detail=false")
    service = response.parse(HostedService)
    props = service.hosted_service_properties
    assert response.status == 200 and response.request_id == rec[4].request_id
    assert props.label == name + "new"
    assert props.description == name + "description"
    assert props.extended_properties == {"ext1": "val1", "ext2": "42"}


async def test_perform_put_update_hosted_service_label() -> None:
    """The same recording through the typed client (update, not the raw pass-through)."""
    async with replaying("test_legacy_mgmt_misc.test_perform_put") as (rec, replayer, session):
        name = await create_hosted_service(rec, replayer, session)
        replayer.serve(2)
        op = await session.hosted_services.update(name, label=name + "new")
        assert op.http_status == 200 and op.request_id == rec[2].request_id
        assert (await op.wait(poll_interval=0)).succeeded
        replayer.serve(4)
        service = await session.hosted_services.get(name, embed_detail=False)
    props = service.hosted_service_properties
    assert props.label == name + "new"


async def test_list_hosted_services_through_legacy_facade() -> None:
    rec = load("test_legacy_mgmt_misc.test_list_hosted_services")
    with aioresponses() as mock:
        replayer = Replayer(rec, mock)
        async with ServiceManagementService(
            SUBSCRIPTION, ssl.create_default_context(), retry=RetryPolicy.none()
        ) as sms:
            replayer.serve(0)
            op = await sms.create_hosted_service(
                "utsvcd0591366",
                "utsvcd0591366label",
                "utsvcd0591366description",
                "West US",
                None,
                {"ext1": "val1", "ext2": 42},
            )
            assert op.request_id == rec[0].request_id
            replayer.serve(2)
            services = await sms.list_hosted_services()
        replayer.verify()
    assert "utsvcd0591366" in [s.service_name for s in services]
