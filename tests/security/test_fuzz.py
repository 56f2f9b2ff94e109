"""Fuzzing (issue 11): random and mutated bodies, seeded and bounded in count and time, at the
client's parsers and at the emulator's routes.

The corpus is the recorded real traffic in ``tests/data/recordings``: response bodies feed the
client's parsers (``parse_document`` and ``XmlModel.from_xml`` of every model with a document
root), request bodies, paths and verbs feed the emulator. Invariants: the client raises nothing
outside :mod:`aiosm.errors`; the emulator never answers 500, and every error it answers on the
ASM surface is an ASM ``<Error>`` document; peak RSS stays under :data:`RSS_BOUND_MB`.
"""

from __future__ import annotations

import base64
import json
import random
import re
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import aiosm.models  # noqa: F401 - every model class registered as an XmlModel subclass
from aiosm.emulator import Emulator
from aiosm.errors import AsmError
from aiosm.xml import XmlModel, parse_document

from .conftest import client_context

SEED = 20261101
CLIENT_CASES = 10000
EMULATOR_CASES = 1500
TIME_BUDGET = 20.0
"""Seconds each fuzzer may run; it stops early (with fewer cases) rather than slow the suite down."""
RSS_BOUND_MB = 1024
"""Peak RSS of the test process, parsers and emulator included, after both fuzzers."""

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "recordings"
RECORDED_SUB = "00000000-0000-0000-0000-000000000000"
HOSTILE = [
    b'<!DOCTYPE r [<!ENTITY a "INJECTED">]>',
    b"&a;",
    b"&#x1;",
    b"&#0;",
    b"&#xFFFF;",
    b"&#99999999999;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"<",
    b">",
    b"&",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<a>" * 1500 + b"</a>" * 1500,
    b"<Primary><![CDATA[k]]></Primary>",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="x-unknown"?>',
    b"-1",
    b"1e999",
    b"NaN",
    b"9" * 5000,
    b"\xe2\x80\xae\xf0\x9f\x92\xa5",
    b'i:type="x"',
    b"<x:y>",
]


ENCODINGS = [
    "utf-8",
    "utf-16",
    "latin-1",
    "cp1252",
    "x-unknown",
    "utf-32",
    "rot13",
    "base64",
    "idna",
    "ascii",
]


def _interactions() -> Iterator[dict[str, Any]]:
    for path in sorted(RECORDINGS.glob("*.json")):
        yield from json.loads(path.read_text(encoding="utf-8"))["interactions"]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """One random mutation (sometimes several) of ``data``."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        choice = rng.randrange(9)
        at = rng.randrange(len(data) + 1)
        if choice == 0 and data:
            pos = rng.randrange(len(data))
            data = data[:pos] + bytes([rng.randrange(256)]) + data[pos + 1 :]
        elif choice == 1:
            data = data[:at] + rng.choice(HOSTILE) + data[at:]
        elif choice == 2:  # between two tags, where the snippet is most likely to be parsed
            gap = data.find(b">", at) + 1 or len(data)
            data = data[:gap] + rng.choice(HOSTILE) + data[gap:]
        elif choice == 3:
            data = data[:at]
        elif choice == 4 and data:
            start = rng.randrange(len(data))
            data = data[:at] + data[start : start + rng.randrange(1, 200)] + data[at:]
        elif choice == 5:
            text = data.decode("utf-8", "replace")
            data = ('<?xml version="1.0" encoding="utf-16"?>' + text).encode("utf-16")
        elif choice == 6:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        elif choice == 7:  # declare an encoding, known or not
            encoding = rng.choice(ENCODINGS).encode()
            data = b'<?xml version="1.0" encoding="' + encoding + b'"?>' + data.split(b"?>", 1)[-1]
        else:  # replace one element's text
            start = data.find(b">", at)
            end = data.find(b"<", start + 1)
            if 0 <= start < end:
                data = data[: start + 1] + rng.choice(HOSTILE) + data[end:]
    return data


_ROOT = re.compile(rb"<([A-Za-z][\w.-]*)[\s/>]")
_CONFIGURATION = re.compile(rb"<Configuration>([A-Za-z0-9+/=]*)</Configuration>")


def _root(body: bytes) -> str:
    match = _ROOT.search(body.split(b"?>", 1)[-1])
    return match.group(1).decode() if match else ""


def _mutate_configuration(rng: random.Random, body: bytes) -> bytes:
    """Mutate the base64 .cscfg inside a deployment body (the emulator parses it too)."""
    match = _CONFIGURATION.search(body)
    if match is None:
        return body
    cscfg = _mutate(rng, base64.b64decode(match.group(1)))
    encoded = base64.b64encode(cscfg)
    return body[: match.start(1)] + encoded + body[match.end(1) :]


def _document_models() -> dict[str, type[XmlModel]]:
    models: dict[str, type[XmlModel]] = {}
    todo = list(XmlModel.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        root = cls.__dict__.get("__xml_root__")
        if root:
            models.setdefault(root, cls)
    return models


def _rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


def test_client_parsers_raise_only_aiosm_errors() -> None:
    rng = random.Random(SEED)
    bodies = [i["response"]["body"].encode() for i in _interactions() if i["response"].get("body")]
    models = _document_models()
    assert bodies and len(models) > 10
    parsers: list[tuple[str, Callable[[bytes], object]]] = [("parse_document", parse_document)]
    parsers += [(f"{cls.__name__}.from_xml", cls.from_xml) for cls in models.values()]
    deadline = time.monotonic() + TIME_BUDGET
    done = 0
    for case in range(CLIENT_CASES):
        if time.monotonic() > deadline:
            break
        original = rng.choice(bodies)
        body = _mutate(rng, original)
        model = models.get(_root(original))
        if model is not None and rng.random() < 0.8:
            name, parse = f"{model.__name__}.from_xml", model.from_xml
        else:
            name, parse = rng.choice(parsers)
        try:
            parse_document(body)
        except AsmError:
            pass
        except Exception as exc:
            pytest.fail(f"case {case} (seed {SEED}): parse_document raised {exc!r}; body {body[:300]!r}")
        try:
            parse(body)
        except AsmError:
            pass
        except Exception as exc:
            pytest.fail(
                f"case {case} (seed {SEED}): {name} raised {type(exc).__name__}: {exc!r}; body {body[:300]!r}"
            )
        done += 1
    print(f"client fuzz: {done} cases")
    assert done >= 100
    assert _rss_mb() < RSS_BOUND_MB


_NAMES = re.compile(r"/(hostedservices|storageservices|affinitygroups|deployments|roles)/([^/?]+)")
_OURS = {"hostedservices": "fuzzsvc", "storageservices": "fuzzstore", "affinitygroups": "fuzzgroup"}


def _requests() -> tuple[list[tuple[str, str, bytes]], list[tuple[str, str, bytes]]]:
    """The recorded requests with a body, and those without (mostly status polls)."""
    with_body, without = [], []
    for interaction in _interactions():
        request = interaction["request"]
        path = request["uri"].split(RECORDED_SUB, 1)[-1]
        body = (request.get("body") or "").encode()
        (with_body if body else without).append((request["method"], path, body))
    return with_body, without


def _our_names(rng: random.Random, path: str) -> str:
    """Point most paths at resources that exist, so that the routes go past their lookups."""
    if rng.random() < 0.3:
        return path
    return _NAMES.sub(lambda m: f"/{m.group(1)}/{_OURS.get(m.group(1), m.group(2))}", path)


def _mutate_path(rng: random.Random, path: str) -> str:
    choice = rng.randrange(6)
    segments = path.split("/")
    if choice == 0 and len(segments) > 1:
        segments[rng.randrange(1, len(segments))] = rng.choice(
            ["%2F..%2F", "..", "%00", "x" * 3000, "%E2%80%AE", "a%20b", "~", "%25", "fuzzsvc", ""]
        )
        return "/".join(segments)
    if choice == 1:
        return path + rng.choice(
            ["?comp=x", "?comp=status", "?action=regenerate", "?%ZZ", "?embed-detail=maybe"]
        )
    return path


async def test_emulator_routes_never_answer_500(emu: Emulator) -> None:
    rng = random.Random(SEED)
    with_body, without = _requests()
    configurations = [r for r in with_body if _CONFIGURATION.search(r[2])]
    assert configurations
    async with emu.session() as session:  # something for the routes to find
        await session.hosted_services.create("fuzzsvc", "fuzz", location="West US")
        await (await session.storage_accounts.create("fuzzstore", None, "fuzz", location="West US"))
        await session.affinity_groups.create("fuzzgroup", "fuzz", "West US")
    prefix = f"{emu.endpoint}/{emu.subscription_id}"
    timeout = aiohttp.ClientTimeout(total=60)
    deadline = time.monotonic() + TIME_BUDGET
    done = 0
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=client_context(emu)), timeout=timeout
    ) as http:
        for case in range(EMULATOR_CASES):
            if time.monotonic() > deadline:
                break
            pick = rng.random()
            if pick < 0.3:  # a deployment body: its base64 .cscfg is parsed by the emulator too
                method, path, body = rng.choice(configurations)
                body = _mutate_configuration(rng, body)
            else:
                method, path, body = rng.choice(with_body if pick < 0.85 else without)
                if body and rng.random() < 0.8:
                    body = _mutate(rng, body)
            path = _our_names(rng, path)
            if rng.random() < 0.1:
                method = rng.choice(["PUT", "PATCH", "DELETE", "POST", "GET", "HEAD", "OPTIONS", "FOO"])
            path = _mutate_path(rng, path)
            async with http.request(
                method,
                prefix + path,
                data=body,
                headers={"x-ms-version": "2014-10-01", "Content-Type": "application/xml"},
            ) as resp:
                answer = await resp.read()
                where = f"case {case} (seed {SEED}): {method} {path} -> {resp.status}"
                assert resp.status != 500, f"{where}: {answer[:300]!r}"
                if resp.status >= 400 and method != "HEAD":
                    assert resp.content_type == "application/xml", where
                    assert answer.startswith(b"<Error"), f"{where}: {answer[:300]!r}"
            done += 1
    print(f"emulator fuzz: {done} cases")
    assert done >= 50
    assert _rss_mb() < RSS_BOUND_MB


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2**70, 3, 503, 429, 200])
    if kind == 3:
        return rng.choice([0.0, -0.5, 0.5, 1e308, 1.5])
    if kind == 4:
        return rng.choice(["", "x", "(", "server_busy", "slow", "GET", "a" * 5000, "[a-", "\u00e9"])
    if kind == 5:
        return rng.choice(["kind", "seconds", "polls", "limit"])
    if kind == 6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(3))]
    keys = [
        "kind",
        "count",
        "path_pattern",
        "method",
        "probability",
        "delay",
        "retry_after",
        "seconds",
        "polls",
    ]
    keys += ["limit", "period", "status", "other"]
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


async def test_control_routes_answer_json_never_500(emu: Emulator) -> None:
    rng = random.Random(SEED)
    routes = [("POST", "faults"), ("POST", "latency"), ("POST", "progression"), ("POST", "throttle")]
    headers = {"x-aiosm-emulator-token": emu.control_token, "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(ssl=client_context(emu))
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as http:
        for case in range(300):
            method, route = rng.choice(routes)
            body = json.dumps(_random_json(rng)).encode()
            if rng.random() < 0.2:
                body = _mutate(rng, body)
            async with http.request(
                method, f"{emu.endpoint}/_emulator/{route}", data=body, headers=headers
            ) as resp:
                assert resp.status in (200, 400), f"case {case}: {route} {body[:200]!r} -> {resp.status}"
                assert resp.content_type == "application/json"
            emu.faults.clear()  # a rule that was accepted must not slow the next cases down
            emu.progression.latency, emu.progression.polls_default = 0.0, None
        # The ASM surface still works after all of it.
        async with emu.session() as session:
            assert len(await session.locations.list()) == 8
