"""The emulator's state: every resource, operation and registered certificate, in one store.

Records are plain JSON-able dicts grouped by *kind* and keyed by a string.
In memory by default; with a state directory every change is written to
SQLite (WAL, synchronous=FULL) and committed before the answer is sent, so a
``kill -9`` at any moment loses no acknowledged change.

A long-running operation carries its effect as data (records to put and keys to
delete). The effect is applied when the operation completes: after the
configured latency (time-based), after N status polls (manual), or at once.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "Progression", "State", "Store"]

KINDS = (
    "hosted_service",
    "deployment",
    "storage",
    "affinity_group",
    "image",
    "operation",
    "certificate",
)

Record = dict[str, Any]
Put = tuple[str, str, Record]
Delete = tuple[str, str]

_MAX_OPERATIONS = 100_000


class Store:
    """Write-through persistence of records; ``path=None`` keeps nothing."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records "
                "(kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key))"
            )

    def load(self) -> dict[str, dict[str, Record]]:
        records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        if self._db is not None:
            for kind, key, data in self._db.execute("SELECT kind, key, data FROM records"):
                records.setdefault(kind, {})[key] = json.loads(data)
        return records

    def write(self, puts: Iterable[Put], deletes: Iterable[Delete]) -> None:
        """Apply puts and deletes in one committed transaction."""
        if self._db is None:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for kind, key in deletes:
                db.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))
            for kind, key, data in puts:
                db.execute(
                    "INSERT OR REPLACE INTO records (kind, key, data) VALUES (?, ?, ?)",
                    (kind, key, json.dumps(data, separators=(",", ":"))),
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def clear(self, kinds: Iterable[str]) -> None:
        if self._db is not None:
            self._db.executemany("DELETE FROM records WHERE kind = ?", [(k,) for k in kinds])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@dataclass
class Progression:
    """How operations complete: after ``latency`` seconds, or (manual) after ``polls`` status polls."""

    latency: float = 0.0
    latency_by_kind: dict[str, float] = field(default_factory=dict)
    polls_by_kind: dict[str, int] = field(default_factory=dict)
    polls_default: int | None = None

    def for_kind(self, kind: str) -> tuple[float, int | None]:
        if kind in self.polls_by_kind:
            return 0.0, self.polls_by_kind[kind]
        if kind in self.latency_by_kind:
            return self.latency_by_kind[kind], None
        return self.latency, self.polls_default


def new_request_id() -> str:
    return uuid.uuid4().hex


def dashed(request_id: str) -> str:
    """``0123...`` (32 hex) -> ``01234567-89ab-...`` as the Operation ``<ID>``."""
    return str(uuid.UUID(hex=request_id))


class State:
    """All records, with the operation machinery. Use from the event loop only."""

    def __init__(self, store: Store, progression: Progression | None = None) -> None:
        self.store = store
        self.progression = progression or Progression()
        self.records = store.load()
        self._reindex()

    # Indexes of the operations in progress, so that no request scans every operation:
    # time-based deadlines (a heap), the lock each holds, and the records each will create.

    def _reindex(self) -> None:
        self._deadlines: list[tuple[float, str]] = []
        self._locks: dict[str, str] = {}
        self._pending: dict[str, dict[str, Record]] = {}
        for key, op in self.records["operation"].items():
            self._index_operation(key, op)

    def _index_operation(self, key: str, op: Record) -> None:
        if op["status"] != "InProgress":
            return
        if op["polls_needed"] is None:
            heapq.heappush(self._deadlines, (op["created"] + op["latency"], key))
        if op["lock"]:
            self._locks[op["lock"]] = key
        for kind, record_key, data in op["puts"]:
            self._pending.setdefault(kind, {})[record_key] = data

    def _unindex_operation(self, key: str, op: Record) -> None:
        if op["status"] != "InProgress":
            return
        if op["lock"] and self._locks.get(op["lock"]) == key:
            del self._locks[op["lock"]]
        for kind, record_key, _ in op["puts"]:
            self._pending.get(kind, {}).pop(record_key, None)

    # -- records -----------------------------------------------------------------------

    def get(self, kind: str, key: str) -> Record | None:
        return self.records[kind].get(key)

    def values(self, kind: str) -> list[Record]:
        return list(self.records[kind].values())

    def items(self, kind: str) -> Iterator[tuple[str, Record]]:
        return iter(list(self.records[kind].items()))

    def write(self, puts: Iterable[Put] = (), deletes: Iterable[Delete] = ()) -> None:
        """Persist first (so an answer is only sent after the commit), then update memory."""
        puts, deletes = list(puts), list(deletes)
        self.store.write(puts, deletes)
        operations = self.records["operation"]
        for kind, key in deletes:
            old = self.records[kind].pop(key, None)
            if kind == "operation" and old is not None:
                self._unindex_operation(key, old)
        for kind, key, data in puts:
            if kind == "operation":
                old = operations.get(key)
                if old is not None:
                    self._unindex_operation(key, old)
                self._index_operation(key, data)
            self.records[kind][key] = data

    def reset(self) -> None:
        """Forget every resource and operation (registered certificates stay)."""
        kinds = [k for k in KINDS if k != "certificate"]
        self.store.clear(kinds)
        for kind in kinds:
            self.records[kind] = {}
        self._reindex()

    # -- operations ----------------------------------------------------------------------

    def begin(
        self,
        request_id: str,
        subscription_id: str,
        kind: str,
        *,
        puts: Iterable[Put] = (),
        deletes: Iterable[Delete] = (),
        lock: str | None = None,
        synchronous: bool = False,
        failure: dict[str, Any] | None = None,
    ) -> Record:
        """Record an accepted request; a synchronous one (or zero latency) completes at once."""
        latency, polls = (0.0, None) if synchronous else self.progression.for_kind(kind)
        op: Record = {
            "id": request_id,
            "subscription": subscription_id,
            "kind": kind,
            "status": "InProgress",
            "created": time.time(),
            "latency": latency,
            "polls_needed": polls,
            "polls": 0,
            "puts": [list(p) for p in puts],
            "deletes": [list(d) for d in deletes],
            "lock": lock,
            "failure": None if synchronous else failure,
        }
        self._trim_operations()
        if polls is None and latency <= 0:
            self._complete(op)
        else:
            self.write(puts=[("operation", request_id, op)])
        return op

    def _trim_operations(self) -> None:
        ops = self.records["operation"]
        if len(ops) >= _MAX_OPERATIONS:
            done = [k for k, v in ops.items() if v["status"] != "InProgress"][: len(ops) // 2]
            self.write(deletes=[("operation", k) for k in done])

    def _complete(self, op: Record) -> None:
        done = dict(op)
        puts: list[Put] = []
        deletes: list[Delete] = []
        failure = op.get("failure")
        if failure:
            done.update(status="Failed", http_status=failure["http_status"], error=failure)
        else:
            done.update(status="Succeeded", http_status=200, error=None)
            puts = [(k, key, data) for k, key, data in op["puts"]]
            deletes = [(k, key) for k, key in op["deletes"]]
        done["puts"], done["deletes"] = [], []
        self.write(puts=[*puts, ("operation", op["id"], done)], deletes=deletes)

    def advance(self, now: float | None = None) -> None:
        """Complete every time-based operation whose latency has passed."""
        now = time.time() if now is None else now
        deadlines = self._deadlines
        while deadlines and deadlines[0][0] <= now:
            _, key = heapq.heappop(deadlines)
            op = self.records["operation"].get(key)
            if op is not None and op["status"] == "InProgress" and op["polls_needed"] is None:
                self._complete(op)

    def poll(self, request_id: str) -> Record | None:
        """One status request: counts towards a manual progression."""
        op = self.get("operation", request_id)
        if op is None or op["status"] != "InProgress" or op["polls_needed"] is None:
            return op
        op = dict(op, polls=op["polls"] + 1)
        if op["polls"] >= op["polls_needed"]:
            self._complete(op)
        else:
            self.write(puts=[("operation", request_id, op)])
        return self.get("operation", request_id)

    def busy(self, lock: str) -> str | None:
        """The request id of an operation in progress holding ``lock``, if any."""
        return self._locks.get(lock)

    def pending_put(self, kind: str, key: str) -> bool:
        """Whether an operation in progress will create the record ``kind``/``key``."""
        return key in self._pending.get(kind, {})

    def pending_record(self, kind: str, key: str) -> Record | None:
        """The record ``kind``/``key`` an operation in progress will create, if any."""
        return self._pending.get(kind, {}).get(key)

    def pending_puts(self, kind: str) -> list[Record]:
        """The records of ``kind`` that operations in progress will create."""
        return list(self._pending.get(kind, {}).values())
