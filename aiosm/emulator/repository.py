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

from dataclasses import dataclass, replace
from dataclasses import replace as dataclass_replace
from urllib.parse import urlsplit

from .records import (
    AffinityGroupRecord,
    DataDiskRecord,
    DeploymentRecord,
    DiskRecord,
    HostedServiceRecord,
    ImageRecord,
    OperationRecord,
    Record,
    Ref,
    ReservedIPRecord,
    ServiceCertificateRecord,
    StorageAccountRecord,
    VirtualNetworkRecord,
    VMImageDiskRecord,
    VMImageRecord,
    VMRoleRecord,
    affinity_group_key,
    deployment_key,
    disk_key,
    hosted_service_key,
    image_key,
    named_data_disks,
)
from .state import State

__all__ = [
    "PLATFORM_IMAGES",
    "PLATFORM_VM_IMAGES",
    "SLOTS",
    "AttachedDisk",
    "DiskLease",
    "affinity_group",
    "attached_disks",
    "deployment_in_slot",
    "deployment_named",
    "deployments_of",
    "disk_named",
    "find_image",
    "find_vm_image",
    "group_hosted_services",
    "group_storage_accounts",
    "hosted_service",
    "hosted_service_name_taken",
    "max_data_disks",
    "media_link_in_use",
    "release_disks",
    "reserved_ip_user",
    "service_certificates",
    "service_lock",
    "settled",
    "slot_taken",
    "storage_account",
    "storage_name_taken",
    "virtual_network",
    "virtual_networks_of",
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

_EVERYWHERE = "West US;East US;North Europe;West Europe;Southeast Asia;East Asia"
_SQL_2014 = "fb83b3509582419d99629ce476bcb5c8__SQL-Server-2014-RTM-12.0.2430.0-Enterprise-ENU-Win2012R2"
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
        location=_EVERYWHERE,
        eula="http://www.openlogic.com/azure/service-agreement/",
        icon_uri="OpenLogic.png",
        privacy_uri="http://www.openlogic.com/azure/privacy-policy/",
        show_in_gui=True,
    ),
    ImageRecord(
        subscription="",
        name="b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04_1-LTS-amd64-server-20150123-en-us-30GB",
        label="Ubuntu Server 14.04.1 LTS",
        os="Linux",
        description="Ubuntu Server 14.04.1 LTS (amd64 20150123).",
        image_family="Ubuntu Server 14.04 LTS",
        publisher="Canonical",
        size=30,
        published="2015-01-23T00:00:00Z",
        recommended_size="Small",
        location=_EVERYWHERE,
        eula="http://www.ubuntu.com/project/about-ubuntu/licensing;http://www.ubuntu.com/aboutus/privacypolicy",
        icon_uri="Ubuntu-cof-100.png",
        small_icon_uri="Ubuntu-cof-45.png",
        privacy_uri="http://www.ubuntu.com/aboutus/privacypolicy",
        show_in_gui=True,
        language="English",
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
        location=_EVERYWHERE,
        eula="http://www.ubuntu.com/project/about-ubuntu/licensing;http://www.ubuntu.com/aboutus/privacypolicy",
        icon_uri="Ubuntu-cof-100.png",
        small_icon_uri="Ubuntu-cof-45.png",
        privacy_uri="http://www.ubuntu.com/aboutus/privacypolicy",
        show_in_gui=True,
        language="English",
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
        location=_EVERYWHERE,
        icon_uri="WindowsServer2012R2_100.png",
        small_icon_uri="WindowsServer2012R2_45.png",
        privacy_uri="http://go.microsoft.com/fwlink/?LinkID=131004",
        show_in_gui=True,
        language="English",
    ),
    ImageRecord(
        subscription="",
        name=_SQL_2014 + "-cy15su04",
        label="SQL Server 2014 RTM Enterprise on Windows Server 2012 R2",
        os="Windows",
        description="This image contains the full version of SQL Server 2014 Enterprise; the license is "
        "charged by the minute on top of the virtual machine.",
        image_family="SQL Server 2014 RTM Enterprise on Windows Server 2012 R2",
        publisher="Microsoft SQL Server Group",
        size=128,
        published="2015-04-15T00:00:00Z",
        recommended_size="A7",
        location=_EVERYWHERE,
        eula="http://go.microsoft.com/fwlink/?LinkID=512497",
        icon_uri="SqlServer2014_100.png",
        small_icon_uri="SqlServer2014_45.png",
        privacy_uri="http://go.microsoft.com/fwlink/?LinkID=282418",
        pricing_detail_link="http://go.microsoft.com/fwlink/?LinkId=271259",
        show_in_gui=True,
        is_premium=True,
        language="English",
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


# -- virtual networks --------------------------------------------------------------------------


def virtual_networks_of(state: State, subscription: str) -> list[VirtualNetworkRecord]:
    """The subscription's virtual network sites, by name."""
    found = [r for r in state.values(VirtualNetworkRecord) if r.subscription == subscription]
    return sorted(found, key=lambda r: r.name.lower())


def virtual_network(state: State, subscription: str, name: str) -> VirtualNetworkRecord | None:
    """The subscription's virtual network site ``name`` (case-insensitive), if any."""
    return state.get(VirtualNetworkRecord, f"{subscription}/{name.lower()}")


# -- VM images ---------------------------------------------------------------------------------

_SQL_LOCATIONS = (
    "East Asia;Southeast Asia;Australia East;Australia Southeast;Brazil South;North Europe;West Europe;"
    "Japan East;Japan West;Central US;East US;East US 2;North Central US;South Central US;West US"
)
_PUBLISHED_LONG_AGO = "1801-01-01T00:00:00Z"  # the service's Created/ModifiedTime of platform images


def _sql_image(name: str, disk: str, label: str, published: str) -> VMImageRecord:
    return VMImageRecord(
        subscription="",
        name="fb83b3509582419d99629ce476bcb5c8__" + name,
        label=label,
        category="Public",
        description=f"This image is {label}, optimized for the workload and VM sizes it names; its "
        "data disks are pre-configured with Windows Storage Spaces.",
        os_disk=VMImageDiskRecord(
            name=disk, host_caching="ReadWrite", os_state="Generalized", os="Windows", size=127
        ),
        data_disks=tuple(
            VMImageDiskRecord(name=f"{disk}.IaaSVmImageDisk{i + 1}", host_caching="None", lun=i, size=1023)
            for i in range(2)
        ),
        location=_SQL_LOCATIONS,
        created=_PUBLISHED_LONG_AGO,
        modified=_PUBLISHED_LONG_AGO,
        language="English",
        image_family=label,
        recommended_vm_size="A7",
        is_premium=True,
        eula="http://go.microsoft.com/fwlink/?LinkID=512497",
        icon_uri="SqlServer2014_100.png",
        small_icon_uri="SqlServer2014_45.png",
        privacy_uri="http://go.microsoft.com/fwlink/?LinkID=282418",
        publisher_name="Microsoft SQL Server Group",
        published_date=published,
        show_in_gui=True,
        pricing_detail_link="http://go.microsoft.com/fwlink/?LinkId=271259",
    )


_SQL_DW = "SQL Server 2014 Enterprise Optimized for DataWarehousing Workloads on Windows Server 2012 R2"
PLATFORM_VM_IMAGES: tuple[VMImageRecord, ...] = (
    VMImageRecord(
        subscription="",
        name="1acf693f34c74e86a50be61cb631ddfe__ClouderaGolden-202406-699696",
        label="CDH 5.1 Evaluation",
        category="Public",
        description="Single click deployment of CDH 5.1 Evaluation for MR, HDFS and HIVE",
        os_disk=VMImageDiskRecord(
            name="ClouderaGolden-202406-699696-os-2014-10-06",
            host_caching="ReadWrite",
            os_state="Specialized",
            os="Linux",
            io_type="Standard_LRS",
        ),
        location=_SQL_LOCATIONS,
        created=_PUBLISHED_LONG_AGO,
        modified=_PUBLISHED_LONG_AGO,
        image_family="CDH 5.1 Evaluation",
        recommended_vm_size="Standard_D14",
        eula="http://www.gnu.org/copyleft/gpl.html",
        privacy_uri="http://www.cloudera.com/content/cloudera/en/privacy-policy.html",
        publisher_name="Cloudera",
        published_date="2014-10-27T04:00:00Z",
    ),
    _sql_image(
        "SQL-Server-2014-RTM-12.0.2048.0-DW-ENU-Win2012R2-cy15su04",
        "SQL2014RTMDWENUWin2012R2-2",
        _SQL_DW,
        "2015-04-15T00:00:00Z",
    ),
    _sql_image(
        "SQL-Server-2014-RTM-12.0.2048.0-DW-ENU-Win2012R2-cy15su06",
        "SQL2014RTMDWENUWin2012R2-3",
        _SQL_DW,
        "2015-06-15T00:00:00Z",
    ),
    VMImageRecord(
        subscription="",
        name="d4a65b493c36471ba82b42d53fbd8063__Microsoft-Azure-Site-Recovery-Process-Server-201507.01",
        label="Microsoft Azure Site Recovery Process Server",
        category="Public",
        description="The Microsoft Azure Site Recovery Process Server is used for caching, compression, and "
        "encryption of replication traffic.",
        os_disk=VMImageDiskRecord(
            name="Microsoft-Azure-Site-Recovery-Process-Server-201507.01-os-2015-07-01",
            host_caching="ReadWrite",
            os_state="Generalized",
            os="Windows",
            size=128,
        ),
        data_disks=(
            VMImageDiskRecord(
                name="Microsoft-Azure-Site-Recovery-Process-Server-201507.01-datadisk-0-2015-07-01",
                host_caching="None",
                lun=0,
                size=601,
            ),
        ),
        location="Southeast Asia;West US",
        created=_PUBLISHED_LONG_AGO,
        modified=_PUBLISHED_LONG_AGO,
        image_family="Microsoft Azure Site Recovery Process Server",
        recommended_vm_size="Large",
        eula="http://go.microsoft.com/fwlink/?LinkId=525741",
        privacy_uri="http://go.microsoft.com/fwlink/?LinkId=512132",
        publisher_name="Microsoft Azure Site Recovery group",
        published_date="2015-07-01T09:30:00Z",
        show_in_gui=False,
    ),
)
"""The built-in (Public) VM images every subscription sees: entries of the service's recorded list."""
_PLATFORM_VM = {image.name.lower(): image for image in PLATFORM_VM_IMAGES}


def find_vm_image(state: State, subscription: str, name: str) -> tuple[VMImageRecord, bool] | None:
    """(record, is_platform) of a VM image visible to the subscription, or ``None``."""
    platform = _PLATFORM_VM.get(name.lower())
    if platform is not None:
        return platform, True
    record = state.get(VMImageRecord, image_key(subscription, name))
    return (record, False) if record is not None else None


# -- disks -------------------------------------------------------------------------------------


@dataclass
class DiskLease:
    """How long a disk's VHD stays leased after its role or deployment is deleted (seconds): the
    emulator's stand-in for the storage lease Azure breaks some moments after the role is gone."""

    seconds: float = 2.0


@dataclass(frozen=True)
class AttachedDisk:
    """A disk a role of a (live or being created) VM deployment names: the disk repository's view."""

    record: DiskRecord
    service: str
    deployment: str
    role: str


_MAX_DATA_DISKS = {
    "extrasmall": 1,
    "small": 2,
    "medium": 4,
    "large": 8,
    "extralarge": 16,
    "a5": 4,
    "a6": 8,
    "a7": 16,
    "a8": 16,
    "a9": 16,
    "basic_a0": 1,
    "basic_a1": 2,
    "basic_a2": 4,
    "basic_a3": 8,
    "basic_a4": 16,
    "standard_d1": 2,
    "standard_d2": 4,
    "standard_d3": 8,
    "standard_d4": 16,
    "standard_d11": 4,
    "standard_d12": 8,
    "standard_d13": 16,
    "standard_d14": 32,
    "standard_g1": 4,
    "standard_g2": 8,
    "standard_g3": 16,
    "standard_g4": 32,
    "standard_g5": 64,
}


def max_data_disks(role_size: str) -> int:
    """The data disks a VM of ``role_size`` may have (the ``MaxDataDiskCount`` of List Role Sizes)."""
    return _MAX_DATA_DISKS.get(role_size.lower(), 64)


def _placement(state: State, subscription: str, media_link: str) -> tuple[str, str]:
    """(location, affinity group) of a VHD: those of its storage account, when the subscription has it."""
    host = urlsplit(media_link).hostname or ""
    account = storage_account(state, subscription, host.split(".", 1)[0])
    if account is None:
        return "West US", ""
    return account.location, account.affinity_group


def _role_disks(
    state: State, deployment: DeploymentRecord, role: VMRoleRecord
) -> list[tuple[DiskRecord, bool]]:
    """(record, is the OS disk) for each disk the role names, as the repository shows it."""
    sub = deployment.subscription
    disks: list[tuple[DiskRecord, bool]] = []
    os_disk = role.os_disk
    if os_disk is not None and os_disk.disk_name:
        size = 30
        if os_disk.source_image_name:
            found = find_image(state, sub, os_disk.source_image_name)
            size = found[0].size if found is not None else size
        media = os_disk.media_link or ""
        location, group = _placement(state, sub, media)
        record = DiskRecord(
            subscription=sub,
            name=os_disk.disk_name,
            label=os_disk.disk_label or "",
            media_link=media,
            os=os_disk.os or "Linux",
            size=size,
            location=location,
            affinity_group=group,
            source_image_name=os_disk.source_image_name or "",
            created=deployment.created,
            io_type=os_disk.io_type or "Standard",
        )
        disks.append((record, True))
    for data in named_data_disks(role):
        media = data.media_link or data.source_media_link or ""
        location, group = _placement(state, sub, media)
        record = DiskRecord(
            subscription=sub,
            name=data.disk_name or "",
            label=data.disk_label or "",
            media_link=media,
            size=data.logical_disk_size_in_gb or 0,
            location=location,
            affinity_group=group,
            created=deployment.created,
        )
        disks.append((record, False))
    return disks


def attached_disks(state: State, subscription: str) -> dict[str, AttachedDisk]:
    """Every disk a role of the subscription's VM deployments names (those being created too), by
    :func:`~.records.disk_key`; a disk also in the repository keeps its stored properties."""
    found: dict[str, AttachedDisk] = {}
    deployments = [*state.values(DeploymentRecord), *state.pending_puts(DeploymentRecord)]
    for deployment in deployments:
        if deployment.subscription != subscription or not deployment.is_vm:
            continue
        for role in deployment.vm_roles or ():
            for derived, _ in _role_disks(state, deployment, role):
                stored = state.get(DiskRecord, derived.key)
                record = stored if stored is not None else derived
                found.setdefault(
                    derived.key, AttachedDisk(record, deployment.service, deployment.name, role.role_name)
                )
    return found


def media_link_in_use(state: State, subscription: str, media_link: str) -> bool:
    """Whether a disk of the subscription (attached or in the repository) already has this VHD."""
    wanted = media_link.lower()
    if any(a.record.media_link.lower() == wanted for a in attached_disks(state, subscription).values()):
        return True
    return any(
        r.subscription == subscription and r.media_link.lower() == wanted for r in state.values(DiskRecord)
    )


def disk_named(state: State, subscription: str, name: str) -> tuple[DiskRecord, AttachedDisk | None] | None:
    """(record, where it is attached or ``None``) of the subscription's disk ``name``, if any."""
    key = disk_key(subscription, name)
    attached = attached_disks(state, subscription).get(key)
    if attached is not None:
        return attached.record, attached
    stored = state.get(DiskRecord, key)
    return (stored, None) if stored is not None else None


def release_disks(
    state: State,
    deployment: DeploymentRecord,
    roles: tuple[VMRoleRecord, ...] | list[VMRoleRecord],
    *,
    delete_vhd: bool,
    leased_until: float,
    data_disks: tuple[DataDiskRecord, ...] | None = None,
) -> tuple[list[Record], list[Ref]]:
    """What deleting ``roles`` of ``deployment`` does to their disks (or, with ``data_disks``, only to
    those data disks of the one role given): ``delete_vhd`` deletes them; otherwise they stay in the
    repository, their VHDs leased until ``leased_until``. Returns (puts, deletes)."""
    puts: list[Record] = []
    deletes: list[Ref] = []
    for role in roles:
        disks = _role_disks(state, deployment, role)
        if data_disks is not None:
            names = {d.disk_name for d in data_disks}
            disks = [(r, is_os) for r, is_os in disks if not is_os and r.name in names]
        for derived, _ in disks:
            stored = state.get(DiskRecord, derived.key)
            if delete_vhd:
                if stored is not None:
                    deletes.append(stored.ref)
                continue
            base = stored if stored is not None else derived
            puts.append(
                dataclass_replace(
                    base,
                    leased_until=leased_until,
                    lease_service=deployment.service,
                    lease_deployment=deployment.name,
                    lease_role=role.role_name,
                )
            )
    return puts, deletes


# -- reserved IPs ------------------------------------------------------------------------------


def reserved_ip_user(state: State, record: ReservedIPRecord) -> DeploymentRecord | None:
    """The deployment using the reserved IP, if it still exists and still carries it."""
    if not record.service:
        return None
    deployment = deployment_named(state, record.service, record.deployment)
    if deployment is None or deployment.reserved_ip_name.lower() != record.name.lower():
        return None
    return deployment
