"""Private scratch directories of an emulator process (certificates and keys live there).

Each is made with mode 0700 under the temp directory, named after the process
(``aiosm-emulator-<pid>-*``), and removed when its emulator stops or, at the
latest, when the interpreter exits. A process killed outright cannot clean up,
so making a directory first sweeps those of processes of the same user that no
longer run: no private key outlives its process for longer than the next run.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["make_scratch_dir", "remove_scratch_dir"]

_PREFIX = "aiosm-emulator-"
_NAME = re.compile(rf"^{_PREFIX}(?:certs-)?(\d+)-")
_owned: set[Path] = set()
_owner_pid = os.getpid()
_swept = False


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or unknown: leave its directory alone
    return True


def _sweep(parent: Path) -> None:
    """Remove the scratch directories of this user's processes that no longer run (POSIX only)."""
    if sys.platform == "win32" or not hasattr(os, "getuid"):
        return
    uid = os.getuid()
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        if entry.is_dir() and not entry.is_symlink() and info.st_uid == uid:
            if not _pid_running(int(match.group(1))):
                shutil.rmtree(entry, ignore_errors=True)


def make_scratch_dir(kind: str = "") -> Path:
    """A new 0700 directory, removed at interpreter exit unless :func:`remove_scratch_dir` ran first."""
    global _swept
    parent = Path(tempfile.gettempdir())
    if not _swept:
        _swept = True
        _sweep(parent)
    path = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}{os.getpid()}-", dir=parent))
    _owned.add(path)
    return path


def remove_scratch_dir(path: Path) -> None:
    """Remove a directory made by :func:`make_scratch_dir` (now, not at exit)."""
    _owned.discard(path)
    shutil.rmtree(path, ignore_errors=True)


@atexit.register
def _remove_all() -> None:
    if os.getpid() != _owner_pid:
        return  # a forked child must not remove its parent's directories
    for path in list(_owned):
        remove_scratch_dir(path)
