"""Shared fixtures for the mocked-HTTP unit tests: a session, aioresponses, XML and request helpers."""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from aiosm import PollPolicy, RetryPolicy, ServiceManagementSession

SUB = "8f1a2b3c-0000-4d5e-9f00-123456789abc"
ENDPOINT = "https://management.core.windows.net"
BASE = f"{ENDPOINT}/{SUB}"
NS_ATTRS = (
    ' xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/windowsazure"'
)
CONTENT_TYPE = "application/atom+xml;type=entry;charset=utf-8"
RID = "0123456789abcdef0123456789abcdef"
"""A request id as the ``x-ms-request-id`` header carries it (32 hex digits)."""
RID_DASHED = "01234567-89ab-cdef-0123-456789abcdef"
"""The same id as an Operation ``<ID>`` carries it."""


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def doc(root: str, inner: str = "") -> str:
    """A response document in the ASM namespace."""
    return f'<{root} xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">{inner}</{root}>'


def body_xml(root: str, inner: str) -> bytes:
    """The exact request body aiosm must send: root with both namespace declarations, no whitespace."""
    return f"<{root}{NS_ATTRS}>{inner}</{root}>".encode()


def error_doc(code: str, message: str) -> str:
    return doc("Error", f"<Code>{code}</Code><Message>{message}</Message>")


def operation_doc(status: str, *, rid: str = RID_DASHED, http: int | None = None, error: str = "") -> str:
    inner = f"<ID>{rid}</ID><Status>{status}</Status>"
    if http is not None:
        inner += f"<HttpStatusCode>{http}</HttpStatusCode>"
    return doc("Operation", inner + error)


def url(path: str, **query: str) -> URL:
    """The URL aioresponses records for a subscription-relative path (query merged)."""
    result = URL(BASE + path, encoded=False)
    return result.update_query(query) if query else result


def calls(mock: aioresponses, method: str, target: str | URL) -> list[Any]:
    key = (method, target if isinstance(target, URL) else URL(target))
    return list(mock.requests.get(key, []))


def total_requests(mock: aioresponses) -> int:
    return sum(len(v) for v in mock.requests.values())


def only_request(mock: aioresponses) -> tuple[str, URL, dict[str, Any]]:
    """The single request sent: ``(method, url, kwargs)``; fails if there was not exactly one."""
    sent = [(key[0], key[1], call.kwargs) for key, values in mock.requests.items() for call in values]
    assert len(sent) == 1, f"expected exactly one request, got {[(m, str(u)) for m, u, _ in sent]}"
    return sent[0]


def header(kwargs: dict[str, Any], name: str) -> str | None:
    headers = kwargs.get("headers") or {}
    for key, value in headers.items():
        if key.lower() == name.lower():
            return str(value)
    return None


def accept(
    mock: aioresponses,
    method: str,
    target: str | URL,
    *,
    status: int = 202,
    request_id: str = RID,
    body: str = "",
    repeat: bool = False,
) -> None:
    """Register the answer of a mutation: ``status`` with an ``x-ms-request-id`` header."""
    mock.add(target, method, status=status, body=body, headers={"x-ms-request-id": request_id}, repeat=repeat)


def respond_xml(
    mock: aioresponses,
    method: str,
    target: str | URL,
    body: str,
    *,
    status: int = 200,
    request_id: str = RID,
    headers: dict[str, str] | None = None,
    repeat: bool = False,
) -> None:
    all_headers = {"x-ms-request-id": request_id, "Content-Type": "application/xml; charset=utf-8"}
    all_headers.update(headers or {})
    mock.add(target, method, status=status, body=body, headers=all_headers, repeat=repeat)


def assert_mutation_headers(kwargs: dict[str, Any], api_version: str = "2014-10-01") -> None:
    from aiosm import __version__

    assert header(kwargs, "x-ms-version") == api_version
    assert header(kwargs, "Content-Type") == CONTENT_TYPE
    assert header(kwargs, "User-Agent") == f"aiosm/{__version__}"


def assert_read_headers(kwargs: dict[str, Any], api_version: str = "2014-10-01") -> None:
    from aiosm import __version__

    assert header(kwargs, "x-ms-version") == api_version
    assert header(kwargs, "Content-Type") is None
    assert header(kwargs, "User-Agent") == f"aiosm/{__version__}"


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def mock() -> Iterator[aioresponses]:
    with aioresponses() as m:
        yield m


FAST_RETRY = RetryPolicy(max_attempts=4, max_elapsed=60.0, backoff_base=0, backoff_max=0)
FAST_POLL = PollPolicy(initial=0, multiplier=1, maximum=0, jitter=0, timeout=60.0)


def make_session(**options: Any) -> ServiceManagementSession:
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("poll", FAST_POLL)
    return ServiceManagementSession(SUB, ssl.create_default_context(), **options)


@pytest.fixture
async def session() -> AsyncIterator[ServiceManagementSession]:
    s = make_session()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Replace ``asyncio.sleep`` by a recorder that only yields to the loop; returns the delays asked."""
    recorded: list[float] = []
    original = asyncio.sleep

    async def fake_sleep(delay: float, result: Any = None) -> Any:
        recorded.append(delay)
        return await original(0, result)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    return recorded
