"""Benchmarks, side by side in one run: aiosm vs the legacy synchronous SDK vs raw aiohttp / bare parsers.

    python benchmarks/run.py          # full sizes (``nox -s bench``), writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick  # small sizes, to check that everything works

Every contender runs in its own fresh interpreter (``benchmarks/worker.py``) so that CPU time and
peak RSS are its own; servers (the emulator, the canned-XML TLS server) run in further processes.
Each ratio is taken against a baseline measured in the same run. Loopback network only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HERE, machine_info, run_worker
from fixtures import deployment_with_roles, network_configuration, os_image_list, role_answer, vm_image_list

try:
    from tqdm import tqdm
except ImportError:  # progress is a nicety; the benchmarks run without it
    tqdm = None


@dataclass(frozen=True)
class Sizes:
    calls: int  # 2. small GETs per round
    rounds: int  # 2. rounds, interleaved; the median round is reported
    images: int  # 3. images in the list_os_images answer
    parse_repeat: int  # 3. parses per contender
    bulk_n: int  # 1. items for aiosm and the thread pools
    bulk_seq_n: int  # 1. items for the sequential legacy run (extrapolated)
    scale_n: int  # 4. operations awaited at once


FULL = Sizes(calls=2000, rounds=5, images=2000, parse_repeat=15, bulk_n=500, bulk_seq_n=20, scale_n=10_000)
QUICK = Sizes(calls=300, rounds=1, images=2000, parse_repeat=3, bulk_n=60, bulk_seq_n=4, scale_n=1000)

BULK_LATENCY = 1.0
SCALE_LATENCY = 5.0
POLL = 1.0


class Progress:
    def __init__(self, total: int) -> None:
        self._bar = tqdm(total=total, unit="step", dynamic_ncols=True) if tqdm else None

    def step(self, label: str) -> None:
        if self._bar is not None:
            self._bar.set_description(label)
        else:
            print(f"... {label}", flush=True)

    def done(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# -- servers in subprocesses ------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    endpoint: str
    subscription: str
    cert: str
    ca: str

    def args(self) -> list[str]:
        return [
            "--endpoint",
            self.endpoint,
            "--subscription",
            self.subscription,
            "--cert",
            self.cert,
            "--ca",
            self.ca,
        ]


def _read_until(proc: subprocess.Popen[str], pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        match = pattern.search("".join(seen))
        if match:
            return match
    raise RuntimeError(f"server did not start (exit {proc.poll()}):\n{''.join(seen)[-2000:]}")


@contextlib.contextmanager
def _process(cmd: list[str]) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _drain(proc: subprocess.Popen[str]) -> None:
    """Keep reading the server's output so that a chatty server never blocks on a full pipe."""
    import threading

    def pump() -> None:
        assert proc.stdout is not None
        for _ in proc.stdout:
            pass

    threading.Thread(target=pump, daemon=True).start()


@contextlib.contextmanager
def canned_server(cert_dir: Path) -> Iterator[Server]:
    cmd = [sys.executable, str(HERE / "canned_server.py"), "--cert-dir", str(cert_dir), "--images", "10"]
    with _process(cmd) as proc:
        port = _read_until(proc, re.compile(r"PORT (\d+)"), 120).group(1)
        _drain(proc)
        from aiosm.emulator.certs import DEFAULT_SUBSCRIPTION_ID

        yield Server(
            f"https://127.0.0.1:{port}",
            DEFAULT_SUBSCRIPTION_ID,
            str(cert_dir / "management.pem"),
            str(cert_dir / "ca.pem"),
        )


@contextlib.contextmanager
def emulator(cert_dir: Path, latency: float) -> Iterator[Server]:
    """``python -m aiosm.emulator`` in its own process; yields what it prints (endpoint, paths)."""
    cmd = [
        sys.executable, "-m", "aiosm.emulator", "--port", "0",
        "--latency", str(latency), "--cert-dir", str(cert_dir),
    ]  # fmt: skip
    with _process(cmd) as proc:
        banner = _read_until(proc, re.compile(r"(?s).*^ready\b", re.MULTILINE), 120).group(0)
        _drain(proc)
        fields = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in banner.splitlines())
            if value
        )
        yield Server(
            fields["endpoint"].rstrip("/"),
            fields["subscription id"],
            fields.get("certificate (PEM)", str(cert_dir / "management.pem")),
            fields.get("CA file", str(cert_dir / "ca.pem")),
        )


def emulator_available() -> str | None:
    """Why the emulator cannot be used, or None when it can."""
    try:
        import aiosm.emulator as emu
    except Exception as exc:
        return f"`import aiosm.emulator` failed: {exc}"
    if not hasattr(emu, "running"):
        return "`aiosm.emulator` is not finished yet (no `running`)"
    if not (Path(emu.__file__).parent / "__main__.py").exists():
        return "`python -m aiosm.emulator` does not exist yet"
    return None


# -- the four benchmarks ----------------------------------------------------------------------


def bench_overhead(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    contenders = ["raw-et", "raw", "aiosm", "legacy"]
    rounds: dict[str, list[dict[str, Any]]] = {c: [] for c in contenders}
    with canned_server(tmp / "canned-certs") as server:
        for r in range(sizes.rounds):
            for contender in contenders:
                progress.step(f"2. per-call overhead: {contender} (round {r + 1}/{sizes.rounds})")
                result = run_worker(["overhead", contender, *server.args(), "--n", str(sizes.calls)])
                result["us_per_call"] = result["cpu_s"] / sizes.calls * 1e6
                result["calls_per_s"] = sizes.calls / result["wall_s"]
                rounds[contender].append(result)
                progress.done()
        progress.step("2. memory per TLS connection")
        for n in (1, CONNECTIONS_N):
            rounds.setdefault("_connections", []).append(
                run_worker(["connections", "aiosm", *server.args(), "--n", str(n)])
            )
        progress.done()
    conns = rounds.pop("_connections")
    summary: dict[str, Any] = {
        "_connections": {
            "n": CONNECTIONS_N,
            "opened": conns[1]["opened"],
            "kb_per_connection": (
                (conns[1]["after_mb"] - conns[1]["before_mb"])
                - (conns[0]["after_mb"] - conns[0]["before_mb"])
            )
            * 1024
            / (CONNECTIONS_N - 1),
        }
    }
    for contender, results in rounds.items():
        summary[contender] = {
            "us_per_call": min(r["us_per_call"] for r in results),
            "us_per_call_median": statistics.median(r["us_per_call"] for r in results),
            "us_per_call_all": [r["us_per_call"] for r in results],
            "calls_per_s": max(r["calls_per_s"] for r in results),
            "calls_per_s_median": statistics.median(r["calls_per_s"] for r in results),
        }
    return summary


def bench_parse(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    body = tmp / "images.xml"
    body.write_bytes(os_image_list(sizes.images))
    summary: dict[str, Any] = {}
    # The floor and aiosm alternate over several workers (best of all), so a burst of load from
    # elsewhere on the machine during one worker does not skew the ratio between them.
    order = ["xmltodict", "legacy"] + ["expat", "aiosm"] * sizes.rounds
    for contender in order:
        progress.step(f"3. large response parse: {contender}")
        repeat = max(3, sizes.parse_repeat // 3) if contender == "legacy" else sizes.parse_repeat
        result = run_worker(
            ["parse", contender, "--body", str(body), "--images", str(sizes.images), "--repeat", str(repeat)]
        )
        progress.done()
        best = summary.get(contender)
        if best is None:
            summary[contender] = result
        else:
            best["ms_min"] = min(best["ms_min"], result["ms_min"])
            best["ms_median"] = min(best["ms_median"], result["ms_median"])
            best["repeat"] += result["repeat"]
    summary["_size"] = body.stat().st_size
    return summary


# document -> (what it is, how many items the parse must find, repeats factor)
ANSWER_DOCUMENTS = {
    "vm_images": "`list_vm_images`: {n} VM images",
    "deployment": "`get_deployment_by_name`: a VM deployment of {n} roles",
    "role": "`get_role`: one role of that deployment",
    "network": "`network.get`: a network configuration of {n} virtual networks",
}
NO_LEGACY = frozenset({"network"})
"""Documents the legacy SDK has no operation for: aiosm against the expat floor only."""


def bench_answers(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    """3b. Other large answers the issue "The rest of the classic API" added, against the legacy SDK."""
    documents = {
        "vm_images": (vm_image_list(sizes.images), sizes.images, 1),
        "deployment": (deployment_with_roles(50), 50, 20),
        "role": (role_answer(), 1, 400),
        "network": (network_configuration(500), 500, 2),
    }
    summary: dict[str, Any] = {}
    for document, (body, count, factor) in documents.items():
        path = tmp / f"{document}.xml"
        path.write_bytes(body)
        results: dict[str, Any] = {"_size": len(body), "_count": count}
        legacy = [] if document in NO_LEGACY else ["legacy"]
        for contender in legacy + ["expat", "aiosm"] * sizes.rounds:
            progress.step(f"3b. {document} parse: {contender}")
            repeat = sizes.parse_repeat * factor // (3 if contender == "legacy" else 1)
            args = ["--document", document, "--body", str(path), "--images", str(count)]
            result = run_worker(["answer", contender, *args, "--repeat", str(max(3, repeat))])
            progress.done()
            best = results.get(contender)
            if best is None:
                results[contender] = result
            else:
                best["ms_min"] = min(best["ms_min"], result["ms_min"])
                best["ms_median"] = min(best["ms_median"], result["ms_median"])
                best["repeat"] += result["repeat"]
        summary[document] = results
    return summary


def aiosm_defaults() -> dict[str, int]:
    """aiosm's documented defaults: ``run_bulk``'s concurrency and the session's connection limit."""
    import inspect

    from aiosm import ServiceManagementSession, bulk

    return {
        "concurrency": int(inspect.signature(bulk.run_bulk).parameters["concurrency"].default),
        "connection_limit": int(
            inspect.signature(ServiceManagementSession).parameters["connection_limit"].default
        ),
    }


CONNECTIONS_N = 200
"""Concurrent GETs on a pool as large, to measure the memory of one TLS connection."""
EQUAL_CONCURRENCY = (32, 100, 500)
"""Concurrencies at which aiosm (operations in flight) and legacy (threads) are compared."""
WIDE_POOL = 500


def bench_bulk(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    runs = [("aiosm", "aiosm, defaults", [], sizes.bulk_n)]
    runs += [
        ("aiosm", f"aiosm, concurrency {c}", ["--concurrency", str(c)], sizes.bulk_n)
        for c in EQUAL_CONCURRENCY
    ]
    runs.append(
        (
            "aiosm",
            f"aiosm, concurrency {WIDE_POOL}, {WIDE_POOL} connections",
            ["--concurrency", str(WIDE_POOL), "--connection-limit", str(WIDE_POOL)],
            sizes.bulk_n,
        )
    )
    runs += [
        ("legacy", f"legacy, {c} threads", ["--threads", str(c)], sizes.bulk_n) for c in EQUAL_CONCURRENCY
    ]
    runs.append(("legacy", "legacy, sequential", ["--threads", "1"], sizes.bulk_seq_n))
    summary = {}
    with emulator(tmp / "emulator-bulk", BULK_LATENCY) as server:
        for i, (contender, label, extra, n) in enumerate(runs):
            progress.step(f"1. bulk: {label}")
            prefix = f"b{i}x{os.getpid() % 1000}n"
            summary[label] = run_worker(
                [
                    "bulk",
                    contender,
                    *server.args(),
                    "--n",
                    str(n),
                    "--prefix",
                    prefix,
                    "--poll",
                    str(POLL),
                    *extra,
                ],
                timeout=1200,
            )
            progress.done()
    return summary


def bench_open(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    """5. Session open: cold (first session of a fresh process) and warm (a second one, same files)."""
    from aiosm.emulator.certs import DEFAULT_SUBSCRIPTION_ID, ensure_certificates

    bundle = ensure_certificates(tmp / "open-certs")
    args = [
        "--endpoint",
        "https://127.0.0.1:9",  # never contacted: opening loads the certificate and makes the pool
        "--subscription",
        DEFAULT_SUBSCRIPTION_ID,
        "--cert",
        str(bundle.certificate_file),
        "--ca",
        str(bundle.ca_file),
        "--repeat",
        "5",
    ]
    runs = []
    for r in range(sizes.rounds):
        progress.step(f"5. session open (round {r + 1}/{sizes.rounds})")
        runs.append(run_worker(["open", "aiosm", *args]))
        progress.done()
    return {
        "cold_ms": statistics.median(r["cold_ms"] for r in runs),
        "warm_ms": statistics.median(r["warm_ms"] for r in runs),
        "runs": runs,
    }


def bench_scale(sizes: Sizes, tmp: Path, progress: Progress) -> dict[str, Any]:
    progress.step(f"4. scale: {sizes.scale_n} operations awaited at once")
    with emulator(tmp / "emulator-scale", SCALE_LATENCY) as server:
        result = run_worker(
            [
                "scale",
                "aiosm",
                *server.args(),
                "--n",
                str(sizes.scale_n),
                "--prefix",
                "scale",
                "--latency",
                str(SCALE_LATENCY),
            ],
            timeout=1200,
        )
    progress.done()
    return result


# -- report ------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _x(value: float) -> str:
    return f"{value:.2f}x"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def report(
    results: dict[str, Any],
    sizes: Sizes,
    command: str,
    started: dt.datetime,
    elapsed: float,
    notes: list[str],
) -> tuple[str, list[str]]:
    out: list[str] = []
    targets: list[list[str]] = []
    out.append("# Benchmark results\n")
    out.append(f"- date: {started.strftime('%Y-%m-%d %H:%M %Z').strip()} (run took {elapsed:.0f} s)")
    out.append(f"- command: `{command}`")
    for key, value in machine_info().items():
        out.append(f"- {key}: {value}")
    out.append(
        "- method: every contender runs in its own fresh interpreter (`benchmarks/worker.py`), so CPU time "
        "(user+system, `getrusage`) and peak RSS (`VmHWM`, the peak of the worker's own address space; "
        "Linux carries `ru_maxrss` over from the driver) are that client's alone; servers run in "
        "separate processes on loopback. Every ratio is against a baseline measured in this same run."
    )
    if sizes != FULL:
        out.append(f"- **quick run** (reduced sizes: {sizes}); not the reference figures")
    out.append("")

    ov = results.get("overhead")
    if ov:
        floor = ov["raw-et"]["us_per_call"]
        out.append(f"## 2. Per-call overhead: {sizes.calls} small GETs over keep-alive mutual TLS\n")
        out.append(
            "One `GET /services/hostedservices/<name>` at a time (answer: the recorded `<HostedService>` "
            "body, 1 kB) against `benchmarks/canned_server.py`, a minimal aiohttp TLS server requiring a "
            f"client certificate. {sizes.rounds} interleaved round(s) per client; the best round is shown "
            "and used for the ratios (the least disturbed by other load on the machine), then the median and "
            "every round. CPU is the client process's only, after a 100-call warm-up.\n"
        )
        labels = {
            "raw-et": "raw aiohttp GET + `xml.etree.ElementTree.fromstring` (floor)",
            "raw": "raw aiohttp GET + `xmltodict.parse` (the former floor)",
            "aiosm": "aiosm `session.hosted_services.get` (parse + full validation)",
            "legacy": "legacy SDK `get_hosted_service_properties` (requests, 1 thread)",
        }
        rows = []
        for key in ["raw-et", "raw", "aiosm", "legacy"]:
            r = ov[key]
            rows.append(
                [
                    labels[key],
                    f"**{r['us_per_call']:.0f}**",
                    f"{r['us_per_call_median']:.0f} ({', '.join(f'{v:.0f}' for v in r['us_per_call_all'])})",
                    f"{r['calls_per_s']:.0f} ({r['calls_per_s_median']:.0f})",
                    _x(r["us_per_call"] / floor),
                ]
            )
        out.append(
            _table(
                [
                    "client",
                    "CPU µs / call (best)",
                    "median (all rounds)",
                    "calls / s best (median)",
                    "CPU vs floor",
                ],
                rows,
            )
        )
        ratio = ov["aiosm"]["us_per_call"] / floor
        out.append("")
        targets.append(
            [
                "per-call CPU at most 1.2x raw aiohttp + ElementTree",
                f"{ratio:.2f}x "
                f"({ov['aiosm']['us_per_call'] / ov['raw']['us_per_call']:.2f}x aiohttp + xmltodict)",
                _met(ratio <= 1.2),
            ]
        )
        notes_ratio = ov["legacy"]["us_per_call"] / ov["aiosm"]["us_per_call"]
        out.append(f"aiosm uses {notes_ratio:.1f}x less CPU per call than the legacy SDK.\n")

    pa = results.get("parse")
    if pa:
        floor = pa["expat"]["ms_min"]
        out.append(f"## 3. Large response: `list_os_images` with {sizes.images} images\n")
        out.append(
            f"A {pa['_size'] / 1e6:.2f} MB `<Images>` document built from the recorded `<OSImage>` "
            "(`test_get_os_image`), names varied, every other image carrying the extra fields of a public "
            "platform image (`benchmarks/fixtures.py`). Parsing only, in process, no network; "
            "best (min) and median of the repeats after one warm-up parse; ratios use the best. "
            f"The floor and aiosm each run in {sizes.rounds} alternating workers (best of all, "
            "lowest median), so that load from elsewhere during one worker does not skew their ratio.\n"
        )
        labels = {
            "expat": "bare `xml.parsers.expat`, no handlers (floor)",
            "xmltodict": "bare `xmltodict.parse`",
            "aiosm": "aiosm `OSImageList.from_xml` (parse + pydantic validation)",
            "legacy": "legacy `_MinidomXmlToObject.parse_response(resp, Images)`",
        }
        rows = []
        for key in ["expat", "xmltodict", "aiosm", "legacy"]:
            r = pa[key]
            rows.append(
                [
                    labels[key],
                    f"**{r['ms_min']:.1f}**",
                    f"{r['ms_median']:.1f}",
                    str(r["repeat"]),
                    _x(r["ms_min"] / floor),
                    _x(r["ms_min"] / pa["aiosm"]["ms_min"]),
                ]
            )
        out.append(
            _table(["parser", "ms / response (best)", "median", "repeats", "vs expat", "vs aiosm"], rows)
        )
        out.append("")
        ratio = pa["aiosm"]["ms_min"] / pa["expat"]["ms_min"]
        targets.append(
            [
                f"{sizes.images}-image parse at most 3x bare expat (full validation)",
                f"{ratio:.2f}x",
                _met(ratio <= 3),
            ]
        )
        ratio = pa["legacy"]["ms_min"] / pa["aiosm"]["ms_min"]
        targets.append(["large parse >= 2x faster than legacy", f"{ratio:.1f}x faster", _met(ratio >= 2)])

    an = results.get("answers")
    if an:
        out.append("## 3b. Other large answers, against the legacy SDK\n")
        out.append(
            "Built from whole recorded answers (`benchmarks/fixtures.py`): the recorded `list_vm_images` "
            "images repeated with names varied, the recorded one-role VM deployment with its role and role "
            "instance repeated, the recorded Get Role answer, and a network configuration of 500 virtual "
            "networks in the reference's `netcfg` shape (no legacy operation: aiosm against the floor only). "
            "aiosm parses with the answer model its "
            "declaration names (full validation); the legacy SDK with its own parser. Best of the repeats; "
            f"the floor and aiosm alternate over {sizes.rounds} workers.\n"
        )
        rows = []
        for document, label in ANSWER_DOCUMENTS.items():
            r = an[document]
            floor, ours = r["expat"]["ms_min"], r["aiosm"]["ms_min"]
            theirs = r["legacy"]["ms_min"] if "legacy" in r else None
            rows.append(
                [
                    label.format(n=r["_count"]) + f" ({r['_size'] / 1e3:,.0f} kB)",
                    f"{floor:.3f}",
                    f"**{ours:.3f}**",
                    "—" if theirs is None else f"{theirs:.3f}",
                    _x(ours / floor),
                    "no legacy operation" if theirs is None else f"{theirs / ours:.1f}x faster",
                ]
            )
        out.append(
            _table(["answer", "expat ms", "aiosm ms", "legacy ms", "aiosm vs expat", "aiosm vs legacy"], rows)
        )
        out.append("")
        for document in ANSWER_DOCUMENTS:
            r = an[document]
            if "legacy" not in r:
                continue
            ratio = r["legacy"]["ms_min"] / r["aiosm"]["ms_min"]
            targets.append([f"{document} parse faster than legacy", f"{ratio:.1f}x faster", _met(ratio >= 1)])

    bu = results.get("bulk")
    defaults = results.get("defaults", {})
    if bu:
        out.append(f"## 1. Bulk: N x (create storage account + wait), emulator latency {BULK_LATENCY:g} s\n")
        out.append(
            "Storage accounts, not cloud services: Create Hosted Service is synchronous in ASM (201 Created, "
            "as recorded and as the emulator answers), so it never waits on the 1 s latency; Create Storage "
            "Account is asynchronous (202 + operation). aiosm runs `aiosm.bulk.run_bulk` in one session; "
            f'"defaults" is `run_bulk`\'s default concurrency ({defaults.get("concurrency")}) and the '
            f"session's default `connection_limit` ({defaults.get('connection_limit')}); the other aiosm "
            "rows set only `concurrency` (operations in flight), except the one that also opens one "
            "connection per operation (the former behaviour). "
            "The emulator (`python -m aiosm.emulator --latency 1`) runs in its own process; every contender "
            f"polls every {POLL:g} s (aiosm `op.wait(poll_interval=1)`, legacy "
            "`wait_for_operation_status(sleep_interval=1)`), uses its own service names, and makes one "
            "warm-up request before the clock starts. The thread pools give each thread its own "
            "`ServiceManagementService` (a `requests` session keeps only 10 pooled connections). "
            f"The sequential legacy run does {sizes.bulk_seq_n} items; its time for {sizes.bulk_n} is a "
            "linear extrapolation (marked *). Peak RSS is the client process's `VmHWM`; growth is over "
            "the same process after importing its library, before the run.\n"
        )
        base = bu.get("aiosm, defaults")
        rows = []
        for label, r in bu.items():
            scale = sizes.bulk_n / r["n"]
            wall = r["wall_s"] * scale
            star = "*" if scale != 1 else ""
            rows.append(
                [
                    label,
                    str(r["n"]),
                    f"{r['wall_s']:.1f}",
                    f"{wall:.1f}{star}",
                    f"{r['cpu_s']:.2f}",
                    f"{r['cpu_s'] / r['n'] * 1e3:.1f}",
                    f"{r['rss_peak_mb']:.0f} (+{r['rss_peak_mb'] - r['rss_baseline_mb']:.0f})",
                    str(r["failures"]),
                    _x(wall / (base["wall_s"] * sizes.bulk_n / base["n"])) if base else "-",
                ]
            )
        out.append(
            _table(
                [
                    "client",
                    "N",
                    "wall s",
                    f"wall s for {sizes.bulk_n}",
                    "CPU s",
                    "CPU ms / item",
                    "peak RSS MB (growth)",
                    "failures",
                    "wall vs aiosm defaults",
                ],
                rows,
            )
        )
        out.append("")
        for label, r in bu.items():
            if r["failures"]:
                out.append(f"- {label}: first failures: `{r['first_failures']}`")

        # Peak RSS at equal concurrency.
        rss_rows = []
        rss_ok = True
        for c in EQUAL_CONCURRENCY:
            a, leg = bu.get(f"aiosm, concurrency {c}"), bu.get(f"legacy, {c} threads")
            if a and leg:
                rss_ok &= a["rss_peak_mb"] <= leg["rss_peak_mb"]
                rss_rows.append(
                    [
                        str(c),
                        f"{a['rss_peak_mb']:.0f}",
                        f"{leg['rss_peak_mb']:.0f}",
                        _x(a["rss_peak_mb"] / leg["rss_peak_mb"]),
                    ]
                )
        if rss_rows:
            out.append(
                "Peak RSS at equal concurrency (operations in flight for aiosm, threads for legacy):\n"
            )
            out.append(_table(["concurrency", "aiosm MB", "legacy MB", "aiosm / legacy"], rss_rows))
            out.append("")
        conn = (results.get("overhead") or {}).get("_connections")
        if conn:
            out.append(
                f"Memory per TLS connection: **{conn['kb_per_connection']:.0f} kB** "
                f"({conn['n']} GETs at once "
                f"on a pool of {conn['n']} against the canned server, {conn['opened']} connections opened: "
                "growth of peak RSS over the same with one connection, per extra connection; mostly "
                "asyncio's per-connection SSL buffers). Memory per waiting operation: section 4.\n"
            )

        legacy_runs = {k: r for k, r in bu.items() if k.startswith("legacy")}
        threaded = {k: r for k, r in legacy_runs.items() if "threads" in k}
        if base and threaded:
            per_item = base["wall_s"] / base["n"]
            best_label, best = min(threaded.items(), key=lambda kv: kv[1]["wall_s"] / kv[1]["n"])
            best_ratio = (best["wall_s"] / best["n"]) / per_item
            targets.append(
                [
                    "bulk at defaults at least as fast as legacy's best thread count",
                    f"{best_ratio:.2f}x faster than {best_label}",
                    _met(best_ratio >= 1),
                ]
            )
            t32 = bu.get("legacy, 32 threads")
            if t32:
                ratio = (t32["wall_s"] / t32["n"]) / per_item
                targets.append(
                    [
                        "bulk at defaults >= 2x faster than legacy with 32 threads",
                        f"{ratio:.1f}x faster",
                        _met(ratio >= 2),
                    ]
                )
            cpu_item = base["cpu_s"] / base["n"]
            leg_label, leg_best = min(legacy_runs.items(), key=lambda kv: kv[1]["cpu_s"] / kv[1]["n"])
            leg_cpu = leg_best["cpu_s"] / leg_best["n"]
            targets.append(
                [
                    "bulk CPU per item at most half of legacy's (its lowest, any thread count)",
                    f"{cpu_item * 1e3:.2f} ms vs {leg_cpu * 1e3:.2f} ms ({leg_label}): "
                    f"{cpu_item / leg_cpu:.2f}x",
                    _met(cpu_item <= leg_cpu / 2),
                ]
            )
            default_c = defaults.get("concurrency")
            same = bu.get(f"legacy, {default_c} threads")
            detail = ", ".join(f"{r[0]}: {r[1]} vs {r[2]} MB" for r in rss_rows)
            if same:
                detail += f"; defaults {base['rss_peak_mb']:.0f} vs {same['rss_peak_mb']:.0f} MB"
                rss_ok &= base["rss_peak_mb"] <= same["rss_peak_mb"]
            targets.append(["bulk peak RSS at or below legacy's at equal concurrency", detail, _met(rss_ok)])
        out.append("")

    sc = results.get("scale")
    if sc:
        out.append(
            f"## 4. Scale: {sc['n']} operations awaited at once, emulator latency {SCALE_LATENCY:g} s\n"
        )
        out.append(
            f"{sc['n']} x (create storage account + wait) started together (`aiosm.bulk.run_bulk` with "
            f"concurrency {sc['n']}, i.e. unbounded) in one aiosm session "
            f"(default `connection_limit` ({defaults.get('connection_limit')}), "
            "default 65 s request timeout, "
            "`PollPolicy(initial=5, multiplier=1.5, maximum=20, jitter=0.2)`), "
            "against the emulator in its own process. A ticker task measures how late `asyncio.sleep(0.01)` "
            "wakes up (event-loop lag), p50, p99 and worst.\n"
        )
        growth = sc["rss_peak_mb"] - sc["rss_baseline_mb"]
        rows = [
            [
                str(sc["n"]),
                f"{sc['wall_s']:.1f}",
                f"{sc['cpu_s']:.1f}",
                f"{sc['rss_peak_mb']:.0f}",
                f"{growth:.0f}",
                f"{growth * 1024 / sc['n']:.1f}",
                f"{sc.get('lag_p50_ms', 0.0):.1f}",
                f"{sc['lag_p99_ms']:.0f}",
                f"{sc['lag_max_ms']:.0f}",
                str(sc["failures"]),
            ]
        ]
        out.append(
            _table(
                [
                    "operations",
                    "wall s",
                    "CPU s",
                    "peak RSS MB",
                    "growth over imports MB",
                    "kB per waiting operation",
                    "p50 loop lag ms",
                    "p99 loop lag ms",
                    "worst loop lag ms",
                    "failures",
                ],
                rows,
            )
        )
        if sc["failures"]:
            out.append(f"\nfirst failures: `{sc['first_failures']}`")
        out.append("")
        out.append(
            f"Memory per waiting operation: {growth * 1024 / sc['n']:.1f} kB (growth over the imported "
            f"library divided by {sc['n']}; it includes the {defaults.get('connection_limit')} connections)."
        )
        out.append("")
        targets.append(
            [
                f"{sc['n']} concurrent waits: peak RSS <= 120 MB",
                f"{sc['rss_peak_mb']:.0f} MB",
                _met(sc["rss_peak_mb"] <= 120),
            ]
        )
        targets.append(
            [
                f"{sc['n']} concurrent waits: loop lag p99 <= 50 ms, worst <= 150 ms",
                f"p50 {sc.get('lag_p50_ms', 0.0):.1f} ms, p99 {sc['lag_p99_ms']:.0f} ms, "
                f"worst {sc['lag_max_ms']:.0f} ms",
                _met(sc["lag_p99_ms"] <= 50 and sc["lag_max_ms"] <= 150),
            ]
        )

    op = results.get("open")
    if op:
        out.append("## 5. Session open\n")
        out.append(
            "Opening a session loads the certificate, builds its TLS context (with the system trust "
            "store) and creates the pool; a fresh interpreter per round, several sessions each.\n"
        )
        out.append(
            _table(
                ["session", "median ms", "per round ms"],
                [
                    [
                        "first in the process (cold)",
                        f"{op['cold_ms']:.1f}",
                        ", ".join(f"{r['cold_ms']:.1f}" for r in op["runs"]),
                    ],
                    [
                        "second, same certificate (warm)",
                        f"{op['warm_ms']:.1f}",
                        ", ".join(f"{r['warm_ms']:.1f}" for r in op["runs"]),
                    ],
                ],
            )
        )
        out.append("")
        targets.append(
            ["session open, cold under 60 ms", f"{op['cold_ms']:.1f} ms", _met(op["cold_ms"] < 60)]
        )
        targets.append(
            ["session open, warm under 30 ms", f"{op['warm_ms']:.1f} ms", _met(op["warm_ms"] < 30)]
        )

    if notes:
        out.append("## Not measured in this run\n")
        out.extend(f"- {n}" for n in notes)
        out.append("")
    summary = [
        "## Targets\n",
        _table(["target", "measured", "status"], targets),
        "\nWhere the time goes and what would move each figure: `benchmarks/PROFILE.md`.\n",
    ]
    return "\n".join(out[:1] + summary + out[1:]) + "\n", [" | ".join(t) for t in targets]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, to check that everything works")
    parser.add_argument(
        "--only",
        action="append",
        choices=["bulk", "overhead", "parse", "answers", "scale", "open"],
        help="run only these (repeatable)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where to write the report")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    only = set(args.only or ["bulk", "overhead", "parse", "answers", "scale", "open"])
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.monotonic()
    command = shlex.join(["python", "benchmarks/run.py", *sys.argv[1:]])
    results: dict[str, Any] = {}
    notes: list[str] = []
    missing = emulator_available()
    if missing and only & {"bulk", "scale"}:
        notes.append(f"1. bulk and 4. scale need the emulator: {missing}.")
        only -= {"bulk", "scale"}
    steps = {
        "overhead": 4 * sizes.rounds + 1,
        "parse": 2 + 2 * sizes.rounds,
        "answers": 3 * (1 + 2 * sizes.rounds) + 2 * sizes.rounds,
        "bulk": 9,
        "scale": 1,
        "open": sizes.rounds,
    }
    progress = Progress(sum(steps[k] for k in only))
    try:
        with tempfile.TemporaryDirectory(prefix="aiosm-bench-") as tmpdir:
            tmp = Path(tmpdir)
            for key, bench in [
                ("overhead", bench_overhead),
                ("parse", bench_parse),
                ("answers", bench_answers),
                ("bulk", bench_bulk),
                ("scale", bench_scale),
                ("open", bench_open),
            ]:
                if key in only:
                    results[key] = bench(sizes, tmp, progress)
            results["defaults"] = aiosm_defaults()
    finally:
        progress.close()
    text, targets = report(results, sizes, command, started, time.monotonic() - t0, notes)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    for line in targets:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
