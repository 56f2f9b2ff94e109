"""The installed distribution's metadata: its name, what it needs at run time, what it tells the index."""

from __future__ import annotations

import re
from importlib import metadata

DIST = "aiosm-azure"


def requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return match.group(0).lower().replace("_", "-")


def test_the_distribution_is_aiosm_azure_and_its_version_is_the_package_version() -> None:
    import aiosm

    assert metadata.metadata(DIST)["Name"] == DIST
    assert metadata.version(DIST) == aiosm.__version__


def test_runtime_dependencies_are_only_aiohttp_cryptography_and_pydantic() -> None:
    requirements = metadata.requires(DIST) or []
    runtime = {requirement_name(r) for r in requirements if "extra ==" not in r}
    assert runtime == {"aiohttp", "cryptography", "pydantic"}
    by_extra: dict[str, set[str]] = {}
    for requirement in requirements:
        extra = re.search(r"extra == ['\"]([\w-]+)['\"]", requirement)
        if extra:
            by_extra.setdefault(extra.group(1), set()).add(requirement_name(requirement))
    # The FastAPI example's dependencies are test extras, never runtime ones.
    assert {"fastapi", "httpx"} <= by_extra["test"]
    assert all("fastapi" not in names for extra, names in by_extra.items() if extra != "test")


def test_metadata_is_complete() -> None:
    meta = metadata.metadata(DIST)
    assert meta["License-Expression"] == "MIT"
    assert meta["Author"] == "aiosm developers"
    assert meta["Requires-Python"] == ">=3.10"
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Repository", "Issues"} <= set(urls)
    classifiers = set(meta.get_all("Classifier") or [])
    for minor in (10, 11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert {"Typing :: Typed", "Framework :: AsyncIO"} <= classifiers
    assert "azure" in (meta["Keywords"] or "").split(",")
