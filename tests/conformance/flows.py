"""Steps several recordings share: the legacy tests' hosted-service set-up, and waiting on
an accepted (202) request while replaying the recorded status polls."""

from __future__ import annotations

import base64
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

    The service answers 201 Created, so ``op.wait()`` makes no request; the legacy tests then
    polled the request id anyway (``_wait_for_async``): those recorded polls are replayed as
    explicit ``operations.get`` calls, each checked against its recorded answer.
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
    await replay_status_polls(recording, replayer, session, index)
    return name


async def replay_status_polls(
    recording: Recording, replayer: Replayer, session: ServiceManagementSession, index: int
) -> list[Operation]:
    """The legacy tests' explicit polls of the request answered at ``index`` (as
    ``get_operation_status`` calls), each parsed and checked against its recorded answer."""
    request_id = recording[index].request_id
    assert request_id is not None
    results = []
    for poll in recording.polls_of(request_id, index + 1):
        replayer.serve(poll)
        status = await session.operations.get(request_id)
        root = ET.fromstring(recording[poll].response_body.encode("utf-8"))
        assert status.id == _txt(root, "ID") and status.status.value == _txt(root, "Status")
        results.append(status)
    return results


def is_certificate_upload(recording: Recording, index: int) -> bool:
    item = recording[index] if index < len(recording.interactions) else None
    return item is not None and item.method == "POST" and item.url.path.endswith("/certificates")


async def upload_recorded_certificate(
    recording: Recording, replayer: Replayer, session: ServiceManagementSession, service: str, index: int = 2
) -> None:
    """The legacy tests' ``add_service_certificate(service, data, 'pfx', 'Python')`` at ``index``, sent
    as recorded (the base64 text, format and password of its ``CertificateFile``), then its polls."""
    assert is_certificate_upload(recording, index)
    body = recording[index].request_body
    assert body is not None
    root = ET.fromstring(body.encode("utf-8"))
    data, fmt, password = (
        root.findtext(f"{NS}{name}") or "" for name in ("Data", "CertificateFormat", "Password")
    )
    replayer.serve(index)
    op = await session.certificates.add(service, data, fmt, password)
    await wait_replaying_polls(op, recording, replayer, index)


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


def _el(parent: ET.Element, name: str) -> ET.Element | None:
    return parent.find(f"{NS}{name}")


def _txt(parent: ET.Element, name: str) -> str:
    return parent.findtext(f"{NS}{name}") or ""


def check_deployment_against_xml(deployment: Any, body: str | ET.Element) -> None:
    """Compare a parsed Deployment with the recorded XML read independently (ElementTree)."""
    root = ET.fromstring(body.encode("utf-8")) if isinstance(body, str) else body
    assert deployment.name == _txt(root, "Name")
    assert str(deployment.deployment_slot) == _txt(root, "DeploymentSlot")
    assert deployment.private_id == _txt(root, "PrivateID")
    assert deployment.status == _txt(root, "Status")
    assert deployment.url == _txt(root, "Url")
    assert deployment.label == base64.b64decode(_txt(root, "Label")).decode("utf-8")
    assert deployment.configuration == base64.b64decode(_txt(root, "Configuration")).decode("utf-8")
    assert deployment.locked is (_txt(root, "Locked") == "true")
    assert deployment.rollback_allowed is (_txt(root, "RollbackAllowed") == "true")
    instances = root.findall(f"{NS}RoleInstanceList/{NS}RoleInstance")
    assert len(deployment.role_instance_list) == len(instances) > 0
    for parsed, xml in zip(deployment.role_instance_list, instances, strict=True):
        assert parsed.role_name == _txt(xml, "RoleName")
        assert parsed.instance_name == _txt(xml, "InstanceName")
        assert parsed.instance_status == _txt(xml, "InstanceStatus")
        assert parsed.instance_size == _txt(xml, "InstanceSize")
        assert parsed.ip_address == _txt(xml, "IpAddress")
        assert parsed.power_state == _txt(xml, "PowerState")
        assert parsed.host_name == _txt(xml, "HostName")
        endpoints = xml.findall(f"{NS}InstanceEndpoints/{NS}InstanceEndpoint")
        assert [
            (e.name, e.vip, e.public_port, e.local_port, e.protocol) for e in parsed.instance_endpoints
        ] == [
            (
                _txt(e, "Name"),
                _txt(e, "Vip"),
                int(_txt(e, "PublicPort")),
                int(_txt(e, "LocalPort")),
                _txt(e, "Protocol"),
            )
            for e in endpoints
        ]
    roles = root.findall(f"{NS}RoleList/{NS}Role")
    assert [r.role_name for r in deployment.role_list] == [_txt(r, "RoleName") for r in roles]
    for parsed_role, xml_role in zip(deployment.role_list, roles, strict=True):
        check_role_against_xml(parsed_role, xml_role)
    vips = root.findall(f"{NS}VirtualIPs/{NS}VirtualIP")
    assert [(v.address, v.name) for v in deployment.virtual_ips] == [
        (_txt(v, "Address"), _txt(v, "Name")) for v in vips
    ]
    assert deployment.internal_dns_suffix == _txt(root, "InternalDnsSuffix")
    created = _txt(root, "CreatedTime")
    assert deployment.created_time is not None
    assert deployment.created_time.strftime("%Y-%m-%dT%H:%M:%SZ") == created
    modified = _txt(root, "LastModifiedTime")
    assert deployment.last_modified_time is not None
    assert deployment.last_modified_time.strftime("%Y-%m-%dT%H:%M:%SZ") == modified
    props = root.findall(f"{NS}ExtendedProperties/{NS}ExtendedProperty")
    assert deployment.extended_properties == {_txt(p, "Name"): _txt(p, "Value") for p in props}


def check_role_against_xml(role: Any, xml: ET.Element | str) -> None:
    """Compare a parsed Role (Get Role, or an item of a deployment's RoleList) with its XML."""
    if isinstance(xml, str):
        xml = ET.fromstring(xml.encode("utf-8"))
    assert role.role_name == _txt(xml, "RoleName")
    assert role.role_type == _txt(xml, "RoleType")
    assert role.os_version == _txt(xml, "OsVersion")
    assert role.role_size == _txt(xml, "RoleSize")
    assert role.default_win_rm_certificate_thumbprint == _txt(xml, "DefaultWinRmCertificateThumbprint")
    sets = xml.findall(f"{NS}ConfigurationSets/{NS}ConfigurationSet")
    assert [s.configuration_set_type for s in role.configuration_sets] == [
        _txt(s, "ConfigurationSetType") for s in sets
    ]
    for parsed, xml_set in zip(role.configuration_sets, sets, strict=True):
        endpoints = xml_set.findall(f"{NS}InputEndpoints/{NS}InputEndpoint")
        parsed_endpoints = parsed.input_endpoints or []
        assert [(e.name, e.port, e.local_port, e.protocol, e.vip) for e in parsed_endpoints] == [
            (
                _txt(e, "Name"),
                int(_txt(e, "Port")),
                int(_txt(e, "LocalPort")),
                _txt(e, "Protocol"),
                _txt(e, "Vip") or None,
            )
            for e in endpoints
        ]
        assert [e.enable_direct_server_return for e in parsed_endpoints] == [
            _txt(e, "EnableDirectServerReturn") == "true" for e in endpoints
        ]
        assert [e.idle_timeout_in_minutes for e in parsed_endpoints] == [
            int(_txt(e, "IdleTimeoutInMinutes")) for e in endpoints
        ]
    disk = _el(xml, "OSVirtualHardDisk")
    if disk is None:
        assert role.os_virtual_hard_disk is None
    else:
        parsed_disk = role.os_virtual_hard_disk
        assert parsed_disk is not None
        for field, element in [
            ("host_caching", "HostCaching"),
            ("disk_label", "DiskLabel"),
            ("disk_name", "DiskName"),
            ("media_link", "MediaLink"),
            ("source_image_name", "SourceImageName"),
            ("os", "OS"),
            ("remote_source_image_link", "RemoteSourceImageLink"),
            ("io_type", "IOType"),
        ]:
            assert getattr(parsed_disk, field) == (disk.findtext(f"{NS}{element}")), field
