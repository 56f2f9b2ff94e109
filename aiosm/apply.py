"""Apply a plan: read what exists, compute the difference, make it so; journaled, resumable after a crash.

::

    from aiosm.apply import apply, diff
    from aiosm.plan import load_plan

    plan = load_plan("plan.toml")
    print(await diff(session, plan))                # the dry run: create / update / leave / delete
    report = await apply(session, plan, "run.db")   # make it so, journaled in run.db
    report.raise_for_failures()

Each item's request is recorded in the :mod:`journal <aiosm.journal>` before it is
sent, with its request id once accepted and its final state. Run ``apply`` again with
the same journal after a crash (or a cancellation) and it

* waits for each operation the service had accepted, by its request id (no new request);
* reads each resource whose request may have gone out without its answer being
  recorded, and sends nothing when the resource is there (or still being created);
* sends what was never sent.

The changes run on :func:`aiosm.bulk.run_bulk` (bounded concurrency, rate limit, one
operation at a time per cloud service), tier by tier: affinity groups, then cloud
services and storage accounts, then deployments and VMs (deletions the other way
round). An item whose dependency failed waits for the next round; items that failed
transiently are read again and retried, up to ``rounds`` rounds.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from . import reconcile
from .bulk import BulkError, BulkItem, RateLimiter, run_bulk
from .errors import (
    AsmError,
    AsmHttpError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    OperationFailedError,
    OperationTimeoutError,
    ResponseParseError,
    TlsError,
    TransportError,
    is_transient,
)
from .journal import Journal, JournalEntry, JournalState, read_journal
from .plan import KINDS, Plan, ResourceSpec
from .reconcile import Observed

if TYPE_CHECKING:
    from .session import ServiceManagementSession

__all__ = ["Action", "ApplyReport", "ApplyResult", "Change", "PlanDiff", "apply", "diff"]

_T = TypeVar("_T")
_UNSET: Any = object()
_TIER = {spec.kind: spec.tier for spec in KINDS.values()}
_SERIALIZED_KINDS = frozenset({"deployment", "virtual_machine"})
_ASSUMED_NEW = "assumed new: not read"


class Action(str, enum.Enum):
    """What a change does."""

    CREATE = "create"
    UPDATE = "update"
    LEAVE = "leave"
    DELETE = "delete"
    CONFLICT = "conflict"
    """The resource differs in a way the service cannot change in place; nothing is sent."""
    AWAIT = "await"
    """An operation accepted earlier (or a create still in progress) must finish first."""


_SYMBOL = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.LEAVE: "=",
    Action.DELETE: "-",
    Action.CONFLICT: "!",
    Action.AWAIT: ">",
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass
class Change:
    """One resource's step: the ``action``, and for an update the ``differences`` (field -> (now, wanted))."""

    key: str
    action: Action
    locator: dict[str, str]
    spec: ResourceSpec | None = None
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    observed: Observed | None = field(default=None, repr=False)
    request_id: str | None = None
    note: str = ""

    @property
    def kind(self) -> str:
        """The resource kind (``cloud_service``...)."""
        return self.locator.get("kind", "")

    def describe(self) -> str:
        """One line: ``~ update cloud_service/web (label: 'a' -> 'b')``."""
        text = f"{_SYMBOL[self.action]} {self.action.value} {self.key}"
        details = ", ".join(
            f"{name}: {_show(now)} -> {_show(want)}" for name, (now, want) in self.differences.items()
        )
        if details:
            text += f" ({details})"
        if self.note:
            text += f" [{self.note}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-able data."""
        return {
            "key": self.key,
            "action": self.action.value,
            "differences": {name: [now, want] for name, (now, want) in self.differences.items()},
            "request_id": self.request_id,
            "note": self.note,
        }


@dataclass
class PlanDiff:
    """Every resource's :class:`Change`, in plan order (then the deletions)."""

    changes: list[Change]

    def counts(self) -> dict[str, int]:
        """How many changes of each action."""
        counts = dict.fromkeys((action.value for action in Action), 0)
        for change in self.changes:
            counts[change.action.value] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        """True when applying would send something (or wait for something)."""
        return any(c.action not in (Action.LEAVE, Action.CONFLICT) for c in self.changes)

    @property
    def conflicts(self) -> list[Change]:
        """The changes the service cannot make in place."""
        return [c for c in self.changes if c.action is Action.CONFLICT]

    def summary(self) -> str:
        """``2 to create, 1 to update, 5 to leave, 0 to delete, 0 conflicts, 0 to await``."""
        counts = self.counts()
        return (
            f"{counts['create']} to create, {counts['update']} to update, {counts['leave']} to leave, "
            f"{counts['delete']} to delete, {counts['conflict']} conflicts, {counts['await']} to await"
        )

    def __str__(self) -> str:
        return "\n".join([*(c.describe() for c in self.changes), self.summary()])

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-able data."""
        return {"counts": self.counts(), "changes": [c.to_dict() for c in self.changes]}


@dataclass
class ApplyResult:
    """Where one resource ended: ``ok`` when it reached its intended state."""

    key: str
    action: Action
    ok: bool
    request_id: str | None = None
    error: str | None = None
    retryable: bool = False
    """The failure may go away in another run (transient, or the outcome is not known yet)."""
    sent: int = 0
    """Requests this run sent for the resource."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-able data."""
        return {
            "key": self.key,
            "action": self.action.value,
            "ok": self.ok,
            "request_id": self.request_id,
            "error": self.error,
            "retryable": self.retryable,
            "sent": self.sent,
        }


@dataclass
class ApplyReport:
    """The result of every resource, the first :class:`PlanDiff`, the rounds run and the wall time."""

    results: list[ApplyResult]
    diff: PlanDiff
    rounds: int
    elapsed: float

    @property
    def ok(self) -> bool:
        """True when every resource reached its intended state."""
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[ApplyResult]:
        """The resources that did not reach their intended state."""
        return [r for r in self.results if not r.ok]

    def counts(self) -> dict[str, int]:
        """Succeeded and failed resources, and what the successful ones did."""
        counts = {"succeeded": 0, "failed": 0}
        for result in self.results:
            counts["succeeded" if result.ok else "failed"] += 1
            if result.ok:
                counts[result.action.value] = counts.get(result.action.value, 0) + 1
        return counts

    def raise_for_failures(self) -> None:
        """Raise :class:`AsmError` listing the resources that did not reach their intended state."""
        failed = self.failed
        if failed:
            lines = [f"{len(failed)} resource(s) did not reach their intended state"]
            lines += [f"  {r.key}: {r.error}" for r in failed[:20]]
            raise AsmError("\n".join(lines))

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (the ``--json`` summary)."""
        return {
            "ok": self.ok,
            "counts": self.counts(),
            "rounds": self.rounds,
            "elapsed": round(self.elapsed, 3),
            "results": [r.to_dict() for r in self.results],
        }


# -- reading and comparing -------------------------------------------------------------------


class _Settle:
    """How long, and how often, to read again a resource that an operation is still changing."""

    def __init__(self, session: ServiceManagementSession, timeout: float | None, poll_interval: float | None):
        self.policy = session.operations.poll
        self.timeout = self.policy.timeout if timeout is _UNSET else timeout
        self.poll_interval = poll_interval

    def waiter(self, key: str) -> Callable[[str], Awaitable[None]]:
        loop = asyncio.get_running_loop()
        deadline = None if self.timeout is None else loop.time() + self.timeout
        intervals = self.policy.intervals()

        async def pause(reason: str) -> None:
            if deadline is not None and loop.time() >= deadline:
                raise OperationTimeoutError(key, float(self.timeout or 0), reason)
            delay = self.poll_interval if self.poll_interval is not None else next(intervals)
            await asyncio.sleep(delay if deadline is None else min(delay, max(0.0, deadline - loop.time())))

        return pause


async def _assess(
    session: ServiceManagementSession,
    key: str,
    spec: ResourceSpec | None,
    locator: dict[str, str],
    entry: JournalEntry | None,
    settle: _Settle | None,
) -> Change:
    if entry is not None and entry.state is JournalState.ACCEPTED and entry.request_id:
        return Change(
            key, Action.AWAIT, locator, spec, request_id=entry.request_id, note="accepted by an earlier run"
        )
    in_doubt = entry is not None and entry.in_doubt
    observed = await reconcile.read(session, locator)
    pause = settle.waiter(key) if settle is not None else None
    while True:
        if observed is not None and observed.settling:
            reason = "an operation is still changing it"
        elif observed is None and in_doubt and await reconcile.creation_pending(session, locator):
            reason = "its creation is still in progress"
        else:
            break
        if pause is None:
            return Change(key, Action.AWAIT, locator, spec, observed=observed, note=reason)
        await pause(reason)
        observed = await reconcile.read(session, locator)
    if spec is None:  # no longer in the plan: delete it
        if observed is None:
            return Change(key, Action.LEAVE, locator, note="already gone")
        return Change(key, Action.DELETE, locator, observed=observed, note="not in the plan")
    if observed is None:
        note = "an earlier request may have been sent; not found, so sending it" if in_doubt else ""
        return Change(key, Action.CREATE, locator, spec, note=note)
    differences = reconcile.differences(spec, observed)
    fixed = sorted(name for name in differences if name not in reconcile.MUTABLE[spec.kind])
    if fixed:
        return Change(
            key,
            Action.CONFLICT,
            locator,
            spec,
            differences,
            observed,
            note=f"{', '.join(fixed)} cannot be changed in place: delete and re-create it",
        )
    if differences:
        return Change(key, Action.UPDATE, locator, spec, differences, observed)
    note = "found on the service: an earlier request had succeeded" if in_doubt else ""
    return Change(key, Action.LEAVE, locator, spec, observed=observed, note=note)


def _targets(
    plan: Plan, entries: Mapping[str, JournalEntry], prune: bool
) -> dict[str, tuple[ResourceSpec | None, dict[str, str]]]:
    targets: dict[str, tuple[ResourceSpec | None, dict[str, str]]] = {
        spec.key: (spec, spec.locator()) for spec in plan.resources
    }
    if prune:
        for key, entry in entries.items():
            gone = entry.action == Action.DELETE.value and entry.state is JournalState.SUCCEEDED
            if key not in targets and entry.locator.get("kind") in _TIER and not gone:
                targets[key] = (None, dict(entry.locator))
    return targets


async def _limited(
    calls: Iterable[Callable[[], Awaitable[_T]]], concurrency: int
) -> list[_T | BaseException]:
    slots = asyncio.Semaphore(concurrency)

    async def one(call: Callable[[], Awaitable[_T]]) -> _T:
        async with slots:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls), return_exceptions=True)


def _journal_entries(
    journal: str | os.PathLike[str] | Journal | Mapping[str, JournalEntry] | None,
) -> dict[str, JournalEntry]:
    if journal is None:
        return {}
    if isinstance(journal, Journal):
        return journal.entries()
    if isinstance(journal, Mapping):
        return dict(journal)
    return read_journal(journal) if os.path.exists(journal) else {}


async def diff(
    session: ServiceManagementSession,
    plan: Plan,
    *,
    journal: str | os.PathLike[str] | Journal | Mapping[str, JournalEntry] | None = None,
    prune: bool = False,
    concurrency: int = 50,
) -> PlanDiff:
    """The dry run: read every resource of the plan and say what :func:`apply` would do. Sends nothing.

    With ``journal`` (a path, read without its lock, or an open :class:`Journal`) the
    diff also shows operations to await and, with ``prune``, what the journal created
    that the plan no longer holds (to delete).
    """
    if concurrency < 1:
        raise InvalidInputError("concurrency", "must be at least 1")
    entries = _journal_entries(journal)
    targets = _targets(plan, entries, prune)
    outcomes = await _limited(
        [
            functools.partial(_assess, session, key, spec, locator, entries.get(key), None)
            for key, (spec, locator) in targets.items()
        ],
        concurrency,
    )
    changes: list[Change] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        changes.append(outcome)
    return PlanDiff(changes)


# -- applying ------------------------------------------------------------------------------------


def _maybe_sent(error: BaseException) -> bool:
    """Whether a request that ended with ``error`` may have been acted on by the service."""
    if isinstance(error, InvalidInputError | TlsError):
        return False
    if isinstance(error, TransportError):
        return not error.before_send
    if isinstance(error, AsmHttpError):
        # Any 4xx (a 409 included) and 503 ServerBusy are decisions not to act; other 5xx may have acted.
        return error.status >= 500 and error.status != 503
    return not isinstance(error, AsmError) or isinstance(error, ResponseParseError)


def _retryable(error: BaseException) -> bool:
    if isinstance(error, OperationFailedError):
        return (error.http_status or 500) >= 500
    return (
        is_transient(error)
        or _maybe_sent(error)
        or isinstance(error, OperationTimeoutError | asyncio.TimeoutError)
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class _Applier:
    def __init__(
        self,
        session: ServiceManagementSession,
        plan: Plan,
        journal: Journal,
        *,
        prune: bool,
        concurrency: int,
        rate_limit: float | RateLimiter | None,
        rounds: int,
        timeout: float | None,
        poll_interval: float | None,
        on_result: Callable[[ApplyResult], None] | None,
        assume_new: bool,
    ) -> None:
        self.session = session
        self.plan = plan
        self.journal = journal
        self.prune = prune
        self.concurrency = concurrency
        self.limiter = RateLimiter(rate_limit) if isinstance(rate_limit, int | float) else rate_limit
        self.rounds = rounds
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.settle = _Settle(session, timeout, poll_interval)
        self.on_result = on_result
        self.assume_new = assume_new
        self.results: dict[str, ApplyResult] = {}
        self.sent: dict[str, int] = {}

    def _wait_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"poll_interval": self.poll_interval}
        if self.timeout is not _UNSET:
            options["timeout"] = self.timeout
        return options

    def _finish(
        self,
        key: str,
        action: Action,
        ok: bool,
        error: BaseException | str | None = None,
        *,
        retryable: bool | None = None,
    ) -> None:
        entry = self.journal.get(key)
        if retryable is None:
            retryable = isinstance(error, BaseException) and _retryable(error)
        result = ApplyResult(
            key,
            action,
            ok,
            request_id=entry.request_id if entry else None,
            error=None
            if error is None
            else (_describe(error) if isinstance(error, BaseException) else error),
            retryable=retryable,
            sent=self.sent.get(key, 0),
        )
        self.results[key] = result
        if self.on_result is not None and (ok or not retryable):
            self.on_result(result)

    async def run(self) -> ApplyReport:
        began = time.monotonic()
        targets = _targets(self.plan, self.journal.entries(), self.prune)
        todo = list(targets)
        first: PlanDiff | None = None
        rounds = 0
        while todo and rounds < self.rounds:
            rounds += 1
            await self._resume_accepted(todo)
            changes = await self._assess_all(todo, targets)
            if first is None:
                first = PlanDiff(changes)
            self._check_creatable(changes)
            await self._settle_in_place(changes)
            await self._run_changes(changes)
            todo = [key for key in todo if not self.results[key].ok and self.results[key].retryable]
        if self.on_result is not None:
            for key in todo:  # retryable failures the last round left
                self.on_result(self.results[key])
        order = list(targets)
        return ApplyReport(
            [self.results[key] for key in order], first or PlanDiff([]), rounds, time.monotonic() - began
        )

    async def _resume_accepted(self, keys: list[str]) -> None:
        items = []
        for key in keys:
            entry = self.journal.get(key)
            if entry is not None and entry.state is JournalState.ACCEPTED and entry.request_id:
                items.append(BulkItem(key, functools.partial(self._resume, entry)))
        if items:
            await run_bulk(items, concurrency=self.concurrency, wait=False)

    async def _resume(self, entry: JournalEntry) -> None:
        assert entry.request_id is not None
        operation = self.session.operations.resume(entry.request_id)
        try:
            await operation.wait(**self._wait_options())
        except OperationFailedError as error:
            await self.journal.record(entry.key, state=JournalState.FAILED, error=_describe(error))
            raise
        except AsmHttpError as error:
            # The service no longer knows the request id (status is kept for a limited time):
            # the outcome is unknown, so the resource is read before anything is sent again.
            await self.journal.record(
                entry.key, state=JournalState.FAILED, error=_describe(error), maybe_sent=True
            )
            raise
        await self.journal.record(entry.key, state=JournalState.SUCCEEDED, request_id=entry.request_id)

    async def _assess_all(
        self, keys: list[str], targets: dict[str, tuple[ResourceSpec | None, dict[str, str]]]
    ) -> list[Change]:
        if self.assume_new:  # what the journal has never seen is created without a read (nor a task)
            fresh = {key for key in keys if targets[key][0] is not None and self.journal.get(key) is None}
            if fresh:
                rest = await self._assess_all([key for key in keys if key not in fresh], targets)
                by_key = {change.key: change for change in rest}
                return [
                    by_key[key]
                    if key not in fresh
                    else Change(key, Action.CREATE, targets[key][1], targets[key][0], note=_ASSUMED_NEW)
                    for key in keys
                    if key in fresh or key in by_key
                ]
        outcomes = await _limited(
            [
                functools.partial(
                    _assess,
                    self.session,
                    key,
                    *targets[key],
                    self.journal.get(key),
                    self.settle,
                )
                for key in keys
            ],
            self.concurrency,
        )
        changes = []
        for key, outcome in zip(keys, outcomes, strict=True):
            if isinstance(outcome, Change):
                changes.append(outcome)
            elif isinstance(outcome, Exception):
                self._finish(key, Action.AWAIT, False, outcome)
            else:
                raise outcome
        return changes

    @staticmethod
    def _check_creatable(changes: list[Change]) -> None:
        for change in changes:
            if change.action is Action.CREATE and change.spec is not None:
                reconcile.check_creatable(change.spec)

    async def _settle_in_place(self, changes: list[Change]) -> None:
        """Journal what needs no request: resources already as planned, and conflicts."""
        writes = []
        for change in changes:
            entry = self.journal.get(change.key)
            if change.action is Action.LEAVE:
                self._finish(change.key, Action.LEAVE, True)
                if entry is None or entry.state is not JournalState.SUCCEEDED:
                    action = Action.DELETE if change.spec is None else (entry.action if entry else "leave")
                    writes.append(
                        self.journal.record(
                            change.key,
                            state=JournalState.SUCCEEDED,
                            action=action,
                            locator=change.locator,
                            request_id=entry.request_id if entry else None,
                            error=change.note or None,
                        )
                    )
            elif change.action is Action.AWAIT:
                self._finish(
                    change.key, Action.AWAIT, False, f"still in progress: {change.note}", retryable=True
                )
            elif change.action is Action.CONFLICT:
                self._finish(change.key, Action.CONFLICT, False, change.describe())
                writes.append(
                    self.journal.record(
                        change.key,
                        state=JournalState.FAILED,
                        action=Action.CONFLICT.value,
                        locator=change.locator,
                        error=change.describe(),
                    )
                )
        await asyncio.gather(*writes)

    async def _run_changes(self, changes: list[Change]) -> None:
        sendable = [c for c in changes if c.action in (Action.CREATE, Action.UPDATE, Action.DELETE)]
        deletes = [c for c in sendable if c.action is Action.DELETE]
        others = [c for c in sendable if c.action is not Action.DELETE]
        for tier in sorted({_TIER[c.kind] for c in deletes}, reverse=True):
            await self._run_tier([c for c in deletes if _TIER[c.kind] == tier])
        for tier in sorted({_TIER[c.kind] for c in others}):
            ready = []
            for change in (c for c in others if _TIER[c.kind] == tier):
                blocker = self._blocker(change)
                if blocker is None:
                    ready.append(change)
                else:
                    self._finish(change.key, change.action, False, f"waits for {blocker}", retryable=True)
            await self._run_tier(ready)

    def _blocker(self, change: Change) -> str | None:
        assert change.spec is not None
        for dependency in change.spec.depends_on:
            result = self.results.get(dependency)
            if result is not None and not result.ok:
                return dependency
        return None

    async def _run_tier(self, changes: list[Change]) -> None:
        if not changes:
            return
        items = []
        for change in changes:
            serialize = None
            if change.kind in _SERIALIZED_KINDS:
                serialize = ("cloud_service", change.locator["service"].lower())
            items.append(BulkItem(change.key, functools.partial(self._execute, change), serialize))
        report = await run_bulk(items, concurrency=self.concurrency, rate_limit=self.limiter, wait=False)
        for change, result in zip(changes, report.results, strict=True):
            if result.ok:
                continue
            if isinstance(result.error, ConflictError) and change.note == _ASSUMED_NEW:
                # It exists (or its name is taken): read it in the next round.
                self._finish(change.key, change.action, False, result.error, retryable=True)
            elif result.error is not None:
                self._finish(change.key, change.action, False, result.error)
            else:  # cancelled by fail_fast; never by us
                raise BulkError([], [result])

    async def _execute(self, change: Change) -> None:
        key = change.key
        action = change.action
        await self.journal.record(key, state=JournalState.INTENT, action=action.value, locator=change.locator)
        self.sent[key] = self.sent.get(key, 0) + 1
        try:
            if action is Action.CREATE:
                assert change.spec is not None
                operation = await reconcile.create(self.session, change.spec)
            elif action is Action.UPDATE:
                assert change.spec is not None
                operation = await reconcile.update(self.session, change.spec, change.differences)
            else:
                operation = await reconcile.delete(self.session, change.locator, change.observed)
        except asyncio.CancelledError:
            raise
        except NotFoundError as error:
            if action is not Action.DELETE:
                await self.journal.record(key, state=JournalState.FAILED, error=_describe(error))
                raise
            await self.journal.record(key, state=JournalState.SUCCEEDED, error="already gone")
            self._finish(key, action, True)
            return
        except Exception as error:
            await self.journal.record(
                key, state=JournalState.FAILED, error=_describe(error), maybe_sent=_maybe_sent(error)
            )
            raise
        if operation.result is None:  # a 202: the operation runs on; a 200/201 is already complete
            await self.journal.record(
                key, state=JournalState.ACCEPTED, request_id=operation.request_id, wait=False
            )
        try:
            await operation.wait(**self._wait_options())
        except OperationFailedError as error:
            await self.journal.record(
                key, state=JournalState.FAILED, request_id=operation.request_id, error=_describe(error)
            )
            raise
        # Any other failure of the wait (a timeout) leaves the entry accepted: the next run waits again.
        await self.journal.record(
            key, state=JournalState.SUCCEEDED, request_id=operation.request_id, wait=False
        )
        self._finish(key, action, True)


async def apply(
    session: ServiceManagementSession,
    plan: Plan,
    journal: str | os.PathLike[str] | Journal,
    *,
    prune: bool = False,
    concurrency: int = 50,
    rate_limit: float | RateLimiter | None = None,
    rounds: int = 3,
    timeout: float | None = _UNSET,
    poll_interval: float | None = None,
    on_result: Callable[[ApplyResult], None] | None = None,
    assume_new: bool = False,
) -> ApplyReport:
    """Make the service hold ``plan``, journaled in ``journal`` (a path, or an open :class:`Journal`).

    ``prune=True`` also deletes what this journal created that the plan no longer
    holds. ``concurrency`` and ``rate_limit`` are :func:`~aiosm.bulk.run_bulk`'s;
    ``timeout`` and ``poll_interval`` bound and pace each operation's wait (default:
    the session's :class:`~aiosm.operations.PollPolicy`). ``on_result`` is called once
    per resource, when it reaches its state or fails for good.

    ``assume_new=True`` skips the first read of resources the journal has never seen
    and creates them directly: for a fresh estate, where reading would find nothing.
    One that exists after all gets a 409, is read in the next round and left as it is
    (or updated).

    Raises :class:`~aiosm.journal.JournalLockedError` when another run holds the
    journal, and :class:`~aiosm.errors.InvalidInputError` (before sending anything)
    for a VM whose password variable is not set. Cancelling leaves the journal ready
    for the next run to resume.
    """
    if concurrency < 1:
        raise InvalidInputError("concurrency", "must be at least 1")
    if rounds < 1:
        raise InvalidInputError("rounds", "must be at least 1")
    owned = not isinstance(journal, Journal)
    opened = Journal(journal) if not isinstance(journal, Journal) else journal
    if owned:
        opened.open()
    try:
        applier = _Applier(
            session,
            plan,
            opened,
            prune=prune,
            concurrency=concurrency,
            rate_limit=rate_limit,
            rounds=rounds,
            timeout=timeout,
            poll_interval=poll_interval,
            on_result=on_result,
            assume_new=assume_new,
        )
        return await applier.run()
    finally:
        if owned:
            await opened.close()
