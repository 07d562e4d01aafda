"""How often to poll, how long to back off, and how much of a budget is left.

The client keeps the authoritative per-endpoint budgets (``client.budgets``). A client without
them (a test double, an older client) gets :class:`LocalBudget`, which counts the engine's own
requests in a sliding minute on the engine's clock.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from datetime import datetime, timedelta

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.ports import Budgets

# Polling never uses more than this share of the LIST_ALL budget: the rest is for manual refresh,
# chat resolution and settling actions whose outcome is unknown. 60% of 20 a minute is one poll
# every 5 s, which keeps a server-side change's p95 freshness under 5 s (the bench's soak: 4.8 s)
# and leaves about 3 requests above the reserve in every window.
POLL_SHARE = 0.6
# Background work (polling, resolution) never spends the last quarter of a budget.
RESERVE_SHARE = 0.25
# Shorter intervals are not fresher in practice: polls then bunch where the 60 s window frees
# requests (p95 6.4 s at 4.5 s in the soak), so 5 s is both the floor and the default.
DEFAULT_POLL_INTERVAL = 5.0
# While background polling waits for the budget, how often it looks again (sends nothing).
RECHECK_SECONDS = 2.0
# After an API error that is neither throttling nor a network fault, poll this much slower.
ERROR_SLOWDOWN = 4.0


class LocalBudget:
    """A sliding-minute request counter per endpoint, for clients that keep no budgets.

    Its snapshot is empty (:meth:`SyncEngine.budget_snapshot` shows nothing for such clients),
    it knows of no locks and cannot say when a request frees up.
    """

    warning: str | None = None

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._sent: dict[Endpoint, deque[datetime]] = defaultdict(deque)

    def _window(self, endpoint: Endpoint) -> deque[datetime]:
        sent = self._sent[endpoint]
        horizon = self._clock() - timedelta(seconds=60)
        while sent and sent[0] <= horizon:
            sent.popleft()
        return sent

    def record(self, endpoint: Endpoint) -> None:
        """Count one request sent now."""
        self._window(endpoint).append(self._clock())

    def remaining(self, endpoint: Endpoint) -> int:
        """Requests left in the current minute."""
        return max(0, self.limit(endpoint) - len(self._window(endpoint)))

    def limit(self, endpoint: Endpoint) -> int:
        """The documented per-minute limit."""
        return endpoint.spec.per_minute

    def status(self, endpoint: Endpoint) -> BudgetStatus:
        """The endpoint's count in the current minute (never locked: no server said so)."""
        used = len(self._window(endpoint))
        limit = self.limit(endpoint)
        return BudgetStatus(endpoint, limit, used, max(0, limit - used), None)

    def snapshot(self) -> list[BudgetStatus]:
        """Nothing: a client without budgets shows none."""
        return []

    def seconds_until_free(self, endpoint: Endpoint) -> float | None:
        """Unknown (None): resolution waits for the next poll instead."""
        return None


def reserve(budgets: Budgets | None, endpoint: Endpoint) -> int:
    """Requests background work leaves untouched in each window of ``endpoint`` (of the
    documented limit when ``budgets`` is None)."""
    limit = budgets.limit(endpoint) if budgets is not None else endpoint.spec.per_minute
    return max(1, round(limit * RESERVE_SHARE))


def base_interval(configured: float | None, limit: int, share: float = POLL_SHARE) -> float:
    """The polling interval that spends at most ``share`` of a ``limit``-per-minute budget.

    A configured interval shorter than that is stretched; a longer one is kept.
    """
    floor = 60.0 / max(1.0, limit * share)
    return max(configured if configured is not None else DEFAULT_POLL_INTERVAL, floor)


def poll_delay(
    configured: float | None,
    *,
    limit: int,
    remaining: int,
    share: float = POLL_SHARE,
) -> float:
    """Seconds until the next poll (or the next look at the budget).

    At the reserve the engine skips polls, so the delay shrinks to a quick look
    (:data:`RECHECK_SECONDS`): polling resumes as soon as the window frees a request, which
    keeps the queue fresh after a burst of manual refreshes without ever spending the reserve.
    """
    interval = base_interval(configured, limit, share)
    if remaining <= max(1, round(limit * RESERVE_SHARE)):
        return min(interval, RECHECK_SECONDS)
    return interval


class Backoff:
    """Exponential backoff for network faults: 2, 4, 8 ... at most 60 seconds."""

    def __init__(self, first: float = 2.0, cap: float = 60.0) -> None:
        self._first = first
        self._cap = cap
        self._next = first

    def next(self) -> float:
        """The delay to wait now; the one after doubles."""
        delay = self._next
        self._next = min(self._cap, self._next * 2)
        return delay

    def reset(self) -> None:
        """Start again from the first delay (the network is back)."""
        self._next = self._first
