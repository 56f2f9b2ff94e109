"""aiosm.plan: specs checked when made, and plans loaded from TOML and JSON files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from aiosm import InvalidInputError
from aiosm.plan import (
    AffinityGroupSpec,
    CloudServiceSpec,
    DeploymentSpec,
    Plan,
    StorageAccountSpec,
    load_plan,
)

TOML_PLAN = """
[[affinity_groups]]
name = "Web"
location = "West US"

[[cloud_services]]
name = "web-frontend"
affinity_group = "Web"
description = "front end"

[[storage_accounts]]
name = "webdata"
location = "West US"
account_type = "Standard_LRS"

[[deployments]]
service = "web-frontend"
name = "v1"
slot = "Production"
package_url = "https://example.blob.core.windows.net/pkg/app.cspkg"
configuration_file = "app.cscfg"
"""


def test_keys_and_dependencies() -> None:
    group = AffinityGroupSpec(name="Web", location="West US")
    service = CloudServiceSpec(name="Web-Frontend", affinity_group="Web")
    deployment = DeploymentSpec(service="Web-Frontend", name="v1", package_url="u", configuration="c")
    assert [group.key, service.key, deployment.key] == [
        "affinity_group/web",
        "cloud_service/web-frontend",
        "deployment/web-frontend/production",
    ]
    assert service.depends_on == [group.key]
    assert deployment.depends_on == [service.key]
    assert StorageAccountSpec(name="data", location="West US").depends_on == []


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"name": "bad_name", "location": "West US"}, "name", "must be 1-63 letters"),
        ({"name": "ok"}, "location/affinity_group", "exactly one"),
        (
            {"name": "ok", "location": "West US", "affinity_group": "g"},
            "location/affinity_group",
            "exactly one",
        ),
        ({"name": "ok", "location": "West US", "colour": "red"}, "colour", "Extra inputs"),
        ({"name": "ok", "location": "West US", "label": "x" * 101}, "label", "at most 100"),
    ],
)
def test_bad_specs_raise_invalid_input(fields: dict[str, str], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError, match=rule) as caught:
        CloudServiceSpec(**fields)
    assert caught.value.field == field


def test_a_plan_refuses_duplicate_keys() -> None:
    with pytest.raises(InvalidInputError, match="cloud_service/web appears twice"):
        Plan(
            [
                CloudServiceSpec(name="web", location="West US"),
                CloudServiceSpec(name="WEB", location="East US"),
            ]
        )


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TOML plans need tomllib (Python 3.11+)")
def test_toml_and_json_plans_load_the_same(tmp_path: Path) -> None:
    (tmp_path / "app.cscfg").write_text("<ServiceConfiguration/>")
    (tmp_path / "plan.toml").write_text(TOML_PLAN)
    from_toml = load_plan(tmp_path / "plan.toml")
    assert [spec.key for spec in from_toml.resources] == [
        "affinity_group/web",
        "cloud_service/web-frontend",
        "storage_account/webdata",
        "deployment/web-frontend/production",
    ]
    deployment = from_toml.resources[3]
    assert isinstance(deployment, DeploymentSpec)
    assert (deployment.configuration, deployment.slot) == ("<ServiceConfiguration/>", "production")

    (tmp_path / "plan.json").write_text(json.dumps(from_toml.to_dict()))
    from_json = load_plan(tmp_path / "plan.json")
    assert from_json.resources == from_toml.resources


def test_toml_on_python_310_says_to_use_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.toml").write_text(TOML_PLAN)
    monkeypatch.setattr(sys, "version_info", (3, 10, 14, "final", 0))
    with pytest.raises(InvalidInputError, match=r"TOML plans need Python 3\.11\+ .* as JSON"):
        load_plan(tmp_path / "plan.toml")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"cloud_services": [{"name": "web"}]}',
            r"cloud_services\[0\]\.location/affinity_group: exactly one",
        ),
        ('{"servers": []}', "unknown section"),
        ('{"cloud_services": {"name": "web"}}', "cloud_services: must be an array"),
        ("{not json", "is not valid JSON"),
        (
            '{"deployments": [{"service": "s", "name": "d", "package_url": "u",'
            ' "configuration_file": "no.cscfg"}]}',
            r"deployments\[0\]\.configuration_file: cannot read",
        ),
    ],
)
def test_bad_plan_files_name_the_field(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "plan.json").write_text(content)
    with pytest.raises(InvalidInputError, match=message):
        load_plan(tmp_path / "plan.json")
