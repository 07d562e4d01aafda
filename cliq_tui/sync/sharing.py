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
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cliq_tui.api.errors import CliqError
from cliq_tui.sync.lease import BEAT_SECONDS
from cliq_tui.sync.polling import Backoff
from cliq_tui.sync.ports import Lease
from cliq_tui.sync.types import Delta, Role, StateChange, SyncStatus

if TYPE_CHECKING:
    from cliq_tui.sync.core import EngineCore
    from cliq_tui.sync.loop import PollingLoop

log = logging.getLogger(__name__)

# How often a window looks at the lease and at the cache for changes (cheap local reads): it
# adds at most this much to a follower's freshness over the poller's.
FOLLOW_SECONDS = 0.25
# Times another process stamped further ahead than this are not believed (a bad file).
CLOCK_SLACK = timedelta(seconds=60)


def follow_cache(core: EngineCore) -> Delta:
    """Apply what other processes wrote to the cache since the last look (no write back)."""
    changes = core.cache.changes() if core.cache is not None else None
    if changes is None:
        return Delta()
    adopt = core.lease is not None and core.lease.role is Role.FOLLOWING
    delta = core.store.apply_shared(
        messages=changes.messages,
        chats=changes.chats,
        mapping=changes.mapping,
        removed=changes.removed,
        complete=changes.complete,
        sync_token=changes.sync_token if adopt else None,
    )
    return core.publish(delta, save=False)


class SharedRun:
    """The ``run`` of an engine that shares its account with other windows through ``lease``:
    ``loop`` polls while this window holds it; otherwise the window follows the cache."""

    def __init__(
        self, core: EngineCore, lease: Lease, loop: PollingLoop, *, follow_every: float
    ) -> None:
        self._core = core
        self._lease = lease
        self._loop = loop
        self._follow_every = follow_every

    def _show_poller(self) -> None:
        """A follower's freshness is the poller's (or a later listing's, by any process)."""
        news = self._lease.news()
        now = self._core.clock()
        changes: StateChange = {"next_poll_in": None}
        times = (news.last_synced, news.listed_at)
        synced = max((t for t in times if t and t <= now + CLOCK_SLACK), default=None)
        if news.status is SyncStatus.LOCKED and news.locked_until and news.locked_until > now:
            changes.update(
                {"status": SyncStatus.LOCKED, "locked_until": news.locked_until, "error": None}
            )
        elif synced is not None:
            changes.update(
                {
                    "status": SyncStatus.SYNCED,
                    "last_synced": min(synced, now),
                    "locked_until": None,
                    "offline_since": None,
                    "error": None,
                }
            )
        self._update_state(changes)

    def _show_listed(self) -> None:
        """A poller that skips polls (another process spends the budget) still shows when the
        queue was last listed, by whichever process listed it."""
        listed = self._lease.news().listed_at
        state = self._core.state
        last = state.last_synced
        now = self._core.clock()
        if (
            listed is not None
            and listed <= now + CLOCK_SLACK
            and state.status is SyncStatus.SYNCED
            and (last is None or listed > last)
        ):
            self._update_state({"last_synced": min(listed, now)})

    def _update_state(self, changes: StateChange) -> None:
        state = self._core.state
        # Most looks change nothing; working out the rest of the state costs a walk of the queue.
        stale_role = state.role is not self._lease.role
        if stale_role or dataclasses.replace(state, **changes) != state:
            self._core.set_state(**changes)

    async def _settle_own(self) -> None:
        """A follower settles its own actions of unknown outcome (the poller knows nothing of
        them) by listing their chats when due."""
        core = self._core
        if not core.outcomes.due():
            return
        try:
            async with core.round_lock:
                delta = await core.settle()
        except CliqError as exc:
            log.info("settling an action failed: %s", exc)
            return
        core.publish(delta)

    async def _tick_beating(self, backoff: Backoff) -> float:
        """One polling tick, beating meanwhile: a listing that waits a minute for budget or a
        slow server is not a hang, and must not hand the role to another window."""
        lease = self._lease

        async def beat() -> None:
            while True:
                await self._core.sleep(BEAT_SECONDS)
                lease.check(self._core.state)

        beater = asyncio.ensure_future(beat())
        try:
            return await self._loop.tick(backoff)
        finally:
            beater.cancel()
            await asyncio.gather(beater, return_exceptions=True)

    async def run(self) -> None:
        """Poll while holding the lease, follow the cache otherwise; let go of the lease at exit."""
        core, lease, wait = self._core, self._lease, self._loop.wait
        backoff = Backoff()
        next_poll: datetime | None = None
        woken = False
        try:
            while True:
                if core.paused and not core.outcomes.settle_chats:
                    lease.release()
                    next_poll = None
                    core.set_state(status=SyncStatus.PAUSED, next_poll_in=None)
                    await wait(None)
                    continue
                role = lease.check(core.state)
                follow_cache(core)
                if role is Role.FOLLOWING:
                    next_poll = None
                    self._show_poller()
                    await self._settle_own()
                    woken = await wait(self._follow_every)
                    continue
                if next_poll is None or woken or core.clock() >= next_poll:
                    delay = await self._tick_beating(backoff)
                    next_poll = core.clock() + timedelta(seconds=delay)
                    core.set_state(next_poll_in=delay)
                    lease.check(core.state, publish=True)
                self._show_listed()
                left = (next_poll - core.clock()).total_seconds()
                woken = await wait(max(0.0, min(self._follow_every, left)))
        finally:
            lease.release()
