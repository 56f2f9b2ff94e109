"""The ORIGINAL synchronous SDK (``azure-servicemanagement-legacy`` 0.20.8) against the emulator: upgrades
walked by domain, a rollback, and the role instance operations, with the requests the SDK really sends
(``<RoleInstances >`` with its trailing space, empty bodies for reboot, reimage and rebuild)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from azure.common import AzureConflictHttpError, AzureHttpError, AzureMissingResourceHttpError
from azure.servicemanagement import ServiceManagementService

from .conftest import cscfg
from .test_legacy_sdk import BackgroundEmulator, b64_cscfg, wait


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundEmulator]:
    background = BackgroundEmulator()
    with background:
        yield background


@pytest.fixture
def sms(server: BackgroundEmulator) -> Iterator[Any]:
    emu = server.emulator
    service = ServiceManagementService(
        emu.subscription_id, cert_file=str(emu.certificate_file), host=emu.endpoint.removeprefix("https://")
    )
    service.request_session.verify = str(emu.ca_file)
    service.request_session.trust_env = False
    yield service
    server.call(emu.reset)


def _deployment(sms: Any, count: int) -> None:
    wait(sms, sms.create_hosted_service("svc", "svc", "svc", "West US").request_id)
    result = sms.create_deployment("svc", "production", "v1", "https://p/v1", "v1", b64_cscfg(count), True)
    wait(sms, result.request_id)


def test_manual_upgrade_and_rollback(sms: Any) -> None:
    _deployment(sms, 2)
    result = sms.upgrade_deployment(
        "svc", "v1", "Manual", "https://p/v2", b64_cscfg(2), "v2", False, "WebRole1"
    )
    assert wait(sms, result.request_id).status == "Succeeded"
    deployment = sms.get_deployment_by_name("svc", "v1")
    status = deployment.upgrade_status
    # The SDK reads these integers as text.
    assert (status.upgrade_type, status.current_upgrade_domain_state, status.current_upgrade_domain) == (
        "Manual",
        "Before",
        "0",
    )
    assert deployment.rollback_allowed is True and deployment.label == "v2"
    with pytest.raises(AzureHttpError) as wrong:
        sms.walk_upgrade_domain("svc", "v1", 1)
    assert wrong.value.status_code == 400
    wait(sms, sms.walk_upgrade_domain("svc", "v1", 0).request_id)
    assert sms.get_deployment_by_name("svc", "v1").upgrade_status.current_upgrade_domain == "1"
    wait(sms, sms.rollback_update_or_upgrade("svc", "v1", "auto", True).request_id)
    deployment = sms.get_deployment_by_name("svc", "v1")
    assert (
        deployment.upgrade_status is None
        and deployment.configuration == cscfg(2)
        and deployment.label == "v1"
    )
    with pytest.raises(AzureConflictHttpError):
        sms.rollback_update_or_upgrade("svc", "v1", "Auto", True)


def test_role_instance_operations(sms: Any) -> None:
    _deployment(sms, 3)
    for call in (sms.reboot_role_instance, sms.reimage_role_instance, sms.rebuild_role_instance):
        assert wait(sms, call("svc", "v1", "WebRole1_IN_0").request_id).status == "Succeeded"
    with pytest.raises(AzureMissingResourceHttpError):
        sms.reboot_role_instance("svc", "v1", "WebRole1_IN_9")
    wait(sms, sms.delete_role_instances("svc", "v1", ["WebRole1_IN_0", "WebRole1_IN_2"]).request_id)
    instances = sms.get_deployment_by_name("svc", "v1").role_instance_list
    assert [(i.instance_name, i.instance_status) for i in instances] == [("WebRole1_IN_1", "ReadyRole")]
