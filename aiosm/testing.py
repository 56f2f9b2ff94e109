"""pytest plugin: a fresh ASM emulator per test.

Installed with aiosm (entry point ``pytest11``), so a test suite using
pytest-asyncio gets two fixtures with no configuration::

    async def test_create(asm_session):
        await (await asm_session.hosted_services.create("svc", "label", location="West US"))
        assert [s.service_name for s in await asm_session.hosted_services.list()] == ["svc"]

* ``asm_emulator``: a started :class:`aiosm.emulator.Emulator` (operation
  latency 0, in-memory state), stopped after the test. Its control methods
  (``set_progression``, ``inject_fault``, ``reset``, ...) script the test.
* ``asm_session``: an open :class:`aiosm.ServiceManagementSession` for the
  emulator's default subscription, polling without delay.

Both are function-scoped async fixtures; they need pytest-asyncio.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar, cast

import pytest

from .emulator import Emulator, running
from .operations import PollPolicy
from .session import ServiceManagementSession

__all__ = ["asm_emulator", "asm_session"]

_F = TypeVar("_F", bound=Callable[..., Any])

try:
    import pytest_asyncio

    _decorator: Any = pytest_asyncio.fixture
except ImportError:  # pragma: no cover - the fixtures then need another async plugin
    _decorator = pytest.fixture


def _fixture(func: _F) -> _F:
    return cast(_F, _decorator(func))


@_fixture
async def asm_emulator() -> AsyncIterator[Emulator]:
    """A fresh emulator (latency 0) for one test."""
    async with running(latency=0.0) as emulator:
        yield emulator


@_fixture
async def asm_session(asm_emulator: Emulator) -> AsyncIterator[ServiceManagementSession]:
    """An open session on ``asm_emulator``'s default subscription."""
    async with asm_emulator.session(poll=PollPolicy(initial=0.0, jitter=0.0, timeout=60.0)) as session:
        yield session
