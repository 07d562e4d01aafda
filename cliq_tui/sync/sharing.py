"""Several windows on one account: one polls, the others follow it through the shared cache.

With a :class:`~cliq_tui.sync.lease.PollerLease`, the engine's ``run`` looks at the lease and at
the cache every :data:`FOLLOW_SECONDS`. The window holding the lease polls as a lone window
would (and writes every change to the cache, as always); the others apply what the cache says
changed as deltas, spending no list budget, and show the poller's freshness. Every window also
applies what other processes wrote (another window's action, a ``cliq-tui list`` run), and a
follower's own refreshes and actions still go to the server through the shared budget. When the
poller exits, is killed or hangs, a follower takes the role at its next look.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cliq_tui.api.errors import CliqError
from cliq_tui.sync.lease import BEAT_SECONDS, Role
from cliq_tui.sync.polling import Backoff
from cliq_tui.sync.ports import Lease, SyncCache
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta, SyncState, SyncStatus

log = logging.getLogger(__name__)

# How often a window looks at the lease and at the cache for changes (cheap local reads): it
# adds at most this much to a follower's freshness over the poller's.
FOLLOW_SECONDS = 0.25
# Times another process stamped further ahead than this are not believed (a bad file).
CLOCK_SLACK = timedelta(seconds=60)


class SharingMixin:
    """The ``run`` of an engine that shares its account with other windows."""

    _cache: SyncCache | None
    _lease: Lease | None
    _follow_every: float
    _clock: Callable[[], datetime]
    _sleep: Callable[[float], Awaitable[None]]
    _paused: bool
    _settle_chats: dict[str, datetime]
    _round_lock: asyncio.Lock
    _store: QueueStore
    _state: SyncState

    if TYPE_CHECKING:  # Provided by the engine.

        def _set_state(self, **changes: Any) -> None: ...

        def _publish(self, delta: Delta, *, save: bool = True) -> Delta: ...

        async def _tick(self, backoff: Backoff) -> float: ...

        async def _wait(self, seconds: float | None) -> bool: ...

        async def _settle(self) -> Delta: ...

    @property
    def role(self) -> Role | None:
        """This window's part in its account's polling (None: not shared)."""
        return self._lease.role if self._lease is not None else None

    def follow_cache(self) -> Delta:
        """Apply what other processes wrote to the cache since the last look (no write back)."""
        changes = self._cache.changes() if self._cache is not None else None
        if changes is None:
            return Delta()
        adopt = self._lease is not None and self._lease.role is Role.FOLLOWING
        delta = self._store.apply_shared(
            messages=changes.messages,
            chats=changes.chats,
            mapping=changes.mapping,
            removed=changes.removed,
            complete=changes.complete,
            sync_token=changes.sync_token if adopt else None,
        )
        return self._publish(delta, save=False)

    def _show_poller(self) -> None:
        """A follower's freshness is the poller's (or a later listing's, by any process)."""
        assert self._lease is not None
        news = self._lease.news()
        now = self._clock()
        changes: dict[str, Any] = {"next_poll_in": None}
        times = (news.last_synced, news.listed_at)
        synced = max((t for t in times if t and t <= now + CLOCK_SLACK), default=None)
        if news.status is SyncStatus.LOCKED and news.locked_until and news.locked_until > now:
            changes.update(status=SyncStatus.LOCKED, locked_until=news.locked_until, error=None)
        elif synced is not None:
            changes.update(
                status=SyncStatus.SYNCED,
                last_synced=min(synced, now),
                locked_until=None,
                offline_since=None,
                error=None,
            )
        self._update_state(changes)

    def _show_listed(self) -> None:
        """A poller that skips polls (another process spends the budget) still shows when the
        queue was last listed, by whichever process listed it."""
        assert self._lease is not None
        listed = self._lease.news().listed_at
        last = self._state.last_synced
        now = self._clock()
        if (
            listed is not None
            and listed <= now + CLOCK_SLACK
            and self._state.status is SyncStatus.SYNCED
            and (last is None or listed > last)
        ):
            self._update_state({"last_synced": min(listed, now)})

    def _update_state(self, changes: dict[str, Any]) -> None:
        assert self._lease is not None
        # Most looks change nothing; working out the rest of the state costs a walk of the queue.
        stale_role = self._state.role is not self._lease.role
        if stale_role or dataclasses.replace(self._state, **changes) != self._state:
            self._set_state(**changes)

    async def _settle_own(self) -> None:
        """A follower settles its own actions of unknown outcome (the poller knows nothing of
        them) by listing their chats when due."""
        now = self._clock()
        if not self._settle_chats or min(self._settle_chats.values()) > now:
            return
        try:
            async with self._round_lock:
                delta = await self._settle()
        except CliqError as exc:
            log.info("settling an action failed: %s", exc)
            return
        self._publish(delta)

    async def _tick_beating(self, backoff: Backoff, lease: Lease) -> float:
        """One polling tick, beating meanwhile: a listing that waits a minute for budget or a
        slow server is not a hang, and must not hand the role to another window."""

        async def beat() -> None:
            while True:
                await self._sleep(BEAT_SECONDS)
                lease.check(self._state)

        beater = asyncio.ensure_future(beat())
        try:
            return await self._tick(backoff)
        finally:
            beater.cancel()
            await asyncio.gather(beater, return_exceptions=True)

    async def _run_shared(self) -> None:
        """Poll while holding the lease, follow the cache otherwise; let go of the lease at exit."""
        lease = self._lease
        assert lease is not None
        backoff = Backoff()
        next_poll: datetime | None = None
        woken = False
        try:
            while True:
                if self._paused and not self._settle_chats:
                    lease.release()
                    next_poll = None
                    self._set_state(status=SyncStatus.PAUSED, next_poll_in=None)
                    await self._wait(None)
                    continue
                role = lease.check(self._state)
                self.follow_cache()
                if role is Role.FOLLOWING:
                    next_poll = None
                    self._show_poller()
                    await self._settle_own()
                    woken = await self._wait(self._follow_every)
                    continue
                if next_poll is None or woken or self._clock() >= next_poll:
                    delay = await self._tick_beating(backoff, lease)
                    next_poll = self._clock() + timedelta(seconds=delay)
                    self._set_state(next_poll_in=delay)
                    lease.check(self._state, publish=True)
                self._show_listed()
                left = (next_poll - self._clock()).total_seconds()
                woken = await self._wait(max(0.0, min(self._follow_every, left)))
        finally:
            lease.release()
