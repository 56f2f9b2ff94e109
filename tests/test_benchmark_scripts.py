"""The journal benchmark script runs (at a tiny size: the figures themselves are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_journal_overhead_benchmark_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "benchmarks/journal_overhead.py", "--count", "20", "--rounds", "1", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)
    assert summary["resources"] == 20
    assert list(summary["results"]) == [
        "run_bulk",
        "apply, journal only",
        "apply, journal only, synchronous=NORMAL",
        "apply, full reconcile",
    ]
    assert summary["results"]["run_bulk"]["cpu_ratio"] == 1.0
    assert all(row["wall_s"] > 0 and row["cpu_s"] > 0 for row in summary["results"].values())
