"""Steps several recordings share: the legacy tests' hosted-service set-up, and waiting on
an accepted (202) request while replaying the recorded status polls."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from aiosm import ServiceManagementSession
from aiosm.models import Operation, OperationStatus
from aiosm.operations import AsyncOperation

from .replay import Recording, Replayer

NS = "{http://schemas.microsoft.com/windowsazure}"


def recorded_extended_properties(body: str) -> dict[str, Any]:
    """The legacy tests' ``{'ext1': 'val1', 'ext2': 42}`` in the order the recording sent it
    (the legacy SDK iterated a dict; the order carries no meaning, but the body compare checks it)."""
    root = ET.fromstring(body.encode("utf-8"))
    result: dict[str, Any] = {}
    for prop in root.iter(f"{NS}ExtendedProperty"):
        name = prop.findtext(f"{NS}Name") or ""
        value = prop.findtext(f"{NS}Value") or ""
        result[name] = int(value) if value.isdigit() else value
    return result


def recorded_service_name(body: str) -> str:
    name = ET.fromstring(body.encode("utf-8")).findtext(f"{NS}ServiceName")
    assert name
    return name


async def create_hosted_service(
    recording: Recording, replayer: Replayer, session: ServiceManagementSession, index: int = 0
) -> str:
    """``create_hosted_service(name, name+'label', name+'description', 'West US', None, ext)``.

    The service answers 201 Created, so aiosm treats the request as complete and does not
    poll (the legacy SDK polled anyway; those recorded polls are not replayed).
    """
    item = recording[index]
    assert item.method == "POST" and item.url.path.endswith("/services/hostedservices")
    assert item.request_body is not None
    name = recorded_service_name(item.request_body)
    body = ET.fromstring(item.request_body.encode("utf-8"))
    affinity_group = body.findtext(f"{NS}AffinityGroup")
    replayer.serve(index)
    op = await session.hosted_services.create(
        name,
        name + "label",
        name + "description",
        None if affinity_group else "West US",
        affinity_group,
        recorded_extended_properties(item.request_body),
    )
    assert op.http_status == 201
    assert op.request_id == item.request_id
    result = await op.wait(poll_interval=0)  # complete already: no request is made
    assert result.status is OperationStatus.SUCCEEDED
    return name


async def wait_replaying_polls(
    op: AsyncOperation, recording: Recording, replayer: Replayer, accepted_index: int
) -> Operation:
    """Wait on a 202 answer, serving the recorded ``GET /operations/<id>`` polls that follow it.

    Every recorded poll is answered and the final one is Succeeded, so the client must make
    exactly as many polls as the legacy SDK did.
    """
    accepted = recording[accepted_index]
    assert accepted.status == 202 and op.http_status == 202
    assert accepted.request_id is not None
    assert op.request_id == accepted.request_id
    polls = recording.polls_of(accepted.request_id, accepted_index + 1)
    assert polls, "the recording has no status polls after this request"
    assert "<Status>Succeeded</Status>" in recording[polls[-1]].response_body
    in_progress = sum("<Status>InProgress</Status>" in recording[i].response_body for i in polls)
    assert in_progress == len(polls) - 1
    replayer.serve(*polls)
    result = await op.wait(poll_interval=0)
    assert result.status is OperationStatus.SUCCEEDED
    assert result.request_id == accepted.request_id
    assert result.http_status_code == 200
    assert op.result is result
    return result
