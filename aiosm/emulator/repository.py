"""Queries several emulator families share, over the state and its typed records.

Depends only on :mod:`.state` and :mod:`.records` (no request, no answer, no
family module), so the families (hosted services, deployments, virtual
machines, storage accounts, affinity groups, OS images) import this module and
never each other. A lookup returns ``None`` (or ``False``); turning that into an
ASM error answer is the caller's business (see :mod:`.lookups`).

Layers::

    records  <-  state  <-  repository  <-  lookups, views  <-  family handler modules
"""

from __future__ import annotations

from dataclasses import replace

from .records import (
    AffinityGroupRecord,
    DeploymentRecord,
    HostedServiceRecord,
    ImageRecord,
    OperationRecord,
    ServiceCertificateRecord,
    StorageAccountRecord,
    affinity_group_key,
    deployment_key,
    hosted_service_key,
    image_key,
)
from .state import State

__all__ = [
    "PLATFORM_IMAGES",
    "SLOTS",
    "affinity_group",
    "deployment_in_slot",
    "deployment_named",
    "deployments_of",
    "find_image",
    "group_hosted_services",
    "group_storage_accounts",
    "hosted_service",
    "hosted_service_name_taken",
    "service_certificates",
    "service_lock",
    "settled",
    "slot_taken",
    "storage_account",
    "storage_name_taken",
]

SLOTS = ("Production", "Staging")
"""The deployment slots of a hosted service, production first."""


# -- hosted services ---------------------------------------------------------------------------


def hosted_service(state: State, subscription: str, name: str) -> HostedServiceRecord | None:
    """The hosted service ``name`` if it belongs to ``subscription``."""
    record = state.get(HostedServiceRecord, hosted_service_key(name))
    return record if record is not None and record.subscription == subscription else None


def hosted_service_name_taken(state: State, name: str) -> bool:
    """Whether a hosted service ``name`` exists or is being created (in any subscription)."""
    key = hosted_service_key(name)
    return state.get(HostedServiceRecord, key) is not None or state.pending_put(HostedServiceRecord, key)


def service_lock(service_name: str) -> str:
    """The lock every deployment mutation of a service takes (Azure's exclusive access): the key the
    operation table declares (``cloud_service:{service_name}``)."""
    return f"cloud_service:{service_name.lower()}"


def service_certificates(state: State, service_name: str) -> list[ServiceCertificateRecord]:
    """The certificates of a hosted service, by thumbprint."""
    name = service_name.lower()
    found = [r for r in state.values(ServiceCertificateRecord) if r.service.lower() == name]
    return sorted(found, key=lambda r: (r.algorithm, r.thumbprint))


# -- deployments -------------------------------------------------------------------------------


def deployment_in_slot(state: State, service_name: str, slot: str) -> DeploymentRecord | None:
    """The deployment in ``slot`` (``Production`` or ``Staging``) of a service, if any."""
    return state.get(DeploymentRecord, deployment_key(service_name, slot))


def deployments_of(state: State, service_name: str) -> list[DeploymentRecord]:
    """The service's deployments, production first."""
    found = [state.get(DeploymentRecord, deployment_key(service_name, slot)) for slot in SLOTS]
    return [d for d in found if d is not None]


def deployment_named(state: State, service_name: str, name: str) -> DeploymentRecord | None:
    """The service's deployment called ``name`` (case-sensitive, as Azure), if any."""
    for record in deployments_of(state, service_name):
        if record.name == name:
            return record
    return None


def _running(state: State, request_id: str) -> bool:
    op = state.get(OperationRecord, request_id)
    return op is not None and op.in_progress


def settled(state: State, record: DeploymentRecord) -> DeploymentRecord:
    """The deployment without the marks of operations that are over (one that failed leaves its
    marks): instance statuses, and an upgrade domain walk; an automatic upgrade that did not end
    is no longer in progress."""
    statuses = tuple(s for s in record.instance_statuses if _running(state, s.operation))
    upgrade = record.upgrade
    if upgrade is not None and upgrade.walking and not _running(state, upgrade.walking):
        upgrade = replace(upgrade, walking="") if upgrade.upgrade_type == "Manual" else None
    if statuses == record.instance_statuses and upgrade is record.upgrade:
        return record
    return replace(record, instance_statuses=statuses, upgrade=upgrade)


def slot_taken(state: State, service_name: str, slot: str) -> bool:
    """Whether ``slot`` of the service holds a deployment or one is being created there."""
    key = deployment_key(service_name, slot)
    return state.get(DeploymentRecord, key) is not None or state.pending_put(DeploymentRecord, key)


# -- storage accounts --------------------------------------------------------------------------


def storage_account(state: State, subscription: str, name: str) -> StorageAccountRecord | None:
    """The storage account ``name`` if it belongs to ``subscription``."""
    record = state.get(StorageAccountRecord, name)
    return record if record is not None and record.subscription == subscription else None


def storage_name_taken(state: State, name: str) -> bool:
    """Whether a storage account ``name`` exists or is being created (in any subscription)."""
    return state.get(StorageAccountRecord, name) is not None or state.pending_put(StorageAccountRecord, name)


# -- affinity groups ---------------------------------------------------------------------------


def affinity_group(state: State, subscription: str, name: str) -> AffinityGroupRecord | None:
    """The subscription's affinity group ``name`` (case-insensitive), if any."""
    return state.get(AffinityGroupRecord, affinity_group_key(subscription, name))


def _in_group(record: HostedServiceRecord | StorageAccountRecord, subscription: str, name: str) -> bool:
    return record.subscription == subscription and record.affinity_group.lower() == name


def group_hosted_services(state: State, subscription: str, group_name: str) -> list[HostedServiceRecord]:
    """The hosted services in the affinity group, including those being created."""
    name = group_name.lower()
    records = [*state.values(HostedServiceRecord), *state.pending_puts(HostedServiceRecord)]
    return [r for r in records if _in_group(r, subscription, name)]


def group_storage_accounts(state: State, subscription: str, group_name: str) -> list[StorageAccountRecord]:
    """The storage accounts in the affinity group, including those being created."""
    name = group_name.lower()
    records = [*state.values(StorageAccountRecord), *state.pending_puts(StorageAccountRecord)]
    return [r for r in records if _in_group(r, subscription, name)]


# -- OS images ---------------------------------------------------------------------------------

PLATFORM_IMAGES: tuple[ImageRecord, ...] = (
    ImageRecord(
        subscription="",
        name="OpenLogic__OpenLogic-CentOS-62-20120531-en-us-30GB.vhd",
        label="OpenLogic CentOS 6.2",
        os="Linux",
        description="This distribution of Linux is based on CentOS 6.2, provided by OpenLogic.",
        image_family="OpenLogic 6.2",
        publisher="OpenLogic",
        size=30,
        published="2012-05-31T00:00:00Z",
        recommended_size="Small",
    ),
    ImageRecord(
        subscription="",
        name="b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_2-LTS-amd64-server-20150506-en-us-30GB",
        label="Ubuntu Server 14.04.2 LTS",
        os="Linux",
        description="Ubuntu Server 14.04.2 LTS (amd64 20150506).",
        image_family="Ubuntu Server 14.04 LTS",
        publisher="Canonical",
        size=30,
        published="2015-05-06T00:00:00Z",
        recommended_size="Small",
    ),
    ImageRecord(
        subscription="",
        name="a699494373c04fc0bc8f2bb1389d6106__Windows-Server-2012-R2-201505.01-en.us-127GB.vhd",
        label="Windows Server 2012 R2 Datacenter, May 2015",
        os="Windows",
        description="At the heart of the Microsoft Cloud OS vision, Windows Server 2012 R2 brings "
        "Microsoft's experience delivering global-scale cloud services into your infrastructure.",
        image_family="Windows Server 2012 R2 Datacenter",
        publisher="Microsoft Windows Server Group",
        size=128,
        published="2015-05-15T07:00:00Z",
        recommended_size="Medium",
    ),
)
"""The built-in platform images every subscription sees."""
_PLATFORM = {image.name.lower(): image for image in PLATFORM_IMAGES}


def find_image(state: State, subscription: str, name: str) -> tuple[ImageRecord, bool] | None:
    """(record, is_platform) of an image visible to the subscription, or ``None``."""
    platform = _PLATFORM.get(name.lower())
    if platform is not None:
        return platform, True
    record = state.get(ImageRecord, image_key(subscription, name))
    return (record, False) if record is not None else None
