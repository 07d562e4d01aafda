"""When the engine lists everything, and the per-chat reconciliation that stands in for it.

A full listing runs on a schedule (every ``full_every`` polls or ``full_interval`` seconds,
stretched for queues of many pages) when the LIST_ALL budget has room for it. At a large queue
it rarely has: then the engine notes the listing as held back and reconciles chat by chat on the
LIST_CHAT budget instead (:mod:`cliq_tui.sync.reconcile`); messages in no known chat, which no
chat listing reaches, get a full listing that waits for budget page by page at the latest
:data:`FORCED_FULL_SECONDS` after the last one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.ports import Budgets
from cliq_tui.sync.reconcile import ChatReconciler
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta

PAGE_SIZE = 100
# How long one page of a full listing may wait for list budget (a little over the rate window),
# passed to that call only. A listing of more pages than a minute's budget (5,000 messages: 50
# pages against 20 a minute) could otherwise never finish, and a shared client.max_wait raised
# meanwhile would make every user action wait a minute instead of failing fast.
FULL_LISTING_MAX_WAIT = 66.0
# At the latest this long after the last full listing, one runs even without spare budget (it
# waits page by page) while messages have no known chat: no chat listing can reconcile them.
FORCED_FULL_SECONDS = 1800.0


class FullListingMixin:
    """The full-listing schedule and per-chat reconciliation of :class:`SyncEngine`."""

    _budgets: Budgets
    _store: QueueStore
    _clock: Callable[[], datetime]
    _poll_share: float
    _full_every: int
    _full_interval: float
    _polls_since_full: int
    _last_full: datetime | None
    _full_held_back: bool
    _reconciler: ChatReconciler
    _round_lock: asyncio.Lock
    _action_seq: int

    if TYPE_CHECKING:  # Provided by the engine.

        def _limit(self, endpoint: Endpoint) -> int: ...

        def _remaining(self, endpoint: Endpoint) -> int: ...

        def _skip_since(self, seq: int) -> set[str]: ...

        def _publish(self, delta: Delta) -> Delta: ...

    def _full_scheduled(self) -> bool:
        """True when the schedule says a full listing is due (whether or not budget allows)."""
        if self._store.sync_token is None or self._last_full is None:
            return True
        # A full listing takes one request per page; a queue of many pages is reconciled less
        # often, so that reconciling never takes more than polling's share of the budget.
        pages = len(self._store.messages) // PAGE_SIZE + 1
        stretch = max(1.0, pages / (self._limit(Endpoint.LIST_ALL) * self._poll_share))
        elapsed = (self._clock() - self._last_full).total_seconds()
        # Every ``full_every``-th poll is a full one (1: every poll), or every ``full_interval``.
        return (
            self._polls_since_full + 1 >= self._full_every * stretch
            or elapsed >= self._full_interval * stretch
        )

    def _full_due(self) -> bool:
        if self._store.sync_token is None or self._last_full is None:
            return True
        if not self._full_scheduled():
            return False
        pages = len(self._store.messages) // PAGE_SIZE + 1
        limit = self._limit(Endpoint.LIST_ALL)
        elapsed = (self._clock() - self._last_full).total_seconds()
        spare = self._remaining(Endpoint.LIST_ALL) - reserve(self._budgets, Endpoint.LIST_ALL)
        if spare >= min(pages, limit // 2):
            return True
        # Per-chat reconciliation covers mapped messages; only a full listing reaches the rest.
        return elapsed >= FORCED_FULL_SECONDS and bool(self._store.unresolved_ids())

    async def reconcile(self) -> Delta:
        """List the next chat in turn, if the spare chat-list budget allows; drop what it lacks.

        Only while a scheduled full listing is held back for want of list budget (a large
        queue): otherwise the full listing reconciles, and small queues spend nothing extra.
        See :mod:`cliq_tui.sync.reconcile`. May raise API errors (the polling loop logs them).
        """
        if not self._full_held_back:
            return Delta()
        async with self._round_lock:
            start = self._action_seq
            got = await self._reconciler.step()
            if got is None:
                return Delta()
            chat_id, listing = got
            # Rows an action changed meanwhile are newer than this listing: leave them be.
            delta = self._store.apply_chat_listing(chat_id, listing, skip=self._skip_since(start))
        return self._publish(delta)
