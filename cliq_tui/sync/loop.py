"""The polling loop of the sync engine: when to poll, how to wait, and what failures mean.

Polls on an interval derived from the LIST_ALL budget, skips polls that would spend the reserve,
waits out locks without sending anything, backs off while offline, slows down after API errors,
resolves chats and reconciles one chat after each good poll. Nothing here raises for API or
network errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import APIConnectionError, CliqError, RateLimitError
from cliq_tui.sync.polling import ERROR_SLOWDOWN, Backoff, base_interval, poll_delay, reserve
from cliq_tui.sync.ports import Budgets, Lease
from cliq_tui.sync.resolver import ChatResolver
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta, SyncState, SyncStatus

log = logging.getLogger(__name__)

# How long chat resolution rests after an error that is not a lock.
RESOLVE_PAUSE = timedelta(seconds=60)
# Between polls, resolution waiting for its budget looks again at most this often.
RESOLVE_RECHECK = 1.0


class PollingMixin:
    """The ``run`` half of :class:`~cliq_tui.sync.engine.SyncEngine`."""

    _budgets: Budgets
    _clock: Callable[[], datetime]
    _sleep: Callable[[float], Awaitable[None]]
    _poll_interval: float | None
    _poll_share: float
    _paused: bool
    _wake: asyncio.Event
    _settle_chats: dict[str, datetime]
    _resolve_paused_until: datetime | None
    _store: QueueStore
    _state: SyncState
    _lease: Lease | None
    _resolver: ChatResolver

    if TYPE_CHECKING:  # Provided by the engine.

        def _set_state(self, **changes: Any) -> None: ...

        def _limit(self, endpoint: Endpoint) -> int: ...

        def _remaining(self, endpoint: Endpoint) -> int: ...

        def _lock_end(self, endpoint: Endpoint) -> datetime | None: ...

        def _note_failure(self, exc: BaseException) -> None: ...

        async def _sync_round(self, *, full: bool) -> Delta: ...

        async def resolve(self) -> Delta: ...

        async def reconcile(self) -> Delta: ...

        async def _run_shared(self) -> None: ...

    def _delay(self) -> float:
        return poll_delay(
            self._poll_interval,
            limit=self._limit(Endpoint.LIST_ALL),
            remaining=self._remaining(Endpoint.LIST_ALL),
            share=self._poll_share,
        )

    def _seconds_until(self, when: datetime | None) -> float:
        if when is None:
            return 1.0
        return max(1.0, (when - self._clock()).total_seconds())

    async def _tick(self, backoff: Backoff) -> float:
        """One polling tick; returns the seconds to wait before the next."""
        lock_end = self._lock_end(Endpoint.LIST_ALL)
        if lock_end is not None:
            self._set_state(status=SyncStatus.LOCKED, locked_until=lock_end)
            return self._seconds_until(lock_end)
        if (
            self._remaining(Endpoint.LIST_ALL) <= reserve(self._budgets, Endpoint.LIST_ALL)
            and self._store.sync_token is not None
        ):
            return self._delay()  # The reserve is for the user's own refreshes.
        try:
            await self._sync_round(full=False)
        except RateLimitError as exc:
            self._note_failure(exc)
            return self._seconds_until(exc.locked_until)
        except APIConnectionError as exc:
            self._note_failure(exc)
            return backoff.next()
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while syncing")
            self._note_failure(exc)
            limit = self._limit(Endpoint.LIST_ALL)
            return base_interval(self._poll_interval, limit, self._poll_share) * ERROR_SLOWDOWN
        backoff.reset()
        await self._resolve_quietly()
        await self._reconcile_quietly()
        return min(self._delay(), self._until_settle())

    def _until_settle(self) -> float:
        """Seconds until the earliest pending settle may run (inf when none is pending)."""
        if not self._settle_chats:
            return float("inf")
        first = min(self._settle_chats.values())
        return max(0.5, (first - self._clock()).total_seconds())

    async def _resolve_quietly(self) -> None:
        """Resolution is background work: its failures only pause it for a while."""
        try:
            await self.resolve()
        except RateLimitError as exc:
            self._resolve_paused_until = exc.locked_until
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while resolving chats")
            else:
                log.info("chat resolution failed: %s", exc)
            self._resolve_paused_until = self._clock() + RESOLVE_PAUSE

    async def _reconcile_quietly(self) -> None:
        """Reconciliation is background work: a failure waits for the chat's next turn."""
        try:
            await self.reconcile()
        except Exception as exc:
            if not isinstance(exc, CliqError):
                log.exception("unexpected error while reconciling a chat")
            else:
                log.info("chat reconciliation failed: %s", exc)

    async def run(self) -> None:
        """Poll forever on an interval derived from the list budget; resolve chats meanwhile.

        Pauses while :attr:`paused`; backs off when offline; waits out locks. Never raises for
        API or network errors: they become state changes. With a lease (several windows on one
        account) only the window holding it polls; see :mod:`cliq_tui.sync.sharing`.
        """
        if self._lease is not None:
            await self._run_shared()
            return
        backoff = Backoff()
        while True:
            # An action whose outcome is unknown is settled even while paused: the user is
            # waiting to know whether it happened.
            if self._paused and not self._settle_chats:
                self._set_state(status=SyncStatus.PAUSED, next_poll_in=None)
                await self._wait(None)
                continue
            delay = await self._tick(backoff)
            self._set_state(next_poll_in=delay)
            await self._wait_resolving(delay)

    async def _wait_resolving(self, delay: float) -> None:
        """Wait ``delay`` seconds for the next poll (or a wake); meanwhile chat resolution that
        waits only for its budget resumes as soon as the budget frees, not at the next poll."""
        end = self._clock() + timedelta(seconds=delay)
        left = delay
        while True:
            paused = self._resolve_paused_until is not None and self._clock() < (
                self._resolve_paused_until
            )
            early = None if self._paused or paused else self._resolver.budget_wait()
            if early is None or max(early, RESOLVE_RECHECK) >= left:
                await self._wait(max(0.0, left))
                return
            if await self._wait(max(early, RESOLVE_RECHECK)):
                return  # woken: poll now
            await self._resolve_quietly()
            left = (end - self._clock()).total_seconds()

    async def _wait(self, seconds: float | None) -> bool:
        """Sleep ``seconds`` (forever when None) or until woken by resume or a prompt refresh;
        True when woken."""
        if self._wake.is_set():
            self._wake.clear()
            return True
        waker = asyncio.ensure_future(self._wake.wait())
        sleeper = asyncio.ensure_future(self._sleep(seconds)) if seconds is not None else None
        waiting = {waker} if sleeper is None else {waker, sleeper}
        try:
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waiting:
                task.cancel()
            # Gathering (not suppressing CancelledError) lets a cancel of run() itself through.
            await asyncio.gather(*waiting, return_exceptions=True)
        self._wake.clear()
        if sleeper is not None and sleeper in done and not sleeper.cancelled():
            sleeper.result()  # Re-raise whatever an injected sleep raised.
        return waker in done

    def wake(self) -> None:
        """Poll now instead of waiting out the interval (budget permitting)."""
        self._wake.set()

    def pause(self) -> None:
        """Stop polling until :meth:`resume`."""
        self._paused = True
        self._set_state(status=SyncStatus.PAUSED, next_poll_in=None)
        self._wake.set()

    def resume(self) -> None:
        """Start polling again."""
        self._paused = False
        if self._state.status == SyncStatus.PAUSED:
            self._set_state(
                status=SyncStatus.SYNCED if self._state.last_synced else SyncStatus.STARTING
            )
        self._wake.set()

    @property
    def paused(self) -> bool:
        """True while live updates are paused."""
        return self._paused
