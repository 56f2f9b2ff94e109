"""The VM role record's fields added for roles: their JSON round trip, and the extension sub-records
mirroring their models (a field added to the model would otherwise be dropped when stored)."""

from __future__ import annotations

import dataclasses

from aiosm.emulator.records import (
    DeploymentRecord,
    ExtensionParameterRecord,
    ResourceExtensionRecord,
    VMRoleRecord,
    decode,
)
from aiosm.emulator.views import role_model, vm_instances
from aiosm.models import ResourceExtensionParameterValue, ResourceExtensionReference


def test_extension_records_mirror_their_models() -> None:
    assert {f.name for f in dataclasses.fields(ResourceExtensionRecord)} == set(
        ResourceExtensionReference.model_fields
    )
    assert {f.name for f in dataclasses.fields(ExtensionParameterRecord)} == set(
        ResourceExtensionParameterValue.model_fields
    )


def _deployment(role: VMRoleRecord) -> DeploymentRecord:
    return DeploymentRecord(
        subscription="s",
        service="svc",
        name="dep",
        slot="Production",
        private_id="p",
        status="Running",
        label="l",
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
        vip="1.2.3.4",
        vm_roles=(role,),
    )


def test_a_stopped_vm_with_extensions_is_stored_and_answered_unchanged() -> None:
    role = VMRoleRecord(
        role_name="vm",
        role_size="Small",
        host_name="vm",
        vm_image_name="img",
        media_location="https://m/v",
        extensions=(
            ResourceExtensionRecord(
                reference_name="r",
                publisher="p",
                name="n",
                version="1.*",
                resource_extension_parameter_values=(
                    ExtensionParameterRecord(key="k", value="v", type="Public"),
                ),
                state="Enable",
            ),
        ),
        provision_guest_agent=True,
        power_state="Stopped",
    )
    record = _deployment(role)
    assert decode("deployment", record.to_json()) == record
    answered = role_model(role)
    (extension,) = answered.resource_extension_references or []
    assert (extension.reference_name, extension.state) == ("r", "Enable")
    assert [(p.key, p.value) for p in extension.resource_extension_parameter_values or []] == [("k", "v")]
    assert (answered.vm_image_name, answered.media_location, answered.provision_guest_agent) == (
        "img",
        "https://m/v",
        True,
    )
    (instance,) = vm_instances(record)
    assert (instance.instance_status, instance.power_state) == ("StoppedVM", "Stopped")


def test_a_role_stored_before_these_fields_follows_the_deployment() -> None:
    stored = _deployment(VMRoleRecord(role_name="vm", role_size="Small", host_name="vm")).to_json()
    assert set(stored["vm_roles"][0]) == {
        "role_name",
        "role_size",
        "host_name",
        "network",
        "data_disks",
        "availability_set_name",
        "vm_image_name",
    }
    record = decode("deployment", stored)
    assert isinstance(record, DeploymentRecord)
    (instance,) = vm_instances(record)
    assert (instance.instance_status, instance.power_state) == ("ReadyRole", "Started")
    assert role_model(record.vm_roles[0]).resource_extension_references is None
