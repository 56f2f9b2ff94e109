"""The emulator's repository of shared queries, and the layering that keeps its families apart."""

from __future__ import annotations

import ast
from pathlib import Path

from aiosm.emulator import repository
from aiosm.emulator.records import (
    AffinityGroupRecord,
    DeploymentRecord,
    HostedServiceRecord,
    ImageRecord,
    StorageAccountRecord,
    StorageKeys,
)
from aiosm.emulator.state import Progression, State, Store

SUB, OTHER = "sub-1", "sub-2"
NOW = "2026-01-02T03:04:05Z"
EMULATOR = Path(repository.__file__).parent
FAMILIES = {
    "affinity_groups",
    "data_disks",
    "deployments",
    "disks",
    "hosted_services",
    "locations",
    "operating_systems",
    "operations",
    "os_images",
    "storage_accounts",
    "virtual_machines",
}


def _service(name: str, sub: str = SUB, group: str = "") -> HostedServiceRecord:
    return HostedServiceRecord(
        subscription=sub,
        name=name,
        label=name,
        description="",
        location="",
        affinity_group=group,
        extended_properties={},
        created=NOW,
        modified=NOW,
    )


def _account(name: str, group: str = "") -> StorageAccountRecord:
    return StorageAccountRecord(
        subscription=SUB,
        name=name,
        label=name,
        description="",
        location="",
        affinity_group=group,
        account_type="Standard_LRS",
        extended_properties={},
        created=NOW,
        keys=StorageKeys(primary="p", secondary="s"),
    )


def _deployment(name: str, slot: str, service: str = "Svc") -> DeploymentRecord:
    return DeploymentRecord(
        subscription=SUB,
        service=service,
        name=name,
        slot=slot,
        private_id="0" * 32,
        status="Running",
        label=name,
        created=NOW,
        modified=NOW,
        vip="1.2.3.4",
    )


def _state(polls: int | None = None) -> State:
    return State(Store(None), Progression(polls_default=polls))


def test_hosted_service_is_per_subscription_and_names_are_global() -> None:
    state = _state(polls=5)
    state.write(puts=[_service("Svc")])
    assert repository.hosted_service(state, SUB, "svc") == _service("Svc")
    assert repository.hosted_service(state, OTHER, "svc") is None
    assert repository.hosted_service_name_taken(state, "SVC")
    assert not repository.hosted_service_name_taken(state, "new")
    state.begin("a" * 32, OTHER, "create_hosted_service", puts=[_service("new", OTHER)])
    assert repository.hosted_service_name_taken(state, "NEW")  # being created, in another subscription
    assert repository.hosted_service(state, OTHER, "new") is None


def test_deployments_by_slot_and_name() -> None:
    state = _state(polls=5)
    assert repository.deployments_of(state, "svc") == []
    staging, production = _deployment("v2", "Staging"), _deployment("v1", "Production")
    state.write(puts=[staging, production])
    assert repository.deployments_of(state, "SVC") == [production, staging]  # production first
    assert repository.deployment_in_slot(state, "svc", "Staging") == staging
    assert repository.deployment_named(state, "svc", "v2") == staging
    assert repository.deployment_named(state, "svc", "V2") is None  # deployment names match exactly
    assert repository.slot_taken(state, "svc", "Production")
    assert not repository.slot_taken(state, "other", "Production")
    state.begin("b" * 32, SUB, "create_deployment", puts=[_deployment("v3", "Production", "other")])
    assert repository.slot_taken(state, "other", "Production")
    assert repository.deployment_in_slot(state, "other", "Production") is None


def test_service_lock_ignores_case() -> None:
    from aiosm.operation import REGISTRY

    declared = next(s for s in REGISTRY if s.name == "deployments.delete").lock_key({"service_name": "MySvc"})
    assert repository.service_lock("MySvc") == repository.service_lock("mysvc") == declared


def test_storage_account_lookup_and_pending_names() -> None:
    state = _state(polls=5)
    state.write(puts=[_account("store")])
    assert repository.storage_account(state, SUB, "store") == _account("store")
    assert repository.storage_account(state, OTHER, "store") is None
    state.begin("c" * 32, SUB, "create_storage_account", puts=[_account("pending")])
    assert repository.storage_name_taken(state, "pending") and repository.storage_name_taken(state, "store")
    assert not repository.storage_name_taken(state, "free")


def test_affinity_group_membership_includes_pending_creates() -> None:
    state = _state(polls=5)
    group = AffinityGroupRecord(
        subscription=SUB, name="Group", label="g", description="", location="West US", created=NOW
    )
    state.write(puts=[group, _service("in", group="group"), _service("out"), _account("acct", "GROUP")])
    state.write(puts=[_service("elsewhere", OTHER, group="Group")])
    assert repository.affinity_group(state, SUB, "GROUP") == group
    assert repository.affinity_group(state, OTHER, "group") is None
    assert [s.name for s in repository.group_hosted_services(state, SUB, "Group")] == ["in"]
    assert [a.name for a in repository.group_storage_accounts(state, SUB, "group")] == ["acct"]
    state.begin("d" * 32, SUB, "create_hosted_service", puts=[_service("soon", group="Group")])
    assert [s.name for s in repository.group_hosted_services(state, SUB, "group")] == ["in", "soon"]


def test_find_image_sees_platform_images_and_the_subscriptions_own() -> None:
    state = _state()
    platform = repository.PLATFORM_IMAGES[0]
    assert repository.find_image(state, SUB, platform.name.upper()) == (platform, True)
    mine = ImageRecord(subscription=SUB, name="Mine", label="l", os="Windows", media_link="https://m")
    state.write(puts=[mine])
    assert repository.find_image(state, SUB, "mine") == (mine, False)
    assert repository.find_image(state, OTHER, "mine") is None
    assert repository.find_image(state, SUB, "nothing") is None


# -- layering ------------------------------------------------------------------------------------


def _emulator_imports(path: Path) -> tuple[set[str], list[str]]:
    """(emulator modules imported at module level, emulator modules imported inside functions)."""
    tree = ast.parse(path.read_text())
    top: set[str] = set()
    nested: list[str] = []

    def names(node: ast.ImportFrom) -> set[str]:
        if node.level != 1:
            return set()
        if node.module is None:
            return {alias.name for alias in node.names}
        return {node.module.split(".")[0]}

    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            top |= names(statement)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    nested.extend(names(inner))
    return top, nested


def test_no_family_module_imports_another() -> None:
    for family in sorted(FAMILIES):
        top, nested = _emulator_imports(EMULATOR / f"{family}.py")
        assert not top & FAMILIES, f"{family} imports {top & FAMILIES}"
        assert not nested, f"{family} imports {nested} inside a function"


def test_shared_layers_depend_on_no_family() -> None:
    allowed = {
        "records": set(),
        "state": {"records"},
        "repository": {"records", "state"},
        "lookups": {"_http", "records", "repository"},
        "views": {"records"},
    }
    for module, expected in allowed.items():
        top, nested = _emulator_imports(EMULATOR / f"{module}.py")
        assert top <= expected, f"{module} imports {top - expected}"
        assert not nested
