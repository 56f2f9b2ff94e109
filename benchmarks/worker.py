"""One contender of one benchmark, in its own interpreter (clean CPU and RSS accounting).

``python benchmarks/worker.py <benchmark> <contender> [options]`` prints one ``BENCH-RESULT {json}``
line. The driver is ``benchmarks/run.py``; this file is not meant to be run by hand except to debug.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import ssl
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Meter, emit, max_rss_mb

SERVICE = "utsvc75f61e6c"
LOCATION = "West US"


# -- clients ---------------------------------------------------------------------------------


def legacy_client(args: argparse.Namespace) -> Any:
    from azure.servicemanagement import ServiceManagementService

    host = args.endpoint.split("://", 1)[1].rstrip("/")
    # requests lets REQUESTS_CA_BUNDLE override session.verify, so trust the private CA through it.
    os.environ["REQUESTS_CA_BUNDLE"] = os.environ["CURL_CA_BUNDLE"] = args.ca
    sms = ServiceManagementService(args.subscription, args.cert, host=host)
    sms._httpclient.request_session.verify = args.ca
    return sms


def aiosm_session(args: argparse.Namespace, **kw: Any) -> Any:
    from aiosm import ServiceManagementSession

    return ServiceManagementSession(
        args.subscription, args.cert, endpoint=args.endpoint, ca_file=args.ca, **kw
    )


def client_ssl_context(args: argparse.Namespace) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=args.ca)
    context.load_cert_chain(args.cert)
    return context


# -- 2. per-call overhead ----------------------------------------------------------------------


def overhead(args: argparse.Namespace) -> dict[str, Any]:
    n, warmup = args.n, args.warmup
    if args.contender == "legacy":
        sms = legacy_client(args)
        for _ in range(warmup):
            sms.get_hosted_service_properties(SERVICE)
        with Meter() as m:
            for _ in range(n):
                hs = sms.get_hosted_service_properties(SERVICE)
        assert hs.service_name == SERVICE
        return m.as_dict()

    async def run() -> dict[str, Any]:
        if args.contender == "aiosm":
            async with aiosm_session(args) as session:
                for _ in range(warmup):
                    await session.hosted_services.get(SERVICE)
                with Meter() as m:
                    for _ in range(n):
                        hs = await session.hosted_services.get(SERVICE)
            assert hs.service_name == SERVICE
            return m.as_dict()
        import aiohttp

        url = f"{args.endpoint}/{args.subscription}/services/hostedservices/{SERVICE}"
        params = {"embed-detail": "false"}
        connector = aiohttp.TCPConnector(ssl=client_ssl_context(args))
        headers = {"x-ms-version": "2014-10-01"}
        if args.contender == "raw-et":
            # The fastest a user could hand-write: the C tree parser, one lookup for the field.
            import xml.etree.ElementTree as ET

            ns = "{http://schemas.microsoft.com/windowsazure}"

            def decode(body: bytes) -> str | None:
                return ET.fromstring(body).findtext(ns + "ServiceName")

        else:
            import xmltodict

            def decode(body: bytes) -> str | None:
                doc: dict[str, Any] = xmltodict.parse(body)
                return str(doc["HostedService"]["ServiceName"])

        async with aiohttp.ClientSession(connector=connector, headers=headers) as http:

            async def get() -> str | None:
                async with http.get(url, params=params) as resp:
                    resp.raise_for_status()
                    return decode(await resp.read())

            for _ in range(warmup):
                await get()
            with Meter() as m:
                for _ in range(n):
                    name = await get()
        assert name == SERVICE
        return m.as_dict()

    return asyncio.run(run())


def connections(args: argparse.Namespace) -> dict[str, Any]:
    """``--n`` GETs at once on a pool of ``--n`` connections: every one opens its own TLS connection
    (none is idle yet); the growth of peak RSS over one warm connection, per extra connection."""

    async def run() -> dict[str, Any]:
        async with aiosm_session(args, connection_limit=args.n) as session:
            await session.hosted_services.get(SERVICE)
            before = max_rss_mb()
            await asyncio.gather(*(session.hosted_services.get(SERVICE) for _ in range(args.n)))
            connector = session.transport._session.connector
            opened = len(connector._conns.get(next(iter(connector._conns)), [])) if connector._conns else 0
            return {"before_mb": before, "after_mb": max_rss_mb(), "opened": opened}

    return asyncio.run(run())


# -- 3. large response parse -----------------------------------------------------------------


def parse(args: argparse.Namespace) -> dict[str, Any]:
    body = Path(args.body).read_bytes()
    contender = args.contender
    if contender == "aiosm":
        from aiosm.models.os_images import OSImageList

        def once() -> int:
            return len(OSImageList.from_xml(body).images)

    elif contender == "legacy":
        from azure.servicemanagement._serialization import _MinidomXmlToObject
        from azure.servicemanagement.models import Images

        class _Resp:  # what ServiceManagementService._perform_get hands the parser
            def __init__(self, b: bytes) -> None:
                self.body = b

        resp = _Resp(body)

        def once() -> int:
            return len(_MinidomXmlToObject.parse_response(resp, Images))

    elif contender == "xmltodict":
        import xmltodict

        def once() -> int:
            return len(xmltodict.parse(body)["Images"]["OSImage"])

    elif contender == "expat":
        from xml.parsers import expat

        def once() -> int:
            parser = expat.ParserCreate()
            parser.Parse(body, True)
            return args.images

    else:
        raise SystemExit(f"unknown contender {contender}")
    count = once()  # warm-up (imports, caches)
    assert count == args.images, (count, args.images)
    times = []
    with Meter() as m:
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            once()
            times.append(time.perf_counter() - t0)
    result = m.as_dict()
    result.update(
        ms_median=statistics.median(times) * 1e3, ms_min=min(times) * 1e3, repeat=args.repeat, size=len(body)
    )
    return result


# -- 3b. other large answers (VM images, a 50-role deployment, a role) ------------------------------

# document -> (the legacy method whose answer it is, the legacy SDK's model class, its count)
ANSWERS: dict[str, tuple[str, str]] = {
    "vm_images": ("list_vm_images", "VMImages"),
    "deployment": ("get_deployment_by_name", "Deployment"),
    "role": ("get_role", "PersistentVMRole"),
    "network": ("network.get", ""),
}
"""Each document's operation (its legacy name, or its ``family.verb`` when the legacy SDK has none)
and the legacy SDK's class for it (``""``: no legacy contender)."""


def _count(document: str, parsed: Any) -> int:
    if document == "vm_images":
        return len(parsed)
    if document == "deployment":
        return len(parsed.role_list)
    if document == "network":
        return len(parsed.virtual_network_configuration.virtual_network_sites)
    return 1


def answer(args: argparse.Namespace) -> dict[str, Any]:
    """Parse one recorded-shape answer with the declared answer model of its legacy method (aiosm),
    the legacy SDK's parser, or bare expat."""
    body = Path(args.body).read_bytes()
    legacy_name, legacy_class = ANSWERS[args.document]
    if args.contender == "aiosm":
        from aiosm.operation import REGISTRY

        (spec,) = [s for s in REGISTRY if legacy_name in (s.legacy, s.name)]
        model: Any = spec.answer

        def once() -> int:
            parsed = model.from_xml(body)
            return _count(args.document, getattr(parsed, spec.unwrap) if spec.unwrap else parsed)

    elif args.contender == "legacy":
        if not legacy_class:
            raise SystemExit(f"the legacy SDK cannot parse {args.document}")
        from azure.servicemanagement import models as legacy_models
        from azure.servicemanagement._serialization import _MinidomXmlToObject

        class _Resp:
            def __init__(self, b: bytes) -> None:
                self.body = b

        resp, cls = _Resp(body), getattr(legacy_models, legacy_class)

        def once() -> int:
            return _count(args.document, _MinidomXmlToObject.parse_response(resp, cls))

    elif args.contender == "expat":
        from xml.parsers import expat

        def once() -> int:
            parser = expat.ParserCreate()
            parser.Parse(body, True)
            return args.images

    else:
        raise SystemExit(f"unknown contender {args.contender}")
    count = once()
    assert count == args.images, (count, args.images)
    times = []
    with Meter() as m:
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            once()
            times.append(time.perf_counter() - t0)
    result = m.as_dict()
    result.update(
        ms_median=statistics.median(times) * 1e3, ms_min=min(times) * 1e3, repeat=args.repeat, size=len(body)
    )
    return result


# -- 1. bulk create + wait / 4. scale ----------------------------------------------------------
#
# Both create *storage accounts*: Create Hosted Service is synchronous in ASM (201, as in the recordings
# and the emulator), so only an asynchronous create (202 + operation) exercises the operation latency.


async def aiosm_bulk(
    session: Any, names: list[str], concurrency: int | None, poll: float | None
) -> list[str]:
    """Create every account and wait for it with the public bulk API (``concurrency`` None: its
    default); the failures' reprs."""
    from aiosm import bulk

    create = session.storage_accounts.create
    items = [bulk.item(name, create, name, name, name, location=LOCATION) for name in names]
    options: dict[str, Any] = {} if concurrency is None else {"concurrency": concurrency}
    report = await bulk.run_bulk(items, poll_interval=poll, **options)
    return [repr(r.error) for r in report.failed]


def bulk(args: argparse.Namespace) -> dict[str, Any]:
    names = [f"{args.prefix}{i:05d}" for i in range(args.n)]
    poll = args.poll
    failures: list[str] = []
    if args.contender == "aiosm":
        from aiosm import PollPolicy

        async def run() -> Meter:
            policy = PollPolicy(initial=poll, multiplier=1.0, maximum=poll, jitter=0.0, timeout=600)
            options: dict[str, Any] = {"poll": policy}
            if args.connection_limit:  # 0: the session's default
                options["connection_limit"] = args.connection_limit
            async with aiosm_session(args, **options) as session:
                await session.locations.list()  # open the pool and load the certificate first
                with Meter() as m:
                    failures.extend(await aiosm_bulk(session, names, args.concurrency or None, poll))
                return m

        m = asyncio.run(run())
    else:
        local = threading.local()

        def client() -> Any:
            sms = getattr(local, "sms", None)
            if sms is None:
                sms = local.sms = legacy_client(args)
            return sms

        def one(name: str) -> None:
            sms = client()
            result = sms.create_storage_account(name, name, name, location=LOCATION)
            status = sms.wait_for_operation_status(
                result.request_id,
                timeout=600,
                sleep_interval=poll,
                progress_callback=None,
                success_callback=None,
                failure_callback=None,
            )
            if status.status != "Succeeded":
                raise RuntimeError(f"{name}: {status.status}")

        client().list_locations()  # same warm-up as aiosm: one connection and a first request
        if args.threads <= 1:
            with Meter() as m:
                for name in names:
                    try:
                        one(name)
                    except Exception as exc:
                        failures.append(repr(exc))
        else:
            with ThreadPoolExecutor(args.threads) as pool:
                with Meter() as m:
                    futures = [pool.submit(one, name) for name in names]
                    for future in futures:
                        exc = future.exception()
                        if exc is not None:
                            failures.append(repr(exc))
    result = m.as_dict()
    result.update(n=args.n, failures=len(failures), first_failures=failures[:3])
    return result


def scale(args: argparse.Namespace) -> dict[str, Any]:
    from aiosm import PollPolicy

    names = [f"{args.prefix}{i:05d}" for i in range(args.n)]
    failures: list[str] = []
    lags: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            t0 = loop.time()
            await asyncio.sleep(0.01)
            lags.append(loop.time() - t0 - 0.01)

    async def run() -> Meter:
        policy = PollPolicy(initial=args.latency, multiplier=1.5, maximum=20.0, jitter=0.2, timeout=1800)
        # Default request timeout: requests queued behind connection_limit wait in the transport,
        # and their timeout only starts when they go out.
        options: dict[str, Any] = {"poll": policy}
        if args.connection_limit:  # 0: the session's default
            options["connection_limit"] = args.connection_limit
        async with aiosm_session(args, **options) as session:
            await session.locations.list()
            stop = asyncio.Event()
            tick = asyncio.create_task(ticker(stop))
            with Meter() as m:
                failures.extend(await aiosm_bulk(session, names, len(names), None))
            stop.set()
            await tick
        return m

    m = asyncio.run(run())
    result = m.as_dict()
    lags.sort()
    result.update(
        n=args.n,
        failures=len(failures),
        first_failures=failures[:3],
        lag_max_ms=lags[-1] * 1e3 if lags else 0.0,
        lag_p50_ms=lags[len(lags) // 2] * 1e3 if lags else 0.0,
        lag_p99_ms=lags[int(len(lags) * 0.99)] * 1e3 if lags else 0.0,
        ticks=len(lags),
    )
    return result


# -- 5. session open ------------------------------------------------------------------------------


def session_open(args: argparse.Namespace) -> dict[str, Any]:
    """Open (load certificate, build the TLS context, create the pool) twice in this fresh process."""

    async def run() -> dict[str, Any]:
        timings = []
        for _ in range(max(2, args.repeat)):
            session = aiosm_session(args)
            started = time.perf_counter()
            await session.open()
            timings.append((time.perf_counter() - started) * 1000)
            await session.close()
        return {"cold_ms": timings[0], "warm_ms": min(timings[1:]), "all_ms": timings}

    return asyncio.run(run())


_IMPORTS = {
    "aiosm": ("aiosm", "aiosm.bulk", "aiosm.models.os_images"),
    "legacy": ("azure.servicemanagement", "azure.servicemanagement._serialization", "requests"),
    "raw": ("aiohttp", "xmltodict"),
    "raw-et": ("aiohttp", "xml.etree.ElementTree"),
    "xmltodict": ("xmltodict",),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    benchmarks = ["overhead", "connections", "parse", "answer", "bulk", "scale", "open"]
    parser.add_argument("benchmark", choices=benchmarks)
    parser.add_argument("contender")
    parser.add_argument("--endpoint")
    parser.add_argument("--subscription")
    parser.add_argument("--cert")
    parser.add_argument("--ca")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--body")
    parser.add_argument("--images", type=int, default=0)
    parser.add_argument("--document", choices=sorted(ANSWERS))
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--prefix", default="bench")
    parser.add_argument("--poll", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=0, help="0: run_bulk's default")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--latency", type=float, default=5.0)
    parser.add_argument("--connection-limit", type=int, default=0, help="0: the session's default")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # Import the contender's library first, so "growth" is what the run itself added.
    for module in _IMPORTS.get(args.contender, ()):
        importlib.import_module(module)
    baseline_rss = max_rss_mb()
    benchmarks = {
        "overhead": overhead,
        "connections": connections,
        "parse": parse,
        "answer": answer,
        "bulk": bulk,
        "scale": scale,
        "open": session_open,
    }
    result = benchmarks[args.benchmark](args)
    result["rss_baseline_mb"] = baseline_rss
    emit(result)


if __name__ == "__main__":
    main()
