"""Replay recorded ASM exchanges (tests/data/recordings, see NOTICE there) through aioresponses.

A scenario serves recorded interactions by index, calls the client, and the
:class:`Replayer` then checks that the client sent exactly those requests, in
that order, and that each one matches its recording: method, URL path
(subscription segment and trailing slashes included), query parameters,
``x-ms-version``, ``Content-Type`` of mutations, and the body compared
canonically (see :func:`canonical_xml`).
"""

from __future__ import annotations

import contextlib
import json
import ssl
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aioresponses import aioresponses
from yarl import URL

from aiosm import PollPolicy, RetryPolicy, ServiceManagementSession

RECORDINGS = Path(__file__).resolve().parent.parent / "data" / "recordings"
SHARED_RECORDINGS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "recordings"
"""The reference set the copies come from: ``../shared`` beside the checkout (there in CI)."""
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
ENDPOINT = "https://management.core.windows.net"


# -- recordings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Interaction:
    index: int
    method: str
    uri: str
    x_ms_version: str | None
    content_type: str | None
    request_body: str | None
    status: int
    headers: dict[str, str]
    response_body: str

    @property
    def url(self) -> URL:
        return URL(self.uri, encoded=True)

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-ms-request-id")


@dataclass(frozen=True)
class Recording:
    name: str
    test: str
    call_summary: str
    interactions: tuple[Interaction, ...]
    truncated: bool = False
    gap_after_interaction: int | None = None

    def __getitem__(self, index: int) -> Interaction:
        return self.interactions[index]

    def polls_of(self, request_id: str, start: int) -> list[int]:
        """Indices of the consecutive ``GET /operations/<request_id>`` polls from ``start`` on."""
        indices = []
        for item in self.interactions[start:]:
            if item.method != "GET" or not item.url.path.endswith(f"/operations/{request_id}"):
                break
            indices.append(item.index)
        return indices


@cache
def load(name: str) -> Recording:
    """The recording ``tests/data/recordings/<name>.json``."""
    data = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
    interactions = tuple(
        Interaction(
            index=i,
            method=item["request"]["method"],
            uri=item["request"]["uri"],
            x_ms_version=item["request"].get("x_ms_version"),
            content_type=item["request"].get("content_type"),
            request_body=item["request"].get("body"),
            status=item["response"]["status"],
            headers=dict(item["response"].get("headers") or {}),
            response_body=item["response"].get("body") or "",
        )
        for i, item in enumerate(data["interactions"])
    )
    return Recording(
        name=name,
        test=data.get("test", ""),
        call_summary=data.get("call_summary", ""),
        interactions=interactions,
        truncated=bool(data.get("truncated")),
        gap_after_interaction=data.get("gap_after_interaction"),
    )


def all_recording_names() -> list[str]:
    return sorted(p.stem for p in RECORDINGS.glob("*.json"))


# -- canonical XML ---------------------------------------------------------------------

Canonical = tuple[str, str | None, tuple[Any, ...]]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(text: str | None) -> str | None:
    return None if text is None or not text.strip() else text


def _canon(element: ET.Element) -> Canonical:
    children: list[Any] = []
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            continue
        children.append(_canon(child))
        tail = _text(child.tail)
        if tail is not None:
            children.append(("#text", tail, ()))
    return (_local(element.tag), _text(element.text), tuple(children))


def canonical_xml(body: str | bytes) -> Canonical:
    """Element local names, child order and text; whitespace-only text, namespace
    prefixes and declarations, and attributes (``i:type``) are ignored."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return _canon(ET.fromstring(raw))


def render(node: Canonical, depth: int = 0) -> str:
    """An indented outline of a canonical tree, for readable assertion diffs."""
    name, text, children = node
    line = "  " * depth + name + ("" if text is None else f" = {text!r}")
    return "\n".join([line, *(render(child, depth + 1) for child in children)])


def assert_same_xml(actual: str | bytes, expected: str | bytes) -> None:
    got, want = canonical_xml(actual), canonical_xml(expected)
    assert render(got) == render(want), "request body differs from the recording (canonical form)"
    assert got == want


# -- the replayer ------------------------------------------------------------------------

REPLAYED: dict[str, set[int]] = {}
"""Per recording, the interactions a replay served and verified (conftest.py reports the coverage)."""


@dataclass
class Sent:
    index: int
    method: str
    url: URL
    headers: dict[str, str]
    body: bytes | None


@dataclass
class Replayer:
    """Serves recorded responses and records what the client sent for each."""

    recording: Recording
    mock: aioresponses
    served: list[int] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)

    def serve(self, *indices: int) -> None:
        """Register these interactions' responses, in order (matched on method + URL incl. query)."""
        for index in indices:
            item = self.recording[index]
            self.served.append(index)
            kwargs: dict[str, Any] = {
                "method": item.method,
                "status": item.status,
                "body": item.response_body.encode("utf-8"),
                "headers": dict(item.headers),
                "callback": self._recorder(item),
            }
            if "Content-Type" in item.headers:
                kwargs["content_type"] = item.headers["Content-Type"]
            self.mock.add(item.url, **kwargs)

    def _recorder(self, item: Interaction) -> Any:
        def record(url: URL, **kwargs: Any) -> None:
            headers = {str(k).lower(): str(v) for k, v in (kwargs.get("headers") or {}).items()}
            data = kwargs.get("data")
            self.sent.append(Sent(item.index, item.method, url, headers, data))

        return record

    def verify(self) -> None:
        """Every served interaction was requested once, in order, and matches its recording."""
        total = sum(len(calls) for calls in (self.mock.requests or {}).values())
        unexpected = [
            f"{method} {url}"
            for (method, url), calls in (self.mock.requests or {}).items()
            for _ in calls
            if not any(s.method == method and s.url == url for s in self.sent)
        ]
        assert not unexpected, f"requests not in the recording: {unexpected}"
        assert [s.index for s in self.sent] == self.served, "requests sent out of recorded order"
        assert total == len(self.sent), "more requests were sent than were served"
        for sent in self.sent:
            assert_request_matches(sent, self.recording[sent.index])
        REPLAYED.setdefault(self.recording.name, set()).update(self.served)


def assert_request_matches(sent: Sent, item: Interaction) -> None:
    where = f"interaction {item.index} ({item.method} {item.uri})"
    want = item.url
    assert sent.method == item.method, where
    assert (sent.url.scheme, sent.url.host) == (want.scheme, want.host), where
    assert sent.url.path == want.path, where
    assert sent.url.path.startswith(f"/{SUBSCRIPTION}/") or sent.url.path == f"/{SUBSCRIPTION}", where
    assert sorted(sent.url.query.items()) == sorted(want.query.items()), where
    assert sent.headers.get("x-ms-version") == item.x_ms_version, where
    if item.request_body is None:
        assert not sent.body, f"{where}: the recorded request had no body"
    else:
        assert sent.body, f"{where}: the recorded request had a body"
        assert_same_xml(sent.body, item.request_body)
    if item.method not in ("GET", "HEAD") and item.content_type is not None:
        assert sent.headers.get("content-type") == item.content_type, where


def make_session(**options: Any) -> ServiceManagementSession:
    """A session on the recordings' (zeroed) subscription that never retries, so an
    unrecorded request fails at once instead of being retried."""
    options.setdefault("retry", RetryPolicy.none())
    options.setdefault("poll", PollPolicy(initial=0.0, jitter=0.0, timeout=10.0))
    return ServiceManagementSession(SUBSCRIPTION, ssl.create_default_context(), **options)


@contextlib.asynccontextmanager
async def replaying(
    name: str, **options: Any
) -> AsyncIterator[tuple[Recording, Replayer, ServiceManagementSession]]:
    """Mock HTTP with the recording ``name``; on a clean exit, verify what was sent."""
    recording = load(name)
    with aioresponses() as mock:
        replayer = Replayer(recording, mock)
        async with make_session(**options) as session:
            yield recording, replayer, session
        replayer.verify()
