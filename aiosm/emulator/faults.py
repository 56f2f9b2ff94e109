"""Faults on demand: error answers, dropped connections, slow answers and throttling.

Rules are checked in the order they were added; a rule fires with its
``probability`` (drawn from a generator seeded by ``seed``, so runs repeat) and
at most ``count`` times (``None``: without limit).
"""

from __future__ import annotations

import math
import random
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAULT_KINDS", "Fault", "Faults", "parse_fault_spec"]

FAULT_KINDS = (
    "server_busy",
    "internal_error",
    "reset",
    "slow",
    "too_many_requests",
    "operation_failed",
    "redirect",
)
_ALIASES = {
    "503": "server_busy",
    "busy": "server_busy",
    "500": "internal_error",
    "error": "internal_error",
    "429": "too_many_requests",
    "throttle": "too_many_requests",
    "failed": "operation_failed",
}


_MAX_SECONDS = 3600.0
_MAX_PATTERN = 1000
_TOKEN = re.compile(r"[A-Za-z]{1,20}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(name: str, value: object, low: float, high: float) -> float:
    """``value`` as a float within ``[low, high]`` (finite), else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    return float(value)


@dataclass
class Fault:
    """One rule: what happens (``kind``) to which requests (``method``, ``path_pattern``)."""

    kind: str
    count: int | None = 1
    path_pattern: str | None = None
    method: str | None = None
    probability: float = 1.0
    delay: float = 1.0
    """Seconds a ``slow`` answer is held back."""
    retry_after: float = 1.0
    """``Retry-After`` of a ``server_busy`` or ``too_many_requests`` answer."""
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            raise ValueError("kind must be a string")
        self.kind = _ALIASES.get(self.kind, self.kind)
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {', '.join(FAULT_KINDS)}")
        if self.count is not None and (not _is_int(self.count) or self.count < 0):
            raise ValueError("count must be a whole number >= 0, or null for no limit")
        if self.method is not None and (
            not isinstance(self.method, str) or not _TOKEN.fullmatch(self.method)
        ):
            raise ValueError("method must be an HTTP verb such as GET")
        self.probability = _number("probability", self.probability, 0.0, 1.0)
        self.delay = _number("delay", self.delay, 0.0, _MAX_SECONDS)
        self.retry_after = _number("retry_after", self.retry_after, 0.0, _MAX_SECONDS)
        if self.path_pattern is not None and (
            not isinstance(self.path_pattern, str) or len(self.path_pattern) > _MAX_PATTERN
        ):
            raise ValueError(
                f"path_pattern must be a regular expression of at most {_MAX_PATTERN} characters"
            )
        try:
            self._regex = re.compile(self.path_pattern) if self.path_pattern else None
        except re.error as exc:
            raise ValueError(f"path_pattern is not a valid regular expression: {exc}") from None

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to a request (uses left, method and path pattern)."""
        if self.count == 0:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return self._regex is None or self._regex.search(path) is not None


def parse_fault_spec(spec: str) -> Fault:
    """``503:0.1`` -> ServerBusy on 10% of requests, without limit (the ``--fault`` option)."""
    kind, _, rest = spec.partition(":")
    try:
        probability = float(rest) if rest else 1.0
    except ValueError:
        raise ValueError(f"{rest!r} is not a probability") from None
    return Fault(kind=kind.strip().lower(), count=None, probability=probability)


class Faults:
    """The fault rules and the per-subscription throttle of one emulator."""

    def __init__(self, seed: int | None = None) -> None:
        self.random = random.Random(seed)
        self.rules: list[Fault] = []
        self.hits: Counter[str] = Counter()
        self.mutations: Counter[str] = Counter()
        """Accepted mutations, by ``"<operation kind> <record key>"`` (e.g. ``create_storage_account x``)."""
        self.answers: Counter[str] = Counter()
        """Answers to mutation requests that reached a handler, by ``"<method> <status>"``."""
        self.throttle_limit: int | None = None
        self.throttle_period = 1.0
        self.throttle_status = 503
        self._recent: dict[str, deque[float]] = {}

    def add(self, fault: Fault) -> Fault:
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        self.rules.clear()
        self.hits.clear()
        self.mutations.clear()
        self.answers.clear()
        self.throttle_limit = None
        self._recent.clear()

    def pick(self, method: str, path: str, *, operation: bool = False) -> Fault | None:
        """The rule that fires for this request, if any (counted in ``hits``)."""
        for rule in self.rules:
            if (rule.kind == "operation_failed") != operation or not rule.matches(method, path):
                continue
            if rule.probability < 1 and self.random.random() >= rule.probability:
                continue
            if rule.count is not None:
                rule.count -= 1
            self.hits[rule.kind] += 1
            return rule
        return None

    def set_throttle(self, limit: int | None, *, period: float = 1.0, status: int = 503) -> None:
        """Refuse a subscription's requests beyond ``limit`` per ``period`` seconds (``None``: off).

        ``limit`` is a whole number >= 1, ``period`` 0 to 3600 seconds, ``status`` 429 or 503.
        """
        if limit is not None and (not _is_int(limit) or limit < 1):
            raise ValueError("limit must be a whole number >= 1, or null to turn throttling off")
        period = _number("period", period, 0.001, _MAX_SECONDS)
        if status not in (429, 503) or isinstance(status, bool):
            raise ValueError("status must be 429 or 503")
        self.throttle_limit = limit
        self.throttle_period = period
        self.throttle_status = status
        self._recent.clear()

    def throttled(self, subscription_id: str) -> bool:
        if self.throttle_limit is None:
            return False
        now = time.monotonic()
        recent = self._recent.setdefault(subscription_id, deque())
        while recent and recent[0] <= now - self.throttle_period:
            recent.popleft()
        if len(recent) >= self.throttle_limit:
            self.hits["throttled"] += 1
            return True
        recent.append(now)
        return False

    def count_mutation(self, kind: str, keys: list[str]) -> None:
        """Count one accepted mutation of each record key it touches (for exactly-once checks)."""
        for key in keys or [""]:
            self.mutations[f"{kind} {key}".rstrip()] += 1

    def count_answer(self, method: str, status: int) -> None:
        """Count the answer a handler gave to a mutation (``POST 409``, ``PUT 200``...)."""
        if method not in ("GET", "HEAD"):
            self.answers[f"{method} {status}"] += 1

    def describe(self) -> dict[str, Any]:
        return {
            "hits": dict(self.hits),
            "rules": len(self.rules),
            "mutations": dict(self.mutations),
            "answers": dict(self.answers),
        }
