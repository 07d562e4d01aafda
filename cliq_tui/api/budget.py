"""Per-endpoint rate budgets: the client never sends a request that would trip a server lock.

Each :class:`Endpoint` has a documented per-minute threshold and a lock period. The budget
counts what was sent in a sliding 60-second window (plus a small safety margin, because the
server's clock and the network delay are not ours) and remembers locks the server reported.

Where the counts live is the budget's backend: :class:`MemoryBackend` for one process, or the
shared store of :mod:`cliq_tui.api.budget_store`, which every process of one account uses, so
that no combination of dashboards and command-line runs overspends. Either way the rules of
:mod:`cliq_tui.api.budget_records` read the records, so clock jumps and hostile values are safe.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from cliq_tui.api.budget_records import (
    TOLERANCE,
    Clocks,
    Instant,
    Records,
    Sent,
    age,
    lock_left,
    normalise,
)
from cliq_tui.api.endpoints import Endpoint

WINDOW_SECONDS = 60.0

T = TypeVar("T")


@dataclass(frozen=True)
class BudgetStatus:
    """How much of one endpoint's per-minute budget is left, and whether it is locked."""

    endpoint: Endpoint
    limit: int
    used: int
    remaining: int
    locked_until: datetime | None
    # When one more request fits by the window (the request whose leaving brings the count
    # under the limit: the oldest, unless more than the limit are counted), and when the newest
    # leaves (the count is back to 0); None when nothing is counted.
    frees_at: datetime | None = None
    clears_at: datetime | None = None

    @property
    def locked(self) -> bool:
        """True while the endpoint is locked (by the server's report)."""
        return self.locked_until is not None


class BudgetBackend(Protocol):
    """Where a budget's records live; ``update`` is atomic against every other user of it."""

    @property
    def warning(self) -> str | None:
        """Why the records are not what they should be (set aside, not shared), or None."""

    def read(self) -> Records:
        """The records as they are now (not to be changed by the caller)."""

    def update(self, change: Callable[[Records], T]) -> T:
        """Apply ``change`` to the records atomically and keep the result; returns its value."""

    def note_garbage(self, count: int) -> None:
        """Say that ``count`` unreadable entries were dropped."""

    def close(self) -> None:
        """Let go of any file."""


class MemoryBackend:
    """Records in this process only (tests, the demo, and the fallback of the shared store)."""

    def __init__(self, records: Records | None = None) -> None:
        self._records = records if records is not None else Records()
        self.warning: str | None = None

    def read(self) -> Records:
        return self._records

    def update(self, change: Callable[[Records], T]) -> T:
        return change(self._records)

    def note_garbage(self, count: int) -> None:
        return None

    def close(self) -> None:
        return None


_LOCK_SECONDS = {ep.name: float(ep.spec.lock_seconds) for ep in Endpoint}


class RateBudgets:
    """Sliding-window request budgets for every endpoint, on an injectable clock (seconds).

    ``clock`` is the wall clock (``time.time`` by default, then the boot-time clock guards
    against it being set); ``backend`` holds the records (default: this process only).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        safety_margin: float = 1.0,
        limits: dict[Endpoint, int] | None = None,
        backend: BudgetBackend | None = None,
        clocks: Clocks | None = None,
    ) -> None:
        self._clock = clock
        self._clocks = clocks if clocks is not None else Clocks.for_wall_clock(clock)
        self._window = WINDOW_SECONDS + safety_margin
        self._limits = {ep: ep.spec.per_minute for ep in Endpoint}
        if limits:
            self._limits.update(limits)
        self._backend: BudgetBackend = backend if backend is not None else MemoryBackend()
        self._owner = f"{os.getpid()}-{secrets.token_hex(4)}"
        # The records last found sound (no garbage, nothing ahead): their identity, and when.
        self._updates = 0
        self._sound: tuple[Records, int] | None = None
        self._sound_at = 0.0

    @property
    def backend(self) -> BudgetBackend:
        """Where the records live."""
        return self._backend

    @property
    def warning(self) -> str | None:
        """Why the budget is not shared or was set aside (one sentence), or None."""
        return self._backend.warning

    def close(self) -> None:
        """Let go of the shared store's file, if any (the budget keeps working in memory)."""
        self._backend.close()

    # --- reading the records -------------------------------------------------------------------

    def _read(self) -> tuple[Records, Instant]:
        """The records and now; garbage or moments in the future are repaired on the way.

        Records already found sound need no second look until they change or the wall clock
        goes back (which can put moments in the future).
        """
        now = self._clocks.now()
        records = self._backend.read()
        sound = self._sound
        if (
            sound is not None
            and sound[0] is records
            and sound[1] == self._updates
            and now.wall >= self._sound_at - TOLERANCE
        ):
            return records, now
        probe = records.copy()
        if normalise(probe, now, self._window, _LOCK_SECONDS).repaired:

            def repair(current: Records) -> Records:
                self._tidy(current, now)
                return current

            records = self._update(repair)
        self._sound, self._sound_at = (records, self._updates), now.wall
        return records, now

    def _update(self, change: Callable[[Records], T]) -> T:
        """Change the records through the backend (every change goes through here)."""
        self._updates += 1
        return self._backend.update(change)

    def _tidy(self, records: Records, now: Instant) -> None:
        tidied = normalise(records, now, self._window, _LOCK_SECONDS)
        if tidied.garbage:
            self._backend.note_garbage(tidied.garbage)

    def _ages(self, endpoint: Endpoint, records: Records, now: Instant) -> list[float]:
        """Ages of the requests within the window, oldest first."""
        return self._all_ages(records, now, endpoint.name).get(endpoint.name, [])

    def _all_ages(
        self, records: Records, now: Instant, only: str | None = None
    ) -> dict[str, list[float]]:
        """Per endpoint name (or only ``only``), the ages within the window, oldest first."""
        ages: dict[str, list[float]] = {}
        for entry in records.sent:
            if only is not None and entry.endpoint != only:
                continue
            elapsed = age(entry, now)
            if elapsed is not None and elapsed < self._window:
                ages.setdefault(entry.endpoint, []).append(elapsed)
        for found in ages.values():
            found.sort(reverse=True)
        return ages

    def _lock_left(self, endpoint: Endpoint, records: Records, now: Instant) -> float | None:
        until = records.locks.get(endpoint.name)
        if until is None:
            return None
        return lock_left(until, now, _LOCK_SECONDS[endpoint.name])

    def _wait(self, endpoint: Endpoint, records: Records, now: Instant) -> float:
        """Seconds until one more request may be sent (0: now)."""
        left = self._lock_left(endpoint, records, now)
        if left is not None:
            return left
        ages = self._ages(endpoint, records, now)
        limit = self._limits[endpoint]
        if len(ages) < limit:
            return 0.0
        # The request that frees a slot is the one that leaves the window first.
        return max(0.0, self._window - ages[len(ages) - limit])

    # --- observing ---------------------------------------------------------------------------

    def limit(self, endpoint: Endpoint) -> int:
        """The per-minute threshold the budget enforces."""
        return self._limits[endpoint]

    def used(self, endpoint: Endpoint) -> int:
        """Requests sent to the endpoint within the window (by every process sharing it)."""
        records, now = self._read()
        return len(self._ages(endpoint, records, now))

    def remaining(self, endpoint: Endpoint) -> int:
        """Requests that may be sent right now; 0 while locked."""
        records, now = self._read()
        if self._lock_left(endpoint, records, now) is not None:
            return 0
        return max(0, self._limits[endpoint] - len(self._ages(endpoint, records, now)))

    def locked_until(self, endpoint: Endpoint) -> float | None:
        """When a server-reported lock ends (clock seconds), or None when not locked."""
        records, now = self._read()
        left = self._lock_left(endpoint, records, now)
        return None if left is None else now.wall + left

    def next_free_at(self, endpoint: Endpoint) -> datetime | None:
        """When one more request becomes allowed (UTC); None when one is allowed now."""
        records, now = self._read()
        wait = self._wait(endpoint, records, now)
        return datetime.fromtimestamp(now.wall + wait, UTC) if wait > 0 else None

    def seconds_until_free(self, endpoint: Endpoint) -> float:
        """Seconds until one more request is allowed; 0 when one is allowed now."""
        records, now = self._read()
        return self._wait(endpoint, records, now)

    def seconds_until_remaining(self, endpoint: Endpoint, count: int) -> float:
        """Seconds until ``count`` requests may be sent at once (0: now; the lock first)."""
        records, now = self._read()
        left = self._lock_left(endpoint, records, now)
        ages = self._ages(endpoint, records, now)
        allowed = self._limits[endpoint] - max(1, count)  # requests that may stay in the window
        wait = (
            0.0 if len(ages) <= allowed else max(0.0, self._window - ages[len(ages) - allowed - 1])
        )
        return max(wait, left or 0.0)

    def free_at(self, endpoint: Endpoint) -> float:
        """The earliest clock time (seconds) at which one more request may be sent."""
        records, now = self._read()
        return now.wall + self._wait(endpoint, records, now)

    def status(self, endpoint: Endpoint) -> BudgetStatus:
        """The endpoint's budget right now."""
        records, now = self._read()
        return self._status(endpoint, records, now)

    def _status(
        self,
        endpoint: Endpoint,
        records: Records,
        now: Instant,
        ages: dict[str, list[float]] | None = None,
    ) -> BudgetStatus:
        left = self._lock_left(endpoint, records, now)
        if ages is None:
            ages = self._all_ages(records, now, endpoint.name)
        counted = ages.get(endpoint.name, [])  # oldest first
        used = len(counted)
        limit = self._limits[endpoint]

        def leaves(age: float) -> datetime:
            return datetime.fromtimestamp(now.wall + max(0.0, self._window - age), UTC)

        return BudgetStatus(
            endpoint=endpoint,
            limit=limit,
            used=used,
            remaining=0 if left is not None else max(0, limit - used),
            locked_until=None if left is None else datetime.fromtimestamp(now.wall + left, UTC),
            # As _wait: with more counted than the limit, several must leave first.
            frees_at=leaves(counted[max(0, used - limit)]) if counted else None,
            clears_at=leaves(counted[-1]) if counted else None,
        )

    def snapshot(self) -> list[BudgetStatus]:
        """Every endpoint's budget, in declaration order."""
        records, now = self._read()
        ages = self._all_ages(records, now)
        return [self._status(ep, records, now, ages) for ep in Endpoint]

    # --- spending ----------------------------------------------------------------------------

    def try_acquire(self, endpoint: Endpoint, *, pending: bool = False) -> float:
        """Record one request and return 0 when it fits; else the seconds until it would.

        Check and record are one atomic step, against concurrent tasks on one event loop and
        against every other process sharing the backend. ``pending`` marks a request whose
        answer is still due: it counts as just sent until :meth:`settle` (the server may see
        it later than now).
        """
        now = self._clocks.now()

        def take(records: Records) -> float:
            self._tidy(records, now)
            wait = self._wait(endpoint, records, now)
            if wait <= 0:
                records.sent.append(Sent(endpoint.name, now, pending, self._owner))
            return wait

        return self._update(take)

    def settle(self, endpoint: Endpoint) -> None:
        """The answer to a pending request came back (or it failed): it counts from now."""
        now = self._clocks.now()

        def done(records: Records) -> None:
            mine = [
                i
                for i, entry in enumerate(records.sent)
                if entry.pending and entry.owner == self._owner and entry.endpoint == endpoint.name
            ]
            if mine:
                # Pending entries of one endpoint are interchangeable: settle the newest.
                newest = max(mine, key=lambda i: records.sent[i].at.wall)
                records.sent[newest] = Sent(endpoint.name, now, False, self._owner)

        self._update(done)

    def lock(self, endpoint: Endpoint, seconds: float | None = None) -> float:
        """Remember a server-reported lock for the endpoint's lock period; returns its end."""
        period = float(endpoint.spec.lock_seconds if seconds is None else seconds)
        now = self._clocks.now()

        def add(records: Records) -> float:
            self._tidy(records, now)
            left = max(period, self._lock_left(endpoint, records, now) or 0.0)
            records.locks[endpoint.name] = now.shifted(left)
            return now.wall + left

        return self._update(add)

    def clear(self) -> None:
        """Forget everything sent and every lock (for tests and a fresh account)."""

        def wipe(records: Records) -> None:
            records.sent.clear()
            records.locks.clear()

        self._update(wipe)
