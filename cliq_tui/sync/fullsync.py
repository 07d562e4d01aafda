"""When the engine lists everything, and the per-chat reconciliation that stands in for it.

A full listing runs on a schedule (every ``full_every`` polls or ``full_interval`` seconds,
stretched for queues of many pages) when the LIST_ALL budget has room for it. At a large queue
it rarely has: then the engine notes the listing as held back and reconciles chat by chat on the
LIST_CHAT budget instead (:mod:`cliq_tui.sync.reconcile`); messages in no known chat, which no
chat listing reaches, get a full listing that waits for budget page by page at the latest
:data:`FORCED_FULL_SECONDS` after the last one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.reconcile import ChatReconciler
from cliq_tui.sync.types import Delta

if TYPE_CHECKING:
    from cliq_tui.sync.core import EngineCore

PAGE_SIZE = 100
# How long one page of a full listing may wait for list budget (a little over the rate window),
# passed to that call only. A listing of more pages than a minute's budget (5,000 messages: 50
# pages against 20 a minute) could otherwise never finish, and a shared client.max_wait raised
# meanwhile would make every user action wait a minute instead of failing fast.
FULL_LISTING_MAX_WAIT = 66.0
# At the latest this long after the last full listing, one runs even without spare budget (it
# waits page by page) while messages have no known chat: no chat listing can reconcile them.
FORCED_FULL_SECONDS = 1800.0


class FullListing:
    """When the engine lists everything, and the per-chat reconciliation meanwhile.

    ``full_every`` and ``full_interval`` say how often a full listing is due; ``poll_share`` is
    the share of the list budget polling may use (a queue of many pages is listed less often).
    """

    def __init__(
        self, core: EngineCore, *, full_every: int, full_interval: float, poll_share: float
    ) -> None:
        self._core = core
        self._full_every = full_every
        self._full_interval = full_interval
        self._poll_share = poll_share
        self._reconciler = ChatReconciler(core.client, core.store, core.budgets, core.call)
        self._polls_since_full = 0
        self.last_full: datetime | None = None
        # Scheduled but refused for want of budget: per-chat reconciliation stands in.
        self.held_back = False

    def choose(self, full: bool) -> bool:
        """Whether a round lists everything: when asked, or when due and affordable."""
        if full:
            return True
        full = self._full_due()
        self.held_back = not full and self._full_scheduled()
        return full

    def listed(self, full: bool) -> None:
        """A round listed the queue (everything when ``full``)."""
        if full:
            self.held_back = False
            self._polls_since_full = 0
            self.last_full = self._core.clock()
        else:
            self._polls_since_full += 1

    def _full_scheduled(self) -> bool:
        """True when the schedule says a full listing is due (whether or not budget allows)."""
        store = self._core.store
        if store.sync_token is None or self.last_full is None:
            return True
        # A full listing takes one request per page; a queue of many pages is reconciled less
        # often, so that reconciling never takes more than polling's share of the budget.
        pages = len(store.messages) // PAGE_SIZE + 1
        stretch = max(1.0, pages / (self._core.limit(Endpoint.LIST_ALL) * self._poll_share))
        elapsed = (self._core.clock() - self.last_full).total_seconds()
        # Every ``full_every``-th poll is a full one (1: every poll), or every ``full_interval``.
        return (
            self._polls_since_full + 1 >= self._full_every * stretch
            or elapsed >= self._full_interval * stretch
        )

    def _full_due(self) -> bool:
        core = self._core
        if core.store.sync_token is None or self.last_full is None:
            return True
        if not self._full_scheduled():
            return False
        pages = len(core.store.messages) // PAGE_SIZE + 1
        limit = core.limit(Endpoint.LIST_ALL)
        elapsed = (core.clock() - self.last_full).total_seconds()
        spare = core.remaining(Endpoint.LIST_ALL) - reserve(core.budgets, Endpoint.LIST_ALL)
        if spare >= min(pages, limit // 2):
            return True
        # Per-chat reconciliation covers mapped messages; only a full listing reaches the rest.
        return elapsed >= FORCED_FULL_SECONDS and bool(core.store.unresolved_ids())

    async def reconcile(self) -> Delta:
        """List the next chat in turn, if the spare chat-list budget allows; drop what it lacks.

        Only while a scheduled full listing is held back for want of list budget (a large
        queue): otherwise the full listing reconciles, and small queues spend nothing extra.
        See :mod:`cliq_tui.sync.reconcile`. May raise API errors (the polling loop logs them).
        """
        core = self._core
        if not self.held_back:
            return Delta()
        async with core.round_lock:
            start = core.action_seq
            got = await self._reconciler.step()
            if got is None:
                return Delta()
            chat_id, listing = got
            # Rows an action changed meanwhile are newer than this listing: leave them be.
            delta = core.store.apply_chat_listing(chat_id, listing, skip=core.skip_since(start))
        return core.publish(delta)
