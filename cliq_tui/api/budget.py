"""Per-endpoint rate budgets: the client never sends a request that would trip a server lock.

Each :class:`Endpoint` has a documented per-minute threshold and a lock period. The budget
counts what was sent in a sliding 60-second window (plus a small safety margin, because the
server's clock and the network delay are not ours) and remembers locks the server reported.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cliq_tui.api.endpoints import Endpoint

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class BudgetStatus:
    """How much of one endpoint's per-minute budget is left, and whether it is locked."""

    endpoint: Endpoint
    limit: int
    used: int
    remaining: int
    locked_until: datetime | None

    @property
    def locked(self) -> bool:
        """True while the endpoint is locked (by the server's report)."""
        return self.locked_until is not None


class RateBudgets:
    """Sliding-window request budgets for every endpoint, on an injectable clock (seconds)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        safety_margin: float = 1.0,
        limits: dict[Endpoint, int] | None = None,
    ) -> None:
        self._clock = clock
        self._window = WINDOW_SECONDS + safety_margin
        self._limits = {ep: ep.spec.per_minute for ep in Endpoint}
        if limits:
            self._limits.update(limits)
        self._sent: dict[Endpoint, deque[float]] = {ep: deque() for ep in Endpoint}
        self._locked_until: dict[Endpoint, float] = {}

    # --- observing ---------------------------------------------------------------------------

    def limit(self, endpoint: Endpoint) -> int:
        """The per-minute threshold the budget enforces."""
        return self._limits[endpoint]

    def used(self, endpoint: Endpoint) -> int:
        """Requests sent to the endpoint within the window."""
        self._prune(endpoint)
        return len(self._sent[endpoint])

    def remaining(self, endpoint: Endpoint) -> int:
        """Requests that may be sent right now; 0 while locked."""
        if self.locked_until(endpoint) is not None:
            return 0
        return max(0, self._limits[endpoint] - self.used(endpoint))

    def locked_until(self, endpoint: Endpoint) -> float | None:
        """When a server-reported lock ends (clock seconds), or None when not locked."""
        until = self._locked_until.get(endpoint)
        if until is None:
            return None
        if until <= self._clock():
            del self._locked_until[endpoint]
            return None
        return until

    def next_free_at(self, endpoint: Endpoint) -> datetime | None:
        """When one more request becomes allowed (UTC); None when one is allowed now."""
        free = self.free_at(endpoint)
        return datetime.fromtimestamp(free, UTC) if free > self._clock() else None

    def seconds_until_free(self, endpoint: Endpoint) -> float:
        """Seconds until one more request is allowed; 0 when one is allowed now."""
        return max(0.0, self.free_at(endpoint) - self._clock())

    def free_at(self, endpoint: Endpoint) -> float:
        """The earliest clock time (seconds) at which one more request may be sent."""
        now = self._clock()
        lock = self.locked_until(endpoint)
        if lock is not None:
            return lock
        self._prune(endpoint)
        sent = self._sent[endpoint]
        limit = self._limits[endpoint]
        if len(sent) < limit:
            return now
        # The request that frees a slot is the one that leaves the window first.
        return sent[len(sent) - limit] + self._window

    def status(self, endpoint: Endpoint) -> BudgetStatus:
        """The endpoint's budget right now."""
        lock = self.locked_until(endpoint)
        used = self.used(endpoint)
        limit = self._limits[endpoint]
        return BudgetStatus(
            endpoint=endpoint,
            limit=limit,
            used=used,
            remaining=0 if lock is not None else max(0, limit - used),
            locked_until=datetime.fromtimestamp(lock, UTC) if lock is not None else None,
        )

    def snapshot(self) -> list[BudgetStatus]:
        """Every endpoint's budget, in declaration order."""
        return [self.status(ep) for ep in Endpoint]

    # --- spending ----------------------------------------------------------------------------

    def try_acquire(self, endpoint: Endpoint) -> float:
        """Record one request and return 0 when it fits; else the seconds until it would.

        Check and record happen without an await in between, so concurrent tasks on one event
        loop can never overspend.
        """
        free_at = self.free_at(endpoint)
        now = self._clock()
        if free_at > now:
            return free_at - now
        self._sent[endpoint].append(now)
        return 0.0

    def lock(self, endpoint: Endpoint, seconds: float | None = None) -> float:
        """Remember a server-reported lock for the endpoint's lock period; returns its end."""
        until = self._clock() + (endpoint.spec.lock_seconds if seconds is None else seconds)
        self._locked_until[endpoint] = max(until, self._locked_until.get(endpoint, 0.0))
        return self._locked_until[endpoint]

    def clear(self) -> None:
        """Forget everything sent and every lock (for tests and a fresh account)."""
        for sent in self._sent.values():
            sent.clear()
        self._locked_until.clear()

    # --- persistence -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """What was sent and what is locked, as JSON-ready data (no secrets: only times)."""
        for ep in Endpoint:
            self._prune(ep)
            self.locked_until(ep)
        return {
            "version": 1,
            "sent": {ep.name: list(q) for ep, q in self._sent.items() if q},
            "locked_until": {ep.name: t for ep, t in self._locked_until.items()},
        }

    def merge_json(self, data: object) -> None:
        """Add what another process recorded (see :meth:`to_json`); bad data is ignored."""
        if not isinstance(data, dict) or data.get("version") != 1:
            return
        sent = data.get("sent")
        if isinstance(sent, dict):
            for name, times in sent.items():
                ep = Endpoint.__members__.get(name)
                if ep is None or not isinstance(times, list):
                    continue
                # A multiset union: loading the same file twice does not count twice.
                merged = Counter(self._sent[ep]) | Counter(
                    float(t) for t in times if isinstance(t, int | float)
                )
                self._sent[ep] = deque(sorted(merged.elements()))
                self._prune(ep)
        locks = data.get("locked_until")
        if isinstance(locks, dict):
            for name, until in locks.items():
                ep = Endpoint.__members__.get(name)
                if ep is not None and isinstance(until, int | float):
                    self._locked_until[ep] = max(float(until), self._locked_until.get(ep, 0.0))
                    self.locked_until(ep)

    def load(self, path: Path) -> None:
        """Merge the budget a previous run saved at ``path`` (missing or corrupt: ignored).

        Budgets are per user and per minute, but a command-line client lives for one command:
        without this, three quick ``cliq-tui list`` runs could trip a 10-minute lock.
        """
        try:
            self.merge_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return

    def save(self, path: Path) -> None:
        """Write the budget to ``path`` for the next run (best effort, atomic)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.to_json()), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            return

    def _prune(self, endpoint: Endpoint) -> None:
        horizon = self._clock() - self._window
        sent = self._sent[endpoint]
        while sent and sent[0] <= horizon:
            sent.popleft()
