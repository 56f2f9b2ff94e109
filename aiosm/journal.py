"""The journal of an apply: for each item, the intent before sending, the request id, the final state.

One SQLite database in WAL mode with ``synchronous=FULL``: a row is committed (and
fsynced) before the request it announces is sent, so after a crash at any moment the
journal tells, for each item, whether its request was

* never about to be sent (no row, or an earlier final state),
* maybe sent, its answer lost (``intent``, or ``failed`` with ``maybe_sent``): read the
  resource before sending anything again,
* accepted (``accepted`` with its request id): wait for that operation, send nothing.

Writes from concurrent items are committed together (group commit, off the event
loop), so the journal costs one fsync per batch, not one per item.

Only one run may use a journal at a time: :class:`Journal` takes an exclusive OS lock
on ``<journal>.lock`` (released by the kernel when the process dies, even on
``kill -9``) and raises :class:`JournalLockedError` when another run holds it.
Reading a journal (:func:`read_journal`, ``python -m aiosm status``) needs no lock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import os
import sqlite3
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import AsmError

__all__ = ["Journal", "JournalEntry", "JournalLockedError", "JournalState", "read_journal"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS items ("
    " key TEXT PRIMARY KEY, action TEXT NOT NULL, state TEXT NOT NULL, locator TEXT NOT NULL,"
    " request_id TEXT, error TEXT, maybe_sent INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " updated REAL NOT NULL) WITHOUT ROWID"
)
_LAZY_COMMIT = 0.2
"""Seconds a write nobody waits for may stay uncommitted when no other commit takes it along."""
_GATHER_TURNS = 32
"""Loop iterations a commit waits for more writes, as long as each brings some."""
_COLUMNS = "key, action, state, locator, request_id, error, maybe_sent, attempts, updated"


class JournalLockedError(AsmError):
    """Another run is using this journal; wait for it to finish (or stop it) and run again."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        who = f" (process {holder})" if holder else ""
        super().__init__(
            f"the journal {path} is in use by another run{who}; "
            "only one run may use a journal at a time: wait for it to finish, or stop it, and run again"
        )


class JournalState(str, enum.Enum):
    """Where an item stands in the journal."""

    INTENT = "intent"
    """The request is about to be sent, or was sent and its answer never recorded."""
    ACCEPTED = "accepted"
    """The service accepted the request (``request_id``); the operation may still run."""
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One item's row. ``locator`` finds the resource again; ``attempts`` counts recorded intents."""

    key: str
    action: str
    state: JournalState
    locator: dict[str, str] = field(default_factory=dict)
    request_id: str | None = None
    error: str | None = None
    maybe_sent: bool = False
    attempts: int = 0
    updated: float = 0.0

    @property
    def in_doubt(self) -> bool:
        """True when a request may have reached the service without its answer being recorded."""
        return self.state is JournalState.INTENT or (self.state is JournalState.FAILED and self.maybe_sent)

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-able data."""
        return {**dataclasses.asdict(self), "state": self.state.value}


def _row(entry: JournalEntry, locator: str) -> tuple[Any, ...]:
    return (
        entry.key,
        entry.action,
        entry.state.value,
        locator,
        entry.request_id,
        entry.error,
        int(entry.maybe_sent),
        entry.attempts,
        entry.updated,
    )


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    key, action, state, locator, request_id, error, maybe_sent, attempts, updated = row
    return JournalEntry(
        key,
        action,
        JournalState(state),
        json.loads(locator),
        request_id,
        error,
        bool(maybe_sent),
        attempts,
        updated,
    )


def _connect(path: Path, *, durable: bool) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    db.execute("PRAGMA busy_timeout=5000")
    db.execute(_SCHEMA)
    return db


def read_journal(path: str | os.PathLike[str]) -> dict[str, JournalEntry]:
    """Every entry of a journal, by key, without taking its lock (a run may be using it)."""
    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(f"no journal at {file}")
    db = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        rows = db.execute(f"SELECT {_COLUMNS} FROM items ORDER BY key").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):  # created but never written: empty
            raise AsmError(f"{file} is not an aiosm journal: {exc}") from None
        rows = []
    except sqlite3.DatabaseError as exc:
        raise AsmError(f"{file} is not an aiosm journal: {exc}") from None
    finally:
        db.close()
    return {row[0]: _entry(row) for row in rows}


class _FileLock:
    """An exclusive, non-blocking OS lock on a file, released when closed or when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, journal: Path) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_fd(fd)
        except OSError:
            try:
                holder = os.read(fd, 64).decode("ascii", "replace").strip()
            except OSError:  # Windows refuses to read a locked byte
                holder = ""
            os.close(fd)
            raise JournalLockedError(journal, holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))  # who holds it, for the error message
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the lock


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class Journal:
    """A journal file, locked for this run while open.

    ::

        async with Journal("run.db") as journal:
            await journal.record(key, action="create", state=JournalState.INTENT, locator={...})

    ``durable=False`` commits with ``synchronous=NORMAL``: still safe when the
    process dies, but the last commits may be lost when the machine does.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        self.path = Path(path)
        self.durable = durable
        self._db: sqlite3.Connection | None = None
        self._lock = _FileLock(self.path.with_name(self.path.name + ".lock"))
        self._entries: dict[str, JournalEntry] = {}
        self._locators: dict[str, str] = {}  # key -> the locator as JSON, encoded once
        self._pending: list[tuple[JournalEntry, asyncio.Future[None] | None]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._waiting = 0  # queued writes whose caller waits for the commit
        self.commits = 0
        """Transactions committed so far (many writes share one)."""
        self._timer: asyncio.TimerHandle | None = None

    def __repr__(self) -> str:
        return f"<Journal {self.path} {'open' if self._db else 'closed'}>"

    # -- lifecycle ------------------------------------------------------------------------

    def open(self) -> Journal:
        """Take the lock (or raise :class:`JournalLockedError`) and load the entries."""
        if self._db is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock.acquire(self.path)
        try:
            self._db = _connect(self.path, durable=self.durable)
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM items").fetchall()
        except BaseException:
            if self._db is not None:
                self._db.close()
                self._db = None
            self._lock.release()
            raise
        self._entries = {row[0]: _entry(row) for row in rows}
        self._locators = {row[0]: row[3] for row in rows}
        return self

    async def close(self) -> None:
        """Commit what is queued, then close the database and release the lock."""
        try:
            await self.flush()
        finally:
            self._close_now()

    def _close_now(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        db, self._db = self._db, None
        if db is not None:
            db.close()
        self._lock.release()

    async def __aenter__(self) -> Journal:
        # Opened on the loop (a non-blocking lock and a small read): a cancellation can never
        # leave the lock taken with nobody to release it.
        return self.open()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # -- reading ------------------------------------------------------------------------

    def entries(self) -> dict[str, JournalEntry]:
        """Every entry by key, including writes still being committed."""
        return dict(self._entries)

    def get(self, key: str) -> JournalEntry | None:
        """The entry of ``key``, if any."""
        return self._entries.get(key)

    # -- writing ------------------------------------------------------------------------

    async def record(
        self,
        key: str,
        *,
        state: JournalState,
        action: str | None = None,
        locator: Mapping[str, str] | None = None,
        request_id: str | None = None,
        error: str | None = None,
        maybe_sent: bool = False,
        wait: bool = True,
    ) -> JournalEntry:
        """Write the item's new state; returns once it is committed (``wait=False``: once queued).

        An ``intent`` counts one more attempt and clears the request id and error;
        fields not given keep their value (``action``, ``locator``) or are cleared.
        Only an intent must be committed before its request is sent; a later record
        that a crash loses leaves the item in doubt (or accepted), which the next run
        resolves by reading the resource (or waiting for the request id).
        """
        if self._db is None:
            raise AsmError("the journal is not open")
        old = self._entries.get(key)
        if action is None and old is None:
            raise AsmError(f"journal: the first record of {key} needs an action")
        entry = JournalEntry(
            key=key,
            action=action if action is not None else old.action,  # type: ignore[union-attr]
            state=state,
            locator=dict(locator) if locator is not None else (dict(old.locator) if old else {}),
            request_id=request_id,
            error=error,
            maybe_sent=maybe_sent,
            attempts=(old.attempts if old else 0) + (state is JournalState.INTENT),
            updated=time.time(),
        )
        self._entries[key] = entry
        if locator is not None or key not in self._locators:
            self._locators[key] = json.dumps(entry.locator, sort_keys=True)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] | None = loop.create_future() if wait else None
        self._pending.append((entry, done))
        if done is not None:
            self._waiting += 1
            self._start_flusher()
        elif self._timer is None and not self._flushing():
            # Nobody waits: ride along with the next commit, or be committed shortly.
            self._timer = loop.call_later(_LAZY_COMMIT, self._start_flusher, True)
        if done is not None:
            # A cancelled caller cancels only its own future: the entry is committed all the same.
            await done
        return entry

    async def flush(self) -> None:
        """Wait until every queued write is committed."""
        while self._pending or self._flushing():
            if not self._flushing():
                self._start_flusher(True)
            assert self._flusher is not None
            await asyncio.shield(self._flusher)

    def _flushing(self) -> bool:
        return self._flusher is not None and not self._flusher.done()

    def _start_flusher(self, everything: bool = False) -> None:
        if self._timer is not None and everything:
            self._timer.cancel()
            self._timer = None
        if not self._flushing():
            self._flusher = asyncio.get_running_loop().create_task(self._flush_loop(everything))

    async def _flush_loop(self, everything: bool) -> None:
        # Let the writes of this loop iteration join the batch, and of the next few while more keep
        # coming: fewer, larger commits (each one is an fsync and a thread hand-off).
        seen = len(self._pending)
        for _ in range(_GATHER_TURNS):
            await asyncio.sleep(0)
            if len(self._pending) == seen:
                break
            seen = len(self._pending)
        while self._pending and (everything or self._waiting):
            batch, self._pending = self._pending, []
            self._waiting = 0
            rows = {entry.key: _row(entry, self._locators[entry.key]) for entry, _ in batch}  # last wins
            try:
                await asyncio.to_thread(self._commit, list(rows.values()))
            except BaseException as error:
                for _, done in batch:
                    if done is not None and not done.done():
                        if isinstance(error, asyncio.CancelledError):
                            done.cancel()
                        else:
                            done.set_exception(error)
                raise
            for _, done in batch:
                if done is not None and not done.done():
                    done.set_result(None)
        if self._pending and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(_LAZY_COMMIT, self._start_flusher, True)

    def _commit(self, rows: list[tuple[Any, ...]]) -> None:
        db = self._db
        if db is None:
            raise AsmError("the journal is closed")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                f"INSERT OR REPLACE INTO items ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self.commits += 1
