"""The polling loop of the sync engine: when to poll, how to wait, and what failures mean.

Polls when :mod:`cliq_tui.sync.cadence` says (just after due times, every base interval while
changes arrive or the user is active, slower when idle, never over the polling share), skips
polls that would spend the reserve, waits out locks without sending anything, backs off while
offline, slows down after API errors, resolves chats and reconciles one chat after each good
poll. Nothing here raises for API or network errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import APIConnectionError, CliqError, RateLimitError
from cliq_tui.sync.cadence import WINDOW, next_poll_at
from cliq_tui.sync.polling import (
    ERROR_SLOWDOWN,
    RECHECK_SECONDS,
    Backoff,
    base_interval,
    reserve,
)
from cliq_tui.sync.types import Delta, SyncStatus

if TYPE_CHECKING:
    from cliq_tui.sync.core import EngineCore

log = logging.getLogger(__name__)

# How long chat resolution rests after an error that is not a lock.
RESOLVE_PAUSE = timedelta(seconds=60)
# At the reserve, a poll wanted now (a due time) looks at the budget again this soon.
RECHECK_FLOOR = 0.5
# Between polls, resolution waiting for its budget looks again at most this often.
RESOLVE_RECHECK = 1.0


class PollingLoop:
    """The ``run`` of an engine alone on its account, and the waits between polls.

    ``poll`` is one sync round (it may raise; the core turns its errors into state),
    ``resolve`` and ``reconcile`` are the background work after a good poll.
    ``poll_interval`` is the wished-for seconds between polls, ``poll_share`` the most of the
    list budget polling may use.
    """

    def __init__(
        self,
        core: EngineCore,
        *,
        poll: Callable[[], Awaitable[Delta]],
        resolve: Callable[[], Awaitable[Delta]],
        reconcile: Callable[[], Awaitable[Delta]],
        poll_interval: float | None,
        poll_share: float,
    ) -> None:
        self._core = core
        self._poll = poll
        self._resolve = resolve
        self._reconcile = reconcile
        self._poll_interval = poll_interval
        self._poll_share = poll_share
        # This loop's own polls within the last budget window, and when one last brought news.
        self._polls: deque[datetime] = deque()
        self._last_change: datetime | None = None
        self._last_poll: datetime | None = None

    def _delay(self) -> float:
        """Seconds until the next poll (or, at the reserve, the next look at the budget)."""
        core = self._core
        now = core.clock()
        if self._last_change is None:
            self._last_change = now  # Opening (or taking over) counts as activity.
        while self._polls and now - self._polls[0] >= WINDOW:
            self._polls.popleft()
        limit = core.limit(Endpoint.LIST_ALL)
        plan = next_poll_at(
            now,
            base=base_interval(self._poll_interval, limit, self._poll_share),
            last_poll=self._polls[-1] if self._polls else self._last_poll,
            polls=list(self._polls),
            due_times=[m.time for m in core.store.messages.values() if m.time is not None],
            last_change=self._last_change,
            last_input=core.last_input,
            limit=limit,
            share=self._poll_share,
        )
        delay = plan.delay(now)
        if core.remaining(Endpoint.LIST_ALL) <= reserve(core.budgets, Endpoint.LIST_ALL):
            # Polling resumes as soon as the window frees a request, never spending the reserve.
            return min(max(delay, RECHECK_FLOOR), RECHECK_SECONDS)
        return delay

    def _seconds_until(self, when: datetime | None) -> float:
        if when is None:
            return 1.0
        return max(1.0, (when - self._core.clock()).total_seconds())

    async def tick(self, backoff: Backoff) -> float:
        """One polling tick; returns the seconds to wait before the next."""
        core = self._core
        lock_end = core.lock_end(Endpoint.LIST_ALL)
        if lock_end is not None:
            core.set_state(status=SyncStatus.LOCKED, locked_until=lock_end)
            return self._seconds_until(lock_end)
        if (
            core.remaining(Endpoint.LIST_ALL) <= reserve(core.budgets, Endpoint.LIST_ALL)
            and core.store.sync_token is not None
        ):
            return self._delay()  # The reserve is for the user's own refreshes.
        self._last_poll = core.clock()
        self._polls.append(self._last_poll)
        try:
            delta = await self._poll()
        except RateLimitError as exc:
            core.note_failure(exc)
            return self._seconds_until(exc.locked_until)
        except APIConnectionError as exc:
            core.note_failure(exc)
            return backoff.next()
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while syncing")
            core.note_failure(exc)
            limit = core.limit(Endpoint.LIST_ALL)
            return base_interval(self._poll_interval, limit, self._poll_share) * ERROR_SLOWDOWN
        backoff.reset()
        if delta:
            self._last_change = core.clock()
        await self._resolve_quietly()
        await self._reconcile_quietly()
        return min(self._delay(), core.outcomes.seconds_to_next())

    async def _resolve_quietly(self) -> None:
        """Resolution is background work: its failures only pause it for a while."""
        try:
            await self._resolve()
        except RateLimitError as exc:
            self._core.resolve_paused_until = exc.locked_until
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while resolving chats")
            else:
                log.info("chat resolution failed: %s", exc)
            self._core.resolve_paused_until = self._core.clock() + RESOLVE_PAUSE

    async def _reconcile_quietly(self) -> None:
        """Reconciliation is background work: a failure waits for the chat's next turn."""
        try:
            await self._reconcile()
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while reconciling a chat")
            else:
                log.info("chat reconciliation failed: %s", exc)

    async def run(self) -> None:
        """Poll forever on an interval derived from the list budget; resolve chats meanwhile.

        Pauses while paused; backs off when offline; waits out locks. Never raises for API or
        network errors: they become state changes.
        """
        core = self._core
        backoff = Backoff()
        while True:
            # An action whose outcome is unknown is settled even while paused: the user is
            # waiting to know whether it happened.
            if core.paused and not core.outcomes.settle_chats:
                core.set_state(status=SyncStatus.PAUSED, next_poll_in=None)
                await self.wait(None)
                continue
            delay = await self.tick(backoff)
            core.set_state(next_poll_in=delay)
            await self._wait_resolving(delay)

    async def _wait_resolving(self, delay: float) -> None:
        """Wait ``delay`` seconds for the next poll (or a wake); meanwhile chat resolution that
        waits only for its budget resumes as soon as the budget frees, not at the next poll."""
        core = self._core
        end = core.clock() + timedelta(seconds=delay)
        left = delay
        while True:
            resting = core.resolve_paused_until
            paused = resting is not None and core.clock() < resting
            early = None if core.paused or paused else core.resolver.budget_wait()
            if early is None or max(early, RESOLVE_RECHECK) >= left:
                await self.wait(max(0.0, left))
                return
            if await self.wait(max(early, RESOLVE_RECHECK)):
                return  # woken: poll now
            await self._resolve_quietly()
            left = (end - core.clock()).total_seconds()

    async def wait(self, seconds: float | None) -> bool:
        """Sleep ``seconds`` (forever when None) or until woken by resume or a prompt refresh;
        True when woken."""
        wake = self._core.wake_up
        if wake.is_set():
            wake.clear()
            return True
        waker = asyncio.ensure_future(wake.wait())
        sleeper = asyncio.ensure_future(self._core.sleep(seconds)) if seconds is not None else None
        waiting = {waker} if sleeper is None else {waker, sleeper}
        try:
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waiting:
                task.cancel()
            # Gathering (not suppressing CancelledError) lets a cancel of run() itself through.
            await asyncio.gather(*waiting, return_exceptions=True)
        wake.clear()
        if sleeper is not None and sleeper in done and not sleeper.cancelled():
            sleeper.result()  # Re-raise whatever an injected sleep raised.
        return waker in done
