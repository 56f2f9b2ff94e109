"""A 200-resource plan for the crash tests, and how to check an emulator holds it (exactly once)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aiosm import ServiceManagementSession
from aiosm.journal import JournalEntry, JournalState
from aiosm.plan import (
    AffinityGroupSpec,
    CloudServiceSpec,
    DeploymentSpec,
    Plan,
    ResourceSpec,
    StorageAccountSpec,
)

CONFIGURATION = (
    '<ServiceConfiguration serviceName="crash"><Role name="WebRole1"><Instances count="1"/></Role>'
    "</ServiceConfiguration>"
)


def big_plan(prefix: str = "crash") -> Plan:
    """4 affinity groups, 70 cloud services, 66 storage accounts and 60 deployments: 200 resources."""
    resources: list[ResourceSpec] = [
        AffinityGroupSpec(name=f"{prefix}-ag{i}", location="West US", label=f"group {i}") for i in range(4)
    ]
    for i in range(70):
        placement: dict[str, Any] = (
            {"affinity_group": f"{prefix}-ag{i % 4}"} if i % 2 else {"location": "East US"}
        )
        resources.append(CloudServiceSpec(name=f"{prefix}-svc{i}", description=f"service {i}", **placement))
    for i in range(66):
        placement = {"affinity_group": f"{prefix}-ag{i % 4}"} if i % 3 == 0 else {"location": "West US"}
        resources.append(
            StorageAccountSpec(name=f"{prefix}store{i}", account_type="Standard_LRS", **placement)
        )
    for i in range(60):
        resources.append(
            DeploymentSpec(
                service=f"{prefix}-svc{i}",
                name=f"v{i}",
                package_url="https://example.blob.core.windows.net/pkg/app.cspkg",
                configuration=CONFIGURATION,
                running=i % 2 == 0,
            )
        )
    plan = Plan(resources)
    assert len(plan) == 200
    return plan


def expected_mutations(plan: Plan, subscription_id: str) -> Counter[str]:
    """The emulator's ``mutations`` counter keys for creating each plan resource once."""
    expected: Counter[str] = Counter()
    for spec in plan.resources:
        if isinstance(spec, AffinityGroupSpec):
            expected[f"create_affinity_group {subscription_id}/{spec.name.lower()}"] += 1
        elif isinstance(spec, CloudServiceSpec):
            expected[f"create_hosted_service {spec.name.lower()}"] += 1
        elif isinstance(spec, StorageAccountSpec):
            expected[f"create_storage_account {spec.name}"] += 1
        elif isinstance(spec, DeploymentSpec):
            expected[f"create_deployment {spec.service.lower()}/{spec.slot}"] += 1
    return expected


async def assert_service_holds(session: ServiceManagementSession, plan: Plan) -> None:
    """The service holds exactly the plan's resources, with the planned properties."""
    groups = {g.name: g for g in await session.affinity_groups.list()}
    services = {s.service_name: s for s in await session.hosted_services.list()}
    accounts = {a.service_name: a for a in await session.storage_accounts.list()}
    specs = plan.resources
    assert sorted(groups) == sorted(s.name for s in specs if isinstance(s, AffinityGroupSpec))
    assert sorted(services) == sorted(s.name for s in specs if isinstance(s, CloudServiceSpec))
    assert sorted(accounts) == sorted(s.name for s in specs if isinstance(s, StorageAccountSpec))
    for spec in specs:
        if isinstance(spec, AffinityGroupSpec):
            assert (groups[spec.name].location, groups[spec.name].label) == (spec.location, spec.label)
        elif isinstance(spec, CloudServiceSpec):
            properties = services[spec.name].hosted_service_properties
            assert properties.description == spec.description
            assert (properties.affinity_group or None) == spec.affinity_group
            assert spec.affinity_group or properties.location == spec.location
        elif isinstance(spec, StorageAccountSpec):
            properties = accounts[spec.name].storage_service_properties
            assert properties.account_type == spec.account_type
            assert (properties.affinity_group or None) == spec.affinity_group
    deployed = 0
    for name in services:
        detail = await session.hosted_services.get(name, embed_detail=True)
        for deployment in detail.deployments:
            deployed += 1
            (spec,) = [s for s in specs if isinstance(s, DeploymentSpec) and s.service == name]
            assert (deployment.name, deployment.deployment_slot.lower()) == (spec.name, spec.slot)
            assert deployment.status == ("Running" if spec.running else "Suspended")
    assert deployed == sum(isinstance(s, DeploymentSpec) for s in specs)


def assert_created_exactly_once(stats: dict[str, Any], plan: Plan, subscription_id: str) -> None:
    """Every create reached the service exactly once per name, and no create was refused."""
    creates = Counter({k: v for k, v in stats["mutations"].items() if k.startswith("create_")})
    assert creates == expected_mutations(plan, subscription_id)
    refused = {k: v for k, v in stats["answers"].items() if k.startswith("POST 4")}
    assert refused == {}, f"refused creates (a duplicate would be a 409): {refused}"


def assert_journal_all_succeeded(entries: dict[str, JournalEntry], plan: Plan) -> None:
    assert sorted(entries) == sorted(spec.key for spec in plan.resources)
    states = Counter(entry.state for entry in entries.values())
    assert states == Counter({JournalState.SUCCEEDED: len(plan)}), states
