"""The emulator's state: every resource, operation and registered certificate, in one store.

Records are the typed records of :mod:`.records`, grouped by kind and keyed by
a string. In memory by default; with a state directory every change is written
to SQLite (WAL, synchronous=FULL) and committed before the answer is sent, so a
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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar, cast

from .records import RECORD_TYPES, OperationFailure, OperationRecord, Record, Ref, decode

__all__ = ["KINDS", "Progression", "State", "Store"]

KINDS = tuple(RECORD_TYPES)
"""Every kind of record (the store's kind column)."""

_R = TypeVar("_R", bound=Record)

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
        """Every stored record, by kind and key (rows of an unknown kind are left alone)."""
        records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        if self._db is not None:
            for kind, key, data in self._db.execute("SELECT kind, key, data FROM records"):
                if kind in records:
                    records[kind][key] = decode(kind, json.loads(data))
        return records

    def write(self, puts: Iterable[Record], deletes: Iterable[Ref]) -> None:
        """Apply puts and deletes in one committed transaction."""
        if self._db is None:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for kind, key in deletes:
                db.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))
            for record in puts:
                db.execute(
                    "INSERT OR REPLACE INTO records (kind, key, data) VALUES (?, ?, ?)",
                    (record.KIND, record.key, json.dumps(record.to_json(), separators=(",", ":"))),
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def clear(self, kinds: Iterable[str]) -> None:
        """Delete every stored record of ``kinds``."""
        if self._db is not None:
            self._db.executemany("DELETE FROM records WHERE kind = ?", [(k,) for k in kinds])

    def close(self) -> None:
        """Close the database (nothing is pending: every write is committed)."""
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

    def _operations(self) -> dict[str, OperationRecord]:
        return cast("dict[str, OperationRecord]", self.records[OperationRecord.KIND])

    def _reindex(self) -> None:
        self._deadlines: list[tuple[float, str]] = []
        self._locks: dict[str, str] = {}
        self._pending: dict[str, dict[str, Record]] = {}
        for key, op in self._operations().items():
            self._index_operation(key, op)

    def _index_operation(self, key: str, op: OperationRecord) -> None:
        if not op.in_progress:
            return
        if op.polls_needed is None:
            heapq.heappush(self._deadlines, (op.created + op.latency, key))
        if op.lock:
            self._locks[op.lock] = key
        for record in op.puts:
            self._pending.setdefault(record.KIND, {})[record.key] = record

    def _unindex_operation(self, key: str, op: OperationRecord) -> None:
        if not op.in_progress:
            return
        if op.lock and self._locks.get(op.lock) == key:
            del self._locks[op.lock]
        for record in op.puts:
            self._pending.get(record.KIND, {}).pop(record.key, None)

    # -- records -----------------------------------------------------------------------

    def get(self, cls: type[_R], key: str) -> _R | None:
        """The record of ``cls``'s kind at ``key``, if any."""
        return cast("_R | None", self.records[cls.KIND].get(key))

    def values(self, cls: type[_R]) -> list[_R]:
        """Every record of ``cls``'s kind."""
        return cast("list[_R]", list(self.records[cls.KIND].values()))

    def write(self, puts: Iterable[Record] = (), deletes: Iterable[Ref] = ()) -> None:
        """Persist first (so an answer is only sent after the commit), then update memory."""
        puts, deletes = list(puts), list(deletes)
        self.store.write(puts, deletes)
        operations = self._operations()
        for kind, key in deletes:
            old = self.records[kind].pop(key, None)
            if isinstance(old, OperationRecord):
                self._unindex_operation(key, old)
        for record in puts:
            key = record.key
            if isinstance(record, OperationRecord):
                previous = operations.get(key)
                if previous is not None:
                    self._unindex_operation(key, previous)
                self._index_operation(key, record)
            self.records[record.KIND][key] = record

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
        puts: Iterable[Record] = (),
        deletes: Iterable[Ref] = (),
        lock: str | None = None,
        synchronous: bool = False,
        failure: OperationFailure | None = None,
        path: str = "",
    ) -> OperationRecord:
        """Record an accepted request; a synchronous one (or zero latency) completes at once."""
        latency, polls = (0.0, None) if synchronous else self.progression.for_kind(kind)
        op = OperationRecord(
            id=request_id,
            subscription=subscription_id,
            kind=kind,
            status="InProgress",
            created=time.time(),
            latency=latency,
            polls_needed=polls,
            polls=0,
            puts=tuple(puts),
            deletes=tuple(deletes),
            lock=lock,
            failure=None if synchronous else failure,
            path=path,
        )
        self._trim_operations()
        if polls is None and latency <= 0:
            self._complete(op)
        else:
            self.write(puts=[op])
        return op

    def _trim_operations(self) -> None:
        ops = self._operations()
        if len(ops) >= _MAX_OPERATIONS:
            done = [k for k, v in ops.items() if not v.in_progress][: len(ops) // 2]
            self.write(deletes=[Ref(OperationRecord.KIND, k) for k in done])

    def _complete(self, op: OperationRecord) -> None:
        puts: tuple[Record, ...] = ()
        deletes: tuple[Ref, ...] = ()
        if op.failure:
            done = replace(
                op,
                status="Failed",
                http_status=op.failure.http_status,
                error=op.failure,
                puts=(),
                deletes=(),
                completed=time.time(),
            )
        else:
            done = replace(
                op,
                status="Succeeded",
                http_status=200,
                error=None,
                puts=(),
                deletes=(),
                completed=time.time(),
            )
            puts, deletes = op.puts, op.deletes
        self.write(puts=[*puts, done], deletes=deletes)

    def advance(self, now: float | None = None) -> None:
        """Complete every time-based operation whose latency has passed."""
        now = time.time() if now is None else now
        deadlines = self._deadlines
        operations = self._operations()
        while deadlines and deadlines[0][0] <= now:
            _, key = heapq.heappop(deadlines)
            op = operations.get(key)
            if op is not None and op.in_progress and op.polls_needed is None:
                self._complete(op)

    def poll(self, request_id: str) -> OperationRecord | None:
        """One status request: counts towards a manual progression."""
        op = self.get(OperationRecord, request_id)
        if op is None or not op.in_progress or op.polls_needed is None:
            return op
        needed = op.polls_needed
        op = replace(op, polls=op.polls + 1)
        if op.polls >= needed:
            self._complete(op)
        else:
            self.write(puts=[op])
        return self.get(OperationRecord, request_id)

    def busy(self, lock: str) -> str | None:
        """The request id of an operation in progress holding ``lock``, if any."""
        return self._locks.get(lock)

    def pending_put(self, cls: type[Record], key: str) -> bool:
        """Whether an operation in progress will create the record of ``cls``'s kind at ``key``."""
        return key in self._pending.get(cls.KIND, {})

    def pending_puts(self, cls: type[_R]) -> list[_R]:
        """The records of ``cls``'s kind that operations in progress will create."""
        return cast("list[_R]", list(self._pending.get(cls.KIND, {}).values()))

    def pending_record(self, cls: type[_R], key: str) -> _R | None:
        """The record of ``cls``'s kind at ``key`` that an operation in progress will create, if any."""
        return cast("_R | None", self._pending.get(cls.KIND, {}).get(key))
