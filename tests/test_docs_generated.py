"""The generated docs pages: every declared operation and every legacy method is in them."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

from aiosm.operation import REGISTRY

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))
import _generate


def test_every_legacy_method_is_in_the_migration_table() -> None:
    legacy = pytest.importorskip("azure.servicemanagement").ServiceManagementService
    table = _generate.migration_markdown()
    public = [n for n, _ in inspect.getmembers(legacy, inspect.isfunction) if not n.startswith("_")]
    # Transport plumbing of the requests-based SDK, not operations: documented in the README instead.
    plumbing = {"with_filter", "set_proxy", "should_use_requests"}
    plumbing |= {n for n in public if n.startswith("wait_for_operation_status_") and n.endswith("_callback")}
    missing = [n for n in public if f"| `{n}` |" not in table and n not in plumbing]
    assert missing == []
    assert len(public) - len(plumbing) == 101
    assert "not yet" not in table, "every legacy method is available"


def test_declared_legacy_names_map_to_their_operation() -> None:
    rows = {name: target for name, target, _ in _generate.migration_rows(_generate.legacy_method_names())}
    for spec in REGISTRY:
        if spec.legacy:
            assert rows[spec.legacy] == f"`{spec.name}(...)`", spec.legacy


def test_each_family_page_lists_every_operation_with_its_request() -> None:
    pages = _generate.family_pages()
    overview = _generate.families_markdown()
    for spec in REGISTRY:
        page = pages[spec.family]
        assert page.startswith(f"# `session.{spec.family}`")
        assert f"`{spec.method} /<subscription-id>{spec.path}" in page
        assert f"await session.{spec.family}.{spec.verb}(" in page
        assert f"(families/{spec.family}.md#{spec.verb})" in overview


def test_examples_never_show_a_secret() -> None:
    page = "".join(_generate.family_pages().values())
    assert "Secret-pa55" not in page and "'<secret>'" in page
