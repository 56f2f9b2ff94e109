"""The emulator's typed records: JSON round trip, stored format, secrets out of repr, the SQLite store."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from pydantic import BaseModel

from aiosm.emulator.records import (
    RECORD_TYPES,
    AffinityGroupRecord,
    ApplicationGatewayRecord,
    CertificateRecord,
    CloudRoleRecord,
    DataDiskRecord,
    DeploymentRecord,
    DiskRecord,
    DnsServerRecord,
    GatewayRecord,
    GatewaySiteRecord,
    HostedServiceRecord,
    ImageRecord,
    InputEndpointRecord,
    LoadBalancerProbeRecord,
    LocalNetworkRecord,
    NetworkConfigurationRecord,
    NetworkSecurityGroupAssociationRecord,
    NetworkSecurityGroupRecord,
    NetworkSecurityRuleRecord,
    OperationFailure,
    OperationRecord,
    OSDiskRecord,
    PublicIPRecord,
    Record,
    Ref,
    ReservedIPRecord,
    RouteRecord,
    RouteTableRecord,
    RouteTableSubnetRecord,
    ServiceCertificateRecord,
    SiteGatewayRecord,
    StorageAccountRecord,
    StorageKeys,
    SubnetRecord,
    SubscriptionNetworkRecord,
    TrafficManagerProfileRecord,
    VirtualNetworkRecord,
    VMImageDiskRecord,
    VMImageRecord,
    VMRoleRecord,
    _Json,
    decode,
)
from aiosm.emulator.state import KINDS, Progression, State, Store
from aiosm.models.virtual_machines import (
    ConfigurationSet,
    ConfigurationSetInputEndpoint,
    DataVirtualHardDisk,
    LoadBalancerProbe,
    OSVirtualHardDisk,
    PublicIPConfiguration,
)

SUB = "00000000-0000-0000-0000-000000000001"
NOW = "2026-01-02T03:04:05Z"
PRIMARY = "cHJpbWFyeS1zZWNyZXQta2V5"
SECONDARY = "c2Vjb25kYXJ5LXNlY3JldC1rZXk="


def _service(name: str = "svc", group: str = "") -> HostedServiceRecord:
    return HostedServiceRecord(
        subscription=SUB,
        name=name,
        label="label",
        description="d",
        location="" if group else "West US",
        affinity_group=group,
        extended_properties={"k": "v"},
        created=NOW,
        modified=NOW,
    )


def _cloud_deployment() -> DeploymentRecord:
    return DeploymentRecord(
        subscription=SUB,
        service="Svc",
        name="v1",
        slot="Staging",
        private_id="0" * 32,
        status="Running",
        label="l",
        created=NOW,
        modified=NOW,
        vip="191.236.1.2",
        extended_properties={"a": "b"},
        configuration="<ServiceConfiguration/>",
        package_url="https://p/pkg.cspkg",
        roles=(CloudRoleRecord(name="WebRole1", count=2), CloudRoleRecord(name="Worker", count=0)),
        dns_servers=(DnsServerRecord(name="dns1", address="10.0.0.4"),),
        reserved_ip_name="ip",
        reserved_ip_address="23.96.0.1",
    )


def _vm_role() -> VMRoleRecord:
    return VMRoleRecord(
        role_name="vm",
        role_size="Small",
        host_name="host",
        network=(
            NetworkConfigurationRecord(
                input_endpoints=(
                    InputEndpointRecord(
                        name="ssh",
                        protocol="tcp",
                        port=22,
                        local_port=22,
                        load_balancer_probe=LoadBalancerProbeRecord(port=22, protocol="tcp"),
                        enable_direct_server_return=False,
                    ),
                ),
                subnet_names=("a", "b"),
                static_virtual_network_ip_address="10.0.0.4",
                public_ips=(PublicIPRecord(name="pip", idle_timeout_in_minutes=4),),
            ),
        ),
        os_disk=OSDiskRecord(host_caching="ReadWrite", disk_name="d0", media_link="https://m", os="Linux"),
        data_disks=(DataDiskRecord(lun=0, logical_disk_size_in_gb=10, media_link="https://d"),),
        availability_set_name="set",
    )


def _vm_deployment() -> DeploymentRecord:
    return DeploymentRecord(
        subscription=SUB,
        service="svc",
        name="vm",
        slot="Production",
        private_id="1" * 32,
        status="Running",
        label="vm",
        created=NOW,
        modified=NOW,
        vip="104.42.1.2",
        vm_roles=(_vm_role(), VMRoleRecord(role_name="bare", role_size="Small", host_name="bare")),
    )


def _storage() -> StorageAccountRecord:
    return StorageAccountRecord(
        subscription=SUB,
        name="store",
        label="l",
        description="",
        location="West US",
        affinity_group="",
        account_type="Standard_GRS",
        extended_properties={},
        created=NOW,
        keys=StorageKeys(primary=PRIMARY, secondary=SECONDARY),
    )


def _every_record() -> list[Record]:
    """One record of each kind, an operation carrying puts of each resource kind and deletes."""
    resources: list[Record] = [
        _service(),
        _cloud_deployment(),
        _vm_deployment(),
        _storage(),
        AffinityGroupRecord(
            subscription=SUB, name="AG", label="l", description="", location="West US", created=NOW
        ),
        ImageRecord(subscription=SUB, name="img", label="l", os="Linux", media_link="https://m"),
        CertificateRecord(subscription=SUB, der=b"\x30\x82\x01\x02", thumbprint="AB" * 20),
        ReservedIPRecord(
            subscription=SUB,
            name="ip",
            label="l",
            location="West US",
            address="23.96.0.1",
            id="i",
            service="svc",
            deployment="dep",
        ),
        VirtualNetworkRecord(
            subscription=SUB,
            name="net",
            id="i",
            location="West US",
            address_prefixes=("10.0.0.0/16",),
            subnets=(SubnetRecord(name="front", address_prefix="10.0.1.0/24"),),
            dns_servers=(DnsServerRecord(name="dns1", address="10.0.0.4"),),
        ),
        NetworkSecurityGroupRecord(
            subscription=SUB,
            name="nsg",
            location="West US",
            label="l",
            rules=(
                NetworkSecurityRuleRecord(
                    name="ssh",
                    type="Inbound",
                    priority=100,
                    action="Allow",
                    source_address_prefix="INTERNET",
                    source_port_range="*",
                    destination_address_prefix="*",
                    destination_port_range="22",
                    protocol="TCP",
                ),
            ),
        ),
        NetworkSecurityGroupAssociationRecord(
            subscription=SUB, target="subnet/net/front", group="nsg", owner_id="i"
        ),
        RouteTableRecord(
            subscription=SUB,
            name="Routes",
            label="l",
            location="West US",
            routes=(
                RouteRecord(
                    name="r",
                    address_prefix="0.0.0.0/0",
                    next_hop_type="VirtualAppliance",
                    next_hop_ip_address="10.0.1.4",
                ),
            ),
        ),
        RouteTableSubnetRecord(subscription=SUB, virtual_network="net", subnet="front", route_table="Routes"),
        SubscriptionNetworkRecord(
            subscription=SUB,
            dns_servers=(DnsServerRecord(name="dns1", address="10.0.0.4"),),
            local_networks=(
                LocalNetworkRecord(
                    name="onprem", address_prefixes=("192.168.0.0/24",), vpn_gateway_address="1.2.3.4"
                ),
            ),
            gateways=(
                SiteGatewayRecord(
                    virtual_network="net",
                    profile="Small",
                    vpn_client_prefixes=("172.16.0.0/24",),
                    local_networks=("onprem",),
                    connection_types=("IPsec",),
                ),
            ),
        ),
        GatewayRecord(
            subscription=SUB,
            network="net",
            gateway_type="DynamicRouting",
            gateway_size="Default",
            vip_address="137.117.1.1",
            sites=(
                GatewaySiteRecord(name="onprem", shared_key="abc123", connected_at="2015-01-01T00:00:00Z"),
            ),
        ),
        ServiceCertificateRecord(
            subscription=SUB, service="Svc", algorithm="sha1", thumbprint="AB" * 20, der=b"\x30\x82"
        ),
        ApplicationGatewayRecord(
            subscription=SUB,
            name="agw",
            vnet="net",
            subnets=("front",),
            state="Running",
            virtual_ips=("10.0.1.4",),
            dns_name="appgw-x.cloudapp.net",
            configuration="<ApplicationGatewayConfiguration />",
        ),
        TrafficManagerProfileRecord(
            subscription=SUB,
            name="tm",
            domain_name="tm.trafficmanager.net",
            status="Enabled",
            enabled_version=1,
            definitions=("<Definition />",),
        ),
        VMImageRecord(
            subscription=SUB,
            name="vmimg",
            label="l",
            os_disk=VMImageDiskRecord(name="os", os_state="Generalized", os="Linux", media_link="https://m"),
            data_disks=(VMImageDiskRecord(name="d0", lun=0, size=100),),
            show_in_gui=True,
        ),
        DiskRecord(
            subscription=SUB,
            name="Disk1",
            label="l",
            media_link="https://store.blob.core.windows.net/vhds/d.vhd",
            leased_until=1.5,
            lease_service="svc",
            lease_deployment="dep",
            lease_role="vm",
        ),
    ]
    operation = OperationRecord(
        id="f" * 32,
        subscription=SUB,
        kind="create_thing",
        status="InProgress",
        created=1.5,
        latency=0.0,
        polls_needed=3,
        polls=1,
        puts=tuple(resources),
        deletes=(Ref("hosted_service", "old"), Ref("deployment", "svc/staging")),
        lock="hosted_service:svc",
        failure=OperationFailure(code="InternalError", message="m", http_status=500),
    )
    done = dataclasses.replace(
        operation,
        id="e" * 32,
        status="Failed",
        puts=(),
        deletes=(),
        http_status=500,
        error=OperationFailure(code="InternalError", message="m", http_status=500),
        path=f"/{SUB}/services/hostedservices/svc",
        completed=2.5,
    )
    return [*resources, operation, done]


@pytest.mark.parametrize("record", _every_record(), ids=lambda r: type(r).__name__)
def test_json_round_trip(record: Record) -> None:
    stored = json.loads(json.dumps(record.to_json()))
    assert decode(record.KIND, stored) == record
    assert decode(record.KIND, stored).key == record.key


def test_every_kind_has_a_record_type_and_a_round_tripped_example() -> None:
    assert set(RECORD_TYPES) == set(KINDS)
    assert {r.KIND for r in _every_record()} == set(KINDS)


def test_keys_follow_the_stored_layout() -> None:
    assert _service("MySvc").key == "mysvc"
    assert _cloud_deployment().ref == Ref("deployment", "svc/staging")
    assert _storage().ref == Ref("storage", "store")
    assert AffinityGroupRecord(
        subscription=SUB, name="AG", label="l", description="", location="West US", created=NOW
    ).key == (f"{SUB}/ag")
    assert ImageRecord(subscription=SUB, name="Img", label="l", os="Linux").key == f"{SUB}/img"


def test_records_are_slotted_and_keyword_only() -> None:
    """Frozen to mypy only (see records.py); at run time slots still refuse a misspelt field."""
    record = _service()
    assert not hasattr(record, "__dict__")
    with pytest.raises(AttributeError):
        record.lable = "typo"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        CloudRoleRecord("WebRole1", 1)  # type: ignore[call-arg]


def test_records_written_by_the_untyped_emulator_still_load() -> None:
    """The JSON objects the dict-based emulator stored (same field names) load and stay the same."""
    old_vm = {
        "subscription": SUB,
        "service": "svc",
        "name": "vm",
        "slot": "Production",
        "private_id": "1" * 32,
        "status": "Running",
        "label": "vm",
        "vm_roles": [
            {
                "role_name": "vm",
                "role_size": "Small",
                "host_name": "h",
                "network": [
                    {
                        "configuration_set_type": "NetworkConfiguration",
                        "input_endpoints": [{"local_port": 22, "name": "ssh", "port": 22, "protocol": "tcp"}],
                    }
                ],
                "os_disk": {"host_caching": "ReadWrite", "disk_name": "d", "os": "Linux"},
                "data_disks": [],
                "availability_set_name": "",
                "vm_image_name": "",
            }
        ],
        "extended_properties": {},
        "created": NOW,
        "modified": NOW,
        "vip": "104.42.1.2",
    }
    old_operation = {
        "id": "a" * 32,
        "subscription": SUB,
        "kind": "create_virtual_machine_deployment",
        "status": "InProgress",
        "created": 10.0,
        "latency": 5.0,
        "polls_needed": None,
        "polls": 0,
        "puts": [["deployment", "svc/production", old_vm]],
        "deletes": [],
        "lock": "hosted_service:svc",
        "failure": None,
    }
    old_certificate = {"subscription": SUB, "der": "3082"}
    vm = decode("deployment", old_vm)
    assert isinstance(vm, DeploymentRecord) and vm.is_vm
    new_vm = vm.to_json()
    assert {k: new_vm[k] for k in old_vm} == old_vm
    operation = decode("operation", old_operation)
    assert isinstance(operation, OperationRecord)
    assert operation.puts == (vm,) and operation.error is None and operation.http_status is None
    certificate = decode("certificate", old_certificate)
    assert isinstance(certificate, CertificateRecord)
    assert certificate.der == b"\x30\x82" and len(certificate.thumbprint) == 40


def test_storage_keys_never_in_repr() -> None:
    record = _storage()
    operation = OperationRecord(
        id="f" * 32,
        subscription=SUB,
        kind="create_storage_account",
        status="InProgress",
        created=0.0,
        latency=1.0,
        polls_needed=None,
        puts=(record,),
    )
    for text in (repr(record), str(record), repr(record.keys), repr(operation)):
        assert PRIMARY not in text and SECONDARY not in text
    assert "store" in repr(record)
    # The keys are still there for the answer and the store.
    assert record.keys.primary == PRIMARY and record.to_json()["keys"]["secondary"] == SECONDARY


def test_certificate_der_not_in_repr() -> None:
    record = CertificateRecord(subscription=SUB, der=b"\x30\x82\xab\xcd", thumbprint="AB" * 20)
    assert "abcd" not in repr(record).lower() and "\\xab" not in repr(record)


@pytest.mark.parametrize(
    ("record_type", "model"),
    [
        (NetworkConfigurationRecord, ConfigurationSet),
        (InputEndpointRecord, ConfigurationSetInputEndpoint),
        (LoadBalancerProbeRecord, LoadBalancerProbe),
        (PublicIPRecord, PublicIPConfiguration),
        (OSDiskRecord, OSVirtualHardDisk),
        (DataDiskRecord, DataVirtualHardDisk),
    ],
)
def test_mirror_records_have_their_models_fields(record_type: type, model: type[BaseModel]) -> None:
    """A field added to the model would otherwise be dropped silently when a VM role is stored."""
    assert {f.name for f in dataclasses.fields(record_type)} == set(model.model_fields)


def test_vm_role_sub_records_convert_to_their_models_unchanged() -> None:
    role = _vm_role()
    network = ConfigurationSet.model_validate(role.network[0].to_json())
    assert network.input_endpoints is not None and network.input_endpoints[0].load_balancer_probe is not None
    assert network.input_endpoints[0].load_balancer_probe.port == 22
    assert network.subnet_names == ["a", "b"]
    back = NetworkConfigurationRecord.from_json(network.model_dump(mode="json", exclude_none=True))
    assert back == role.network[0]


# -- the SQLite store ----------------------------------------------------------------------------


def _state(path: Path, progression: Progression | None = None) -> State:
    return State(Store(path), progression)


def test_store_round_trip_of_every_kind(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    records = _every_record()
    state = _state(path)
    state.write(puts=records)
    state.store.close()
    reloaded = _state(path)
    for record in records:
        assert reloaded.get(type(record), record.key) == record
    reloaded.write(deletes=[records[0].ref])
    reloaded.store.close()
    assert _state(path).get(HostedServiceRecord, records[0].key) is None


def test_operation_in_progress_keeps_its_effect_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = _state(path, Progression(polls_default=2))
    state.write(puts=[_service("gone")])
    op = state.begin(
        "c" * 32,
        SUB,
        "create_hosted_service",
        puts=[_service("new"), _storage()],
        deletes=[Ref("hosted_service", "gone")],
        lock="hosted_service:new",
    )
    assert op.in_progress and state.pending_put(HostedServiceRecord, "new")
    state.store.close()

    state = _state(path, Progression(polls_default=2))
    assert state.busy("hosted_service:new") == op.id
    assert [r.name for r in state.pending_puts(StorageAccountRecord)] == ["store"]
    assert state.get(HostedServiceRecord, "new") is None
    first = state.poll(op.id)
    assert first is not None and first.in_progress and first.polls == 1
    done = state.poll(op.id)
    assert done is not None and done.status == "Succeeded" and done.http_status == 200
    assert done.puts == () and done.deletes == ()
    assert state.get(HostedServiceRecord, "new") == _service("new")
    assert state.get(HostedServiceRecord, "gone") is None
    assert state.busy("hosted_service:new") is None and not state.pending_put(HostedServiceRecord, "new")
    stored = state.get(StorageAccountRecord, "store")
    assert stored is not None and stored.keys.primary == PRIMARY
    state.store.close()


def test_failed_operation_applies_nothing(tmp_path: Path) -> None:
    state = _state(tmp_path / "s.sqlite3")
    failure = OperationFailure(code="InternalError", message="boom", http_status=500)
    op = state.begin("d" * 32, SUB, "create_hosted_service", puts=[_service()], failure=failure)
    done = state.get(OperationRecord, op.id)
    assert done is not None and done.status == "Failed" and done.error == failure and done.http_status == 500
    assert state.get(HostedServiceRecord, "svc") is None
    state.store.close()


def test_an_optional_field_needs_the_default_none() -> None:
    """The codec leaves ``None`` out of the JSON, so loading relies on the default being ``None``."""

    @dataclasses.dataclass(slots=True, kw_only=True)
    class Bad(_Json):
        lock: str | None

    with pytest.raises(TypeError, match=r"Bad\.lock"):
        Bad(lock="x").to_json()


def test_store_skips_rows_of_an_unknown_kind(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO records VALUES ('future_kind', 'k', '{}')")
        db.execute(
            "INSERT INTO records VALUES ('hosted_service', 'svc', ?)", (json.dumps(_service().to_json()),)
        )
    db.close()
    state = _state(path)
    assert state.values(HostedServiceRecord) == [_service()]
    state.store.close()
