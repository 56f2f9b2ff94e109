"""Conformance run bookkeeping: which recorded interactions were replayed, and whether the
recordings' byte-identity check ran.

When a run collects every conformance module with no selection (as ``.ci/run`` does), each
interaction of each copied recording must have been served and verified by some replay: a
recording left partly replayed fails the run, unless :data:`PARTIAL` says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .replay import RECORDINGS, REPLAYED, SHARED_RECORDINGS, all_recording_names, load

HERE = Path(__file__).parent

PARTIAL: dict[str, str] = {}  # every copied recording is replayed completely
"""Recordings (``test_legacy_mgmt_`` left out) allowed to be partly replayed, with the reason."""

_state: dict[str, object] = {"complete_run": False, "missing": {}, "stale": []}


def pytest_collection_finish(session: pytest.Session) -> None:
    collected = {Path(str(item.path)) for item in session.items}
    modules = set(HERE.glob("test_replay_*.py"))
    selected = bool(session.config.option.keyword or session.config.option.markexpr)
    _state["complete_run"] = modules <= collected and not selected and not _state.get("deselected")


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(Path(str(item.path)).parent == HERE for item in items):
        _state["deselected"] = True


def _short(name: str) -> str:
    return name.removeprefix("test_legacy_mgmt_")


def coverage() -> tuple[int, int, dict[str, list[int]]]:
    """(replayed interactions, total, recording -> indices never replayed) over the copied set."""
    replayed = total = 0
    missing: dict[str, list[int]] = {}
    for name in all_recording_names():
        indices = {item.index for item in load(name).interactions}
        done = indices & REPLAYED.get(name, set())
        replayed, total = replayed + len(done), total + len(indices)
        if indices - done:
            missing[name] = sorted(indices - done)
    return replayed, total, missing


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _state["complete_run"] or exitstatus != 0:
        return
    _, _, missing = coverage()
    unexplained = {name: left for name, left in missing.items() if _short(name) not in PARTIAL}
    stale = [name for name in PARTIAL if f"test_legacy_mgmt_{name}" not in missing]
    _state["missing"], _state["stale"] = unexplained, stale
    if unexplained or stale:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REPLAYED:
        replayed, total, missing = coverage()
        names = all_recording_names()
        empty = [name for name in names if not load(name).interactions]
        terminalreporter.write_line(
            f"conformance: {replayed}/{total} recorded interactions replayed "
            f"({len(names) - len(missing) - len(empty)}/{len(names) - len(empty)} recordings completely; "
            f"{len(empty)} kept no interaction to replay)"
        )
        unexplained = _state["missing"]
        assert isinstance(unexplained, dict)
        for name, left in unexplained.items():
            terminalreporter.write_line(f"FAILED: {name}: interactions {left} were never replayed")
        for name in _state.get("stale") or ():
            terminalreporter.write_line(f"FAILED: {name} is replayed completely: remove it from PARTIAL")
    if not SHARED_RECORDINGS.is_dir():
        terminalreporter.write_line(
            f"note: the check that {RECORDINGS.relative_to(RECORDINGS.parents[2])} are byte-identical "
            f"copies of the shared conformance set did not run: {SHARED_RECORDINGS} is absent "
            "(it is checked out beside the repository in CI). The replays themselves all ran."
        )
