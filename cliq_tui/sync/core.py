"""What every part of the sync engine shares: the client, budgets, cache and store it works on,
the freshness it publishes, and the bookkeeping of actions.

The parts (:mod:`~cliq_tui.sync.actions`, :mod:`~cliq_tui.sync.fullsync`,
:mod:`~cliq_tui.sync.loop`, :mod:`~cliq_tui.sync.sharing`) each take this one object, so every
shared attribute is declared once, here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TypeVar, Unpack

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import APIConnectionError, CliqError, RateLimitError
from cliq_tui.api.models import ScheduledMessageList
from cliq_tui.sync.outcomes import Outcomes
from cliq_tui.sync.polling import LocalBudget
from cliq_tui.sync.ports import Budgets, Lease, SyncCache, SyncClient
from cliq_tui.sync.resolver import ChatResolver
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta, Resolving, Role, StateChange, SyncState, SyncStatus
from cliq_tui.sync.unreadable import UnreadableItems

log = logging.getLogger(__name__)
T = TypeVar("T")
Listener = tuple[Callable[[Delta], None], Callable[[SyncState], None]]


class EngineCore:
    """The engine's shared state and the few operations every part uses.

    ``resolver`` is built here (it reads the action bookkeeping to know whether the user has
    acted yet); ``lease`` is kept only with a cache (windows share through it).
    """

    def __init__(
        self,
        client: SyncClient,
        *,
        cache: SyncCache | None,
        lease: Lease | None,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
        outcomes: Outcomes,
        resolve_per_step: int | None,
        resolve_keep_share: float | None,
    ) -> None:
        self.client = client
        self.cache = cache
        self.lease = lease if cache is not None else None
        self.clock = clock
        self.sleep = sleep
        self.store = QueueStore()
        self.outcomes = outcomes
        budgets = client.budgets
        self.local_budget: LocalBudget | None = None
        if budgets is None:
            # A client without budgets gets the engine's own count of what it sent.
            self.local_budget = budgets = LocalBudget(clock)
        self.budgets: Budgets = budgets
        self.unreadable = UnreadableItems()
        self.listeners: list[Listener] = []
        # Told of every published delta with the action of ours that made it (None: a listing,
        # the cache or another process brought it); see sync/events.py.
        self.observers: list[Callable[[Delta, str | None], object]] = []
        self.state = SyncState()
        self.paused = False
        # When the user last pressed a key (the UI says so): polling is brisker while active.
        self.last_input: datetime | None = None
        self.wake_up = asyncio.Event()
        self.round_lock = asyncio.Lock()
        # Ids changed by actions, with the action counter: a listing requested before an action
        # finished must not undo it (see QueueStore.apply_listing's ``skip``).
        self.action_seq = 0
        self.touched: dict[str, int] = {}
        # Chat resolution rests until then after an error (None: not resting).
        self.resolve_paused_until: datetime | None = None
        self.resolver = ChatResolver(
            client,
            self.store,
            self.budgets,
            self.call,
            clock,
            per_step=resolve_per_step,
            keep_share=resolve_keep_share,
            idle=lambda: not (self.action_seq or outcomes.busy()),
        )

    # --- requests and budgets ----------------------------------------------------------------

    async def call(self, endpoint: Endpoint, fn: Callable[[], Awaitable[T]]) -> T:
        """Run one client call, counting it when the client keeps no budgets itself."""
        if self.local_budget is not None:
            self.local_budget.record(endpoint)
        return await fn()

    def limit(self, endpoint: Endpoint) -> int:
        """The per-minute limit of ``endpoint``."""
        return self.budgets.limit(endpoint)

    def remaining(self, endpoint: Endpoint) -> int:
        """Requests of ``endpoint`` left in the current window."""
        return int(self.budgets.remaining(endpoint))

    def lock_end(self, endpoint: Endpoint) -> datetime | None:
        """When the server's lock of ``endpoint`` ends (None: not locked)."""
        return self.budgets.status(endpoint).locked_until

    # --- what actions changed ----------------------------------------------------------------

    def touch(self, message_ids: Iterable[str]) -> None:
        """Note that an action changed these messages (listings already under way skip them)."""
        self.action_seq += 1
        for mid in message_ids:
            self.touched[mid] = self.action_seq

    def skip_since(self, seq: int) -> set[str]:
        """The messages actions changed after the action counter stood at ``seq``."""
        return {mid for mid, at in self.touched.items() if at > seq}

    def wake(self) -> None:
        """Poll now instead of waiting out the interval (budget permitting)."""
        self.wake_up.set()

    async def settle(self) -> Delta:
        """List the chats of actions with unknown outcomes: what is gone happened, the rest not;
        a create happened when its chat holds a new message with its text and time."""
        delta = Delta()
        for chat_id in self.outcomes.due():
            if self.remaining(Endpoint.LIST_CHAT) < 2:
                continue
            start = self.action_seq
            listing: ScheduledMessageList = await self.call(
                Endpoint.LIST_CHAT,
                functools.partial(self.client.list_chat_scheduled_messages, chat_id),
            )
            delta = delta.merge(
                self.store.apply_chat_listing(chat_id, listing, skip=self.skip_since(start))
            )
            self.outcomes.settled(chat_id, self.store)
        self.outcomes.forget_gone(self.store)
        return delta

    # --- publishing --------------------------------------------------------------------------

    def set_state(self, **changes: Unpack[StateChange]) -> None:
        """Change the state (the rest of it worked out afresh) and tell the listeners."""
        unresolved = self.resolver.unresolved_count()
        role = self.lease.role if self.lease is not None else None
        resolving = None
        if unresolved:
            checked, total = self.resolver.progress()
            changes.setdefault("unresolved_chats", max(0, total - checked))
            if role is not Role.FOLLOWING:  # the polling window checks the chats, not this one
                resolving = Resolving(checked, total)
        else:
            changes.setdefault("unresolved_chats", 0)
        changes.setdefault("unresolved_messages", unresolved)
        changes.setdefault("resolving", resolving)
        changes.setdefault("role", role)
        changes.setdefault("unreadable", self.unreadable.summary())
        # A warning once given stays (the UI says it once).
        if self.cache is not None and self.cache.warning:
            changes.setdefault("cache_warning", self.cache.warning)
        if self.budgets.warning:
            changes.setdefault("budget_warning", self.budgets.warning)
        # Listeners (the create dialog) learn from a state change that a create was settled.
        changes.setdefault("uncertain_creates", self.outcomes.outcomes())
        new = dataclasses.replace(self.state, **changes)
        if new != self.state:
            self.state = new
            for _, on_state in list(self.listeners):
                on_state(new)

    def tell(self, delta: Delta, *, action: str | None = None) -> None:
        """Give listeners a delta (the state follows with :meth:`set_state`); observers learn
        which ``action`` of ours made it (None: not ours)."""
        if delta:
            for observe in list(self.observers):
                try:
                    observe(delta, action)
                except Exception:  # a watcher's failure must not keep the change from the UI
                    log.exception("an observer of the queue's changes failed")
            for on_delta, _ in list(self.listeners):
                on_delta(delta)

    def publish(self, delta: Delta, *, save: bool = True, action: str | None = None) -> Delta:
        """Tell listeners and (unless it came from there) the cache about a change."""
        if not delta:
            return delta
        if save and self.cache is not None:
            self.cache.save(delta, mapping=self.store.chat_of, sync_token=self.store.sync_token)
        self.tell(delta, action=action)
        self.set_state()
        return delta

    def note_failure(self, exc: BaseException) -> None:
        """Turn an error of a sync round into state."""
        if isinstance(exc, RateLimitError):
            self.set_state(status=SyncStatus.LOCKED, locked_until=exc.locked_until, error=None)
        elif isinstance(exc, APIConnectionError):
            self.set_state(
                status=SyncStatus.OFFLINE,
                offline_since=self.state.offline_since or self.clock(),
                error=str(exc),
            )
        else:
            message = str(exc) if isinstance(exc, CliqError) else "Unexpected error while syncing."
            self.set_state(status=SyncStatus.ERROR, error=message)
