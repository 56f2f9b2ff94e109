"""Says once, at the end of a run, when the recordings' byte-identity check was not collected."""

from __future__ import annotations

import pytest

from .replay import RECORDINGS, SHARED_RECORDINGS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SHARED_RECORDINGS.is_dir():
        terminalreporter.write_line(
            f"note: the check that {RECORDINGS.relative_to(RECORDINGS.parents[2])} are byte-identical "
            f"copies of the shared conformance set did not run: {SHARED_RECORDINGS} is absent "
            "(it is checked out beside the repository in CI). The replays themselves all ran."
        )
