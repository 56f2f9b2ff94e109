"""Fixtures of the integration tests: a real emulator on loopback, reached over mutual TLS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiosm import PollPolicy, RetryPolicy, ServiceManagementSession
from aiosm.emulator import Emulator, running

CSCFG = (
    '<ServiceConfiguration serviceName="myhostedservice" '
    'xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration" '
    'osFamily="4" osVersion="*"><Role name="WebRole1"><Instances count="{count}" />'
    "</Role></ServiceConfiguration>"
)
FAST_RETRY = RetryPolicy(max_attempts=5, backoff_base=0.01, backoff_max=0.05)
FAST_POLL = PollPolicy(initial=0.0, jitter=0.0, timeout=60.0)


def cscfg(count: int = 2) -> str:
    return CSCFG.replace("{count}", str(count))


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with running(seed=1) as emulator:
        yield emulator


@pytest.fixture
async def sms(emu: Emulator) -> AsyncIterator[ServiceManagementSession]:
    async with emu.session(retry=FAST_RETRY, poll=FAST_POLL) as session:
        yield session
