"""Every public module, class, function, method and property of aiosm has a docstring.

"Public" is what a user reaches: every module (its docstring), the ``__all__`` of the
modules the API reference documents, the classes' own methods and properties, and the
resource clients reachable as ``session.<family>``. The documentation site renders these
docstrings, so a missing one is a hole in the API reference. (The emulator's request
handlers, ``validation`` and ``transport`` internals are not user API.)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import aiosm
import aiosm.emulator
from aiosm import ServiceManagementSession

# The modules of the API reference (docs/api/): their __all__ is the public API.
PUBLIC_MODULES = (
    "aiosm",
    "aiosm.session",
    "aiosm.operations",
    "aiosm.errors",
    "aiosm.credentials",
    "aiosm.bulk",
    "aiosm.plan",
    "aiosm.apply",
    "aiosm.journal",
    "aiosm.emulator",
    "aiosm.testing",
    "aiosm.models",
)


def modules() -> Iterator[ModuleType]:
    yield aiosm
    for info in pkgutil.walk_packages(aiosm.__path__, "aiosm."):
        yield importlib.import_module(info.name)


def public_names(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return list(names)


def own_members(cls: type) -> Iterator[tuple[str, Any]]:
    """The public methods and properties ``cls`` defines itself (not pydantic's, enum's, ...)."""
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            yield name, value.fget
        elif isinstance(value, (staticmethod, classmethod)):
            yield name, value.__func__
        elif inspect.isfunction(value):
            yield name, value


def undocumented(visited: set[type] | None = None) -> set[str]:
    """The public names without a docstring; ``visited`` collects the classes walked."""
    missing: set[str] = set()
    seen: set[type] = set() if visited is None else visited

    def check_class(cls: type) -> None:
        if cls in seen or not cls.__module__.startswith("aiosm"):
            return
        seen.add(cls)
        if not (cls.__doc__ or "").strip():
            missing.add(f"{cls.__module__}.{cls.__qualname__}")
        for name, member in own_members(cls):
            if not (inspect.getdoc(member) or "").strip():
                missing.add(f"{cls.__module__}.{cls.__qualname__}.{name}")

    for module in modules():
        if not (module.__doc__ or "").strip():
            missing.add(module.__name__)
    for module in map(importlib.import_module, PUBLIC_MODULES):
        for name in public_names(module):
            value = getattr(module, name)
            if inspect.isclass(value):
                check_class(value)
            elif inspect.isfunction(value) and value.__module__.startswith("aiosm"):
                if not (value.__doc__ or "").strip():
                    missing.add(f"{value.__module__}.{value.__qualname__}")
    # The resource clients are public through the session's attributes.
    session = ServiceManagementSession("00000000-0000-0000-0000-000000000000", "unused.pem")
    for value in vars(session).values():
        if type(value).__module__.startswith("aiosm"):
            check_class(type(value))
    return missing


def test_every_public_name_has_a_docstring() -> None:
    missing = sorted(undocumented())
    assert missing == [], "add docstrings to: " + ", ".join(missing)


def test_the_walk_reaches_the_resource_clients_models_and_facade() -> None:
    visited: set[type] = set()
    undocumented(visited)
    session = ServiceManagementSession("00000000-0000-0000-0000-000000000000", "unused.pem")
    assert type(session.hosted_services) in visited
    assert type(session.operations) in visited
    assert aiosm.ServiceManagementService in visited
    assert aiosm.HostedService in visited
    assert aiosm.emulator.Emulator in visited
