"""aiosm is a typed package for its users: ``mypy --strict`` checks their code against it.

The check runs as a user's project would: ``tests/downstream/typed_user.py`` is copied to an
empty directory outside the checkout and mypy runs there, so it finds aiosm only where it is
installed (the editable install in development, the built wheel in ``nox -s build``). It fails
when ``aiosm/py.typed`` is missing (mypy then refuses the imports as untyped) or when results
reach the user as ``Any``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import aiosm

DOWNSTREAM = Path(__file__).resolve().parent / "downstream" / "typed_user.py"


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for this module's runs (the second run reuses what the first learned)."""
    return tmp_path_factory.mktemp("mypy_cache")


def run_mypy(directory: Path, source: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on ``source`` saved as a user's script in ``directory`` (outside the checkout)."""
    (directory / "typed_user.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "typed_user.py"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_package_carries_the_py_typed_marker() -> None:
    assert (Path(aiosm.__file__).parent / "py.typed").is_file()


def test_a_downstream_program_passes_mypy_strict(tmp_path: Path, mypy_cache: Path) -> None:
    completed = run_mypy(tmp_path, DOWNSTREAM.read_text(encoding="utf-8"), mypy_cache)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Success: no issues found in 1 source file" in completed.stdout


def test_mypy_sees_through_to_the_annotations(tmp_path: Path, mypy_cache: Path) -> None:
    """The same program with one wrong expectation fails: the check is not vacuous."""
    source = DOWNSTREAM.read_text(encoding="utf-8")
    assert "assert_type(locations, list[Location])" in source
    completed = run_mypy(tmp_path, source.replace("list[Location])", "list[str])"), mypy_cache)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert 'Expression is of type "list[Location]", not "list[str]"' in completed.stdout
