"""The sync engine: owns freshness of the local queue and applies user actions.

Freshness: the cache first (instant), then a full listing, then incremental listings with the
global sync token on an interval derived from the LIST_ALL budget. Anything that vanished
unnoticed (how deletions show in incremental listings is not documented) is removed by a
periodic full listing when the list budget has room for it; while a due one is held back
(at 5,000 messages polling leaves no room for it), by a rolling reconciliation that lists one
chat at a time on the separate LIST_CHAT budget (:mod:`cliq_tui.sync.reconcile`).
Messages with no known chat, which no chat listing can reach, get a full listing that waits for
budget page by page (:mod:`cliq_tui.sync.fullsync` decides when). Chats of messages the listing
does not place are resolved as the budget allows (:mod:`cliq_tui.sync.resolver`). Actions live
in :mod:`cliq_tui.sync.actions`; both share the :class:`QueueStore` and publish every change as a
:class:`Delta`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import (
    APIConnectionError,
    CliqError,
    RateLimitError,
    SyncTokenExpiredError,
)
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList, UnreadableItem
from cliq_tui.sync.actions import ActionsMixin
from cliq_tui.sync.fullsync import FORCED_FULL_SECONDS as FORCED_FULL_SECONDS
from cliq_tui.sync.fullsync import FULL_LISTING_MAX_WAIT as FULL_LISTING_MAX_WAIT
from cliq_tui.sync.fullsync import PAGE_SIZE, FullListingMixin
from cliq_tui.sync.lease import Role
from cliq_tui.sync.loop import PollingMixin
from cliq_tui.sync.polling import POLL_SHARE, RESERVE_SHARE, LocalBudget
from cliq_tui.sync.ports import Budgets, Lease, SyncCache, SyncClient
from cliq_tui.sync.reconcile import ChatReconciler
from cliq_tui.sync.resolver import ChatResolver
from cliq_tui.sync.sharing import FOLLOW_SECONDS, SharingMixin
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta, Resolving, SyncState, SyncStatus
from cliq_tui.sync.uncertain import UncertainCreate
from cliq_tui.sync.unreadable import UnreadableItems

log = logging.getLogger(__name__)

T = TypeVar("T")
# Manual refreshes this soon after the last listing started are answered by that listing.
REFRESH_COALESCE_SECONDS = 2.0


class SyncEngine(SharingMixin, PollingMixin, ActionsMixin, FullListingMixin):
    """Keeps a local copy of the queue fresh within the API's rate budget.

    Listeners get :class:`Delta` objects (never snapshots) and :class:`SyncState` updates.
    Every message the engine hands out has ``chat_id`` set when the chat is known.

    ``poll_interval`` is the wished-for seconds between polls (stretched to fit the budget);
    ``poll_share`` is the most of the LIST_ALL budget polling may use (default half);
    ``full_every`` and ``full_interval`` say how often a full listing reconciles the queue;
    ``resolve_per_step`` caps the chats resolution checks per step (None: as many as the spare
    chat-list budget allows, so unmapped messages get their chats at once);
    ``resolve_keep_share`` is the share of each budget resolution leaves alone (a script's);
    ``settle_after`` is how long an unknown outcome waits before its chat is listed to settle it;
    ``refresh_coalesce`` is how soon after a listing a manual refresh is answered by it instead
    of a new request (a held refresh key must not burn the budget);
    ``clock`` and ``sleep`` are injectable so tests can run an hour of polling in a moment;
    ``lease`` (with ``cache``) shares the account with other windows: only the window holding it
    polls, the others follow the cache, looking every ``follow_every`` seconds.

    :attr:`state` carries, besides the status, what chat resolution has left and how far it
    got, this window's role, unreadable list items and the cache's and budget's warnings
    (:class:`~cliq_tui.sync.types.SyncState`).
    :meth:`refresh` and :meth:`run` never raise for API or network errors; the actions do,
    and :meth:`pending_outcome` tells which messages await settling.
    """

    def __init__(
        self,
        client: SyncClient,
        *,
        cache: SyncCache | None = None,
        poll_interval: float | None = None,
        poll_share: float = POLL_SHARE,
        full_every: int = 10,
        full_interval: float = 600.0,
        resolve_per_step: int | None = None,
        resolve_keep_share: float | None = None,
        settle_after: float = 20.0,
        refresh_coalesce: float = REFRESH_COALESCE_SECONDS,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        lease: Lease | None = None,
        follow_every: float = FOLLOW_SECONDS,
    ) -> None:
        self._client = client
        self._cache = cache
        self._lease = lease if cache is not None else None
        self._follow_every = follow_every
        self._poll_interval = poll_interval
        self._poll_share = min(max(poll_share, 0.05), 1.0 - RESERVE_SHARE)
        self._full_every = full_every
        self._full_interval = full_interval
        self._clock = clock or (lambda: datetime.now(UTC))
        self._sleep = sleep or asyncio.sleep
        self._store = QueueStore()
        budgets = client.budgets
        self._local_budget: LocalBudget | None = None
        if budgets is None:
            # A client without budgets gets the engine's own count of what it sent.
            self._local_budget = budgets = LocalBudget(self._clock)
        self._budgets: Budgets = budgets
        self._resolver = ChatResolver(
            client,
            self._store,
            self._budgets,
            self._call,
            self._clock,
            per_step=resolve_per_step,
            keep_share=resolve_keep_share,
            idle=lambda: not (self._action_seq or self._settle_chats or self._pending_outcome),
        )
        self._reconciler = ChatReconciler(client, self._store, self._budgets, self._call)
        self._listeners: list[tuple[Callable[[Delta], None], Callable[[SyncState], None]]] = []
        self._state = SyncState()
        self._paused = False
        self._wake = asyncio.Event()
        self._round_lock = asyncio.Lock()
        self._polls_since_full = 0
        self._last_full: datetime | None = None
        self._full_held_back = False
        # Ids changed by actions, with the action counter: a listing requested before an action
        # finished must not undo it (see QueueStore.apply_listing's ``skip``).
        self._action_seq = 0
        self._touched: dict[str, int] = {}
        # Messages whose last action has an unknown outcome, and the chats to list to settle it.
        self._pending_outcome: dict[str, str] = {}
        # Chat id -> when it may be listed to settle: a timed-out request may still be processed
        # late by the server, so settling waits ``settle_after`` seconds before it trusts a list.
        self._settle_chats: dict[str, datetime] = {}
        self._settle_after = timedelta(seconds=settle_after)
        # Creates whose answer never came (no id to mark), until their chat's listing settles.
        self._uncertain_creates: list[UncertainCreate] = []
        self._resolve_paused_until: datetime | None = None
        self._last_list_at: datetime | None = None
        self._refresh_coalesce = refresh_coalesce
        self._unreadable = UnreadableItems()

    # --- what the UI reads -------------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        """Freshness right now."""
        return self._state

    @property
    def messages(self) -> dict[str, ScheduledMessage]:
        """Every pending message, by id (read only: change it through the actions)."""
        return self._store.messages

    @property
    def chats(self) -> dict[str, Chat]:
        """Every known chat, by id."""
        return self._store.chats

    def subscribe(
        self, on_delta: Callable[[Delta], None], on_state: Callable[[SyncState], None]
    ) -> None:
        """Be told of every delta and every state change."""
        self._listeners.append((on_delta, on_state))

    def chat_of(self, message_id: str) -> str | None:
        """The chat a message is in, when known."""
        return self._store.chat_of.get(message_id)

    def unresolved(self, message_id: str) -> str | None:
        """Why the message's chat is unknown (shown next to disabled actions), or None."""
        return self._resolver.reason(message_id)

    def pending_count(self, chat_id: str) -> int:
        """How many pending messages are known to be in the chat."""
        return self._store.pending_count(chat_id)

    def pending_outcome(self, message_id: str) -> str | None:
        """Why the message's state is uncertain (an action whose outcome is unknown), or None."""
        return self._pending_outcome.get(message_id)

    @property
    def unreadable(self) -> list[str]:
        """One line per list item the last listings could not read (the rest are shown)."""
        return self._unreadable.lines()

    @property
    def unreadable_items(self) -> list[UnreadableItem]:
        """The list items the last listings could not read (:class:`UnreadableItem`)."""
        return self._unreadable.items()

    def budget_snapshot(self) -> list[BudgetStatus]:
        """Every endpoint's budget (endpoint, limit, remaining, lock ...)."""
        return list(self._budgets.snapshot())

    # --- publishing --------------------------------------------------------------------------

    def _set_state(self, **changes: Any) -> None:
        unresolved = self._resolver.unresolved_count()
        role = self._lease.role if self._lease is not None else None
        resolving = None
        if unresolved:
            checked, total = self._resolver.progress()
            changes.setdefault("unresolved_chats", max(0, total - checked))
            if role is not Role.FOLLOWING:  # the polling window checks the chats, not this one
                resolving = Resolving(checked, total)
        else:
            changes.setdefault("unresolved_chats", 0)
        changes.setdefault("unresolved_messages", unresolved)
        changes.setdefault("resolving", resolving)
        changes.setdefault("role", role)
        changes.setdefault("unreadable", self._unreadable.summary())
        # A warning once given stays (the UI says it once).
        if self._cache is not None and self._cache.warning:
            changes.setdefault("cache_warning", self._cache.warning)
        if self._budgets.warning:
            changes.setdefault("budget_warning", self._budgets.warning)
        # Listeners (the create dialog) learn from a state change that a create was settled.
        changes.setdefault("uncertain_creates", tuple(c.outcome for c in self._uncertain_creates))
        new = dataclasses.replace(self._state, **changes)
        if new != self._state:
            self._state = new
            for _, on_state in list(self._listeners):
                on_state(new)

    def _publish(self, delta: Delta, *, save: bool = True) -> Delta:
        """Tell listeners and (unless it came from there) the cache about a change."""
        if not delta:
            return delta
        if save and self._cache is not None:
            self._cache.save(delta, mapping=self._store.chat_of, sync_token=self._store.sync_token)
        for on_delta, _ in list(self._listeners):
            on_delta(delta)
        self._set_state()
        return delta

    # --- requests ----------------------------------------------------------------------------

    async def _call(self, endpoint: Endpoint, fn: Callable[[], Awaitable[T]]) -> T:
        """Run one client call, counting it when the client keeps no budgets itself."""
        if self._local_budget is not None:
            self._local_budget.record(endpoint)
        return await fn()

    def _limit(self, endpoint: Endpoint) -> int:
        return self._budgets.limit(endpoint)

    def _remaining(self, endpoint: Endpoint) -> int:
        return int(self._budgets.remaining(endpoint))

    def _lock_end(self, endpoint: Endpoint) -> datetime | None:
        return self._budgets.status(endpoint).locked_until

    # --- freshness ---------------------------------------------------------------------------

    async def load_cache(self) -> Delta:
        """Load the cached queue (instant first paint); an empty delta when there is none."""
        if self._cache is None:
            return Delta()
        cached = self._cache.load()
        delta = self._store.load(
            messages=cached.messages,
            chats=cached.chats,
            mapping=cached.mapping,
            sync_token=cached.sync_token,
        )
        if cached.sync_token is not None:
            # Continue incrementally from the cached token; reconcile on the usual schedule.
            self._last_full = self._clock()
        for on_delta, _ in list(self._listeners):
            if delta:
                on_delta(delta)
        self._set_state()
        return delta

    async def _list_all(self, full: bool) -> tuple[ScheduledMessageList, bool]:
        self._last_list_at = self._clock()
        token = None if full else self._store.sync_token

        async def list_everything() -> ScheduledMessageList:
            return await self._call(
                Endpoint.LIST_ALL,
                lambda: self._client.list_scheduled_messages(
                    page_size=PAGE_SIZE, max_wait=FULL_LISTING_MAX_WAIT
                ),
            )

        if token is None:
            return await list_everything(), True
        try:
            listing = await self._call(
                Endpoint.LIST_ALL,
                lambda: self._client.list_scheduled_messages(sync_token=token, page_size=PAGE_SIZE),
            )
        except SyncTokenExpiredError:
            log.info("sync token refused; listing everything again")
            self._store.sync_token = None
            return await list_everything(), True
        return listing, False

    def _skip_since(self, seq: int) -> set[str]:
        return {mid for mid, at in self._touched.items() if at > seq}

    async def _sync_round(self, *, full: bool) -> Delta:
        """List (incrementally or fully), apply, settle unknown outcomes, publish. May raise."""
        async with self._round_lock:
            if not full:
                full = self._full_due()
                # Scheduled but refused for want of budget: per-chat reconciliation stands in.
                self._full_held_back = not full and self._full_scheduled()
            if self._state.status in (SyncStatus.STARTING, SyncStatus.SYNCED):
                self._set_state(status=SyncStatus.SYNCING)
            start = self._action_seq
            listing, was_full = await self._list_all(full)
            self._unreadable.note(listing, full=was_full)
            delta = self._store.apply_listing(listing, full=was_full, skip=self._skip_since(start))
            self._touched.clear()
            if was_full:
                self._full_held_back = False
                self._polls_since_full = 0
                self._last_full = self._clock()
            else:
                self._polls_since_full += 1
            delta = delta.merge(await self._settle())
            self._publish(delta)
            if self._cache is not None:
                # The newest token even when nothing changed (a restart a day later continues
                # incrementally), and when the queue was listed (other windows show it).
                self._cache.note_listed(self._store.sync_token, self._clock())
            self._set_state(
                status=SyncStatus.PAUSED if self._paused else SyncStatus.SYNCED,
                last_synced=self._clock(),
                offline_since=None,
                locked_until=None,
                error=None,
            )
            return delta

    async def refresh(self, *, full: bool = False) -> Delta:
        """One sync round now: incremental with the sync token, or a full listing.

        Never raises for API or network errors: they show in :attr:`state` (this is what the
        refresh key calls). Allowed while paused.
        """
        started = self._last_list_at
        if (
            not full
            and started is not None
            and (self._clock() - started).total_seconds() < self._refresh_coalesce
        ):
            # A held refresh key must not burn the list budget: a listing that started a
            # moment ago is fresh enough. Wait for it if it is still running.
            async with self._round_lock:
                return Delta()
        return await self._refresh_now(full=full)

    async def sync_now(self, *, full: bool = False) -> Delta:
        """One sync round at once that raises API and network errors (after showing them in
        :attr:`state`): a script needs the error itself, where the dashboard refreshes."""
        try:
            return await self._sync_round(full=full)
        except CliqError as exc:
            self._note_failure(exc)
            raise

    async def _refresh_now(self, *, full: bool = False) -> Delta:
        """One sync round at once, errors turned into state."""
        try:
            return await self._sync_round(full=full)
        except CliqError as exc:
            self._note_failure(exc)
            return Delta()

    async def resolve(self) -> Delta:
        """One step of chat resolution within the budget; the delta of what it learnt."""
        now = self._clock()
        if self._resolve_paused_until is not None and now < self._resolve_paused_until:
            return Delta()
        async with self._round_lock:
            start = self._action_seq
            delta = await self._resolver.step()
            stale = self._skip_since(start)
            if stale:
                # An action finished meanwhile: its rows are newer than what resolution listed.
                delta = Delta(
                    tuple(m for m in delta.added if m.id not in stale),
                    tuple(m for m in delta.changed if m.id not in stale),
                    tuple(m for m in delta.removed if m not in stale),
                    delta.chats,
                )
        return self._publish(delta)

    def _note_failure(self, exc: BaseException) -> None:
        """Turn an error of a sync round into state."""
        now = self._clock()
        if isinstance(exc, RateLimitError):
            self._set_state(status=SyncStatus.LOCKED, locked_until=exc.locked_until, error=None)
        elif isinstance(exc, APIConnectionError):
            self._set_state(
                status=SyncStatus.OFFLINE,
                offline_since=self._state.offline_since or now,
                error=str(exc),
            )
        else:
            message = str(exc) if isinstance(exc, CliqError) else "Unexpected error while syncing."
            self._set_state(status=SyncStatus.ERROR, error=message)
