"""Helpers shared by the benchmark driver and its worker processes."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT_PREFIX = "BENCH-RESULT "


def max_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB.

    On Linux, ``VmHWM`` of ``/proc/self/status``: the peak of this program's own address space.
    ``ru_maxrss`` is not used there because Linux carries it over ``fork`` and ``execve``, so a
    worker started by the driver would report at least the driver's RSS (about 60 MB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_seconds() -> float:
    """User + system CPU of this process (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Meter:
    """Wall and CPU time of a block, and this process's RSS before and after it."""

    wall: float = 0.0
    cpu: float = 0.0
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    _t0: float = field(default=0.0, repr=False)
    _c0: float = field(default=0.0, repr=False)

    def __enter__(self) -> Meter:
        self.rss_before_mb = max_rss_mb()
        self._c0 = cpu_seconds()
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t0
        self.cpu = cpu_seconds() - self._c0
        self.rss_peak_mb = max_rss_mb()

    def as_dict(self) -> dict[str, float]:
        return {
            "wall_s": self.wall,
            "cpu_s": self.cpu,
            "rss_before_mb": self.rss_before_mb,
            "rss_peak_mb": self.rss_peak_mb,
        }


def emit(result: dict[str, Any]) -> None:
    """A worker's answer: one prefixed JSON line on stdout."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def run_worker(args: list[str], *, timeout: float = 900.0) -> dict[str, Any]:
    """Run ``benchmarks/worker.py <args>`` in a fresh interpreter and return its result."""
    cmd = [sys.executable, str(HERE / "worker.py"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return dict(json.loads(line[len(RESULT_PREFIX) :]))
    raise RuntimeError(
        f"worker {' '.join(args)} failed (exit {proc.returncode}):\n"
        f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


_PACKAGES = ("aiosm-azure", "aiohttp", "pydantic", "xmltodict", "azure-servicemanagement-legacy", "requests")


def machine_info() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "cpus (nproc)": str(os.cpu_count()),
        "cpu model": cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "packages": ", ".join(f"{name} {version(name)}" for name in _PACKAGES),
    }
