"""The sync engine: owns freshness of the local queue and applies user actions.

Freshness: the cache first (instant), then a full listing, then incremental listings with the
global sync token on an interval derived from the LIST_ALL budget. Anything that vanished
unnoticed (how deletions show in incremental listings is not documented) is removed by a
periodic full listing when the list budget has room for it; while a due one is held back
(at 5,000 messages polling leaves no room for it), by a rolling reconciliation that lists one
chat at a time on the separate LIST_CHAT budget (:mod:`cliq_tui.sync.reconcile`).
Messages with no known chat, which no chat listing can reach, get a full listing that waits for
budget page by page (:mod:`cliq_tui.sync.fullsync` decides when). Chats of messages the listing
does not place are resolved as the budget allows (:mod:`cliq_tui.sync.resolver`).

The engine is built of parts that share one :class:`~cliq_tui.sync.core.EngineCore` (client,
budgets, cache, store, state): the actions (:mod:`cliq_tui.sync.actions`), the full-listing
schedule (:mod:`cliq_tui.sync.fullsync`), the polling loop (:mod:`cliq_tui.sync.loop`) and,
with several windows on one account, the shared run (:mod:`cliq_tui.sync.sharing`). Every
change is published as a :class:`Delta`; what the engine asks of its inputs: :mod:`.ports`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import CliqError, SyncTokenExpiredError
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList, UnreadableItem
from cliq_tui.sync.actions import Actions
from cliq_tui.sync.core import EngineCore
from cliq_tui.sync.directory import ChatDirectory
from cliq_tui.sync.fullsync import FORCED_FULL_SECONDS as FORCED_FULL_SECONDS
from cliq_tui.sync.fullsync import FULL_LISTING_MAX_WAIT as FULL_LISTING_MAX_WAIT
from cliq_tui.sync.fullsync import PAGE_SIZE, FullListing
from cliq_tui.sync.loop import PollingLoop
from cliq_tui.sync.outcomes import Outcomes
from cliq_tui.sync.polling import POLL_SHARE, RESERVE_SHARE
from cliq_tui.sync.ports import Lease, SyncCache, SyncClient
from cliq_tui.sync.sharing import FOLLOW_SECONDS, SharedRun, follow_cache
from cliq_tui.sync.triggers import TriggerMemory
from cliq_tui.sync.types import Delta, Role, SyncState, SyncStatus

log = logging.getLogger(__name__)

# Manual refreshes this soon after the last listing started are answered by that listing.
REFRESH_COALESCE_SECONDS = 2.0


class SyncEngine:
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

    :attr:`state` is a :class:`~cliq_tui.sync.types.SyncState`. :meth:`refresh` and
    :meth:`run` never raise for API or network errors; the actions do, and
    :meth:`pending_outcome` tells which messages await settling.
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
        clock = clock or (lambda: datetime.now(UTC))
        core = self._core = EngineCore(
            client,
            cache=cache,
            lease=lease,
            clock=clock,
            sleep=sleep or asyncio.sleep,
            outcomes=Outcomes(clock, timedelta(seconds=settle_after)),
            resolve_per_step=resolve_per_step,
            resolve_keep_share=resolve_keep_share,
        )
        poll_share = min(max(poll_share, 0.05), 1.0 - RESERVE_SHARE)
        self._full = FullListing(
            core, full_every=full_every, full_interval=full_interval, poll_share=poll_share
        )
        self._actions = Actions(core, self._refresh_now)
        self._loop = PollingLoop(
            core,
            poll=lambda: self._sync_round(full=False),
            resolve=self.resolve,
            reconcile=self._full.reconcile,
            poll_interval=poll_interval,
            poll_share=poll_share,
        )
        self._shared = (
            SharedRun(core, core.lease, self._loop, follow_every=follow_every)
            if core.lease is not None
            else None
        )
        self._last_list_at: datetime | None = None
        self._refresh_coalesce = refresh_coalesce
        # The actions, as the engine's own (each returns the delta it applied; see actions.py).
        self.edit = self._actions.edit
        self.send_now = self._actions.send_now
        self.delete = self._actions.delete
        self.send_all = self._actions.send_all
        self.delete_all = self._actions.delete_all
        self.reschedule_time_based = self._actions.reschedule_time_based
        self.reschedule_status_based = self._actions.reschedule_status_based
        self.create = self._actions.create
        self.create_outcome = self._actions.create_outcome
        # Every chat of the user, listed when a picker first asks (see sync/directory.py).
        self.directory = ChatDirectory(core)

    # --- what the UI reads -------------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        """Freshness right now."""
        return self._core.state

    @property
    def messages(self) -> dict[str, ScheduledMessage]:
        """Every pending message, by id (read only: change it through the actions)."""
        return self._core.store.messages

    @property
    def chats(self) -> dict[str, Chat]:
        """Every known chat, by id."""
        return self._core.store.chats

    @property
    def triggers(self) -> TriggerMemory | None:
        """What Cliq said about status triggers per kind of chat (None: not remembered)."""
        return self._actions.triggers

    @triggers.setter
    def triggers(self, memory: TriggerMemory | None) -> None:
        self._actions.triggers = memory

    @property
    def role(self) -> Role | None:
        """This window's part in its account's polling (None: not shared)."""
        return self._core.lease.role if self._core.lease is not None else None

    def subscribe(
        self, on_delta: Callable[[Delta], None], on_state: Callable[[SyncState], None]
    ) -> None:
        """Be told of every delta and every state change."""
        self._core.listeners.append((on_delta, on_state))

    @property
    def sync_token(self) -> str | None:
        """The newest sync token of the queue (None: the next listing is a full one)."""
        return self._core.store.sync_token

    def observe(self, on_change: Callable[[Delta, str | None], object]) -> None:
        """Be told of every delta (before the listeners) with the action of ours that made it
        (None: a listing, the cache or another process brought it); see sync/events.py."""
        self._core.observers.append(on_change)

    def chat_of(self, message_id: str) -> str | None:
        """The chat a message is in, when known."""
        return self._core.store.chat_of.get(message_id)

    def unresolved(self, message_id: str) -> str | None:
        """Why the message's chat is unknown (shown next to disabled actions), or None."""
        return self._core.resolver.reason(message_id)

    def pending_count(self, chat_id: str) -> int:
        """How many pending messages are known to be in the chat."""
        return self._core.store.pending_count(chat_id)

    def pending_outcome(self, message_id: str) -> str | None:
        """Why the message's state is uncertain (an action whose outcome is unknown), or None."""
        return self._core.outcomes.reason(message_id)

    @property
    def unreadable(self) -> list[str]:
        """One line per list item the last listings could not read (the rest are shown)."""
        return self._core.unreadable.lines()

    @property
    def unreadable_items(self) -> list[UnreadableItem]:
        """The list items the last listings could not read."""
        return self._core.unreadable.items()

    def budget_snapshot(self) -> list[BudgetStatus]:
        """Every endpoint's budget (endpoint, limit, remaining, lock ...)."""
        return list(self._core.budgets.snapshot())

    @property
    def cache_path(self) -> Path | None:
        """Where the queue is cached on disk (None: no cache, as in the demo)."""
        cache = self._core.cache
        return cache.path if cache is not None else None

    # --- polling -----------------------------------------------------------------------------

    async def run(self) -> None:
        """Poll forever on an interval derived from the list budget; resolve chats meanwhile.

        Pauses while :attr:`paused`; backs off when offline; waits out locks. Never raises for
        API or network errors: they become state changes. With a lease (several windows on one
        account) only the window holding it polls; see :mod:`cliq_tui.sync.sharing`.
        """
        if self._shared is not None:
            await self._shared.run()
        else:
            await self._loop.run()

    def wake(self) -> None:
        """Poll now instead of waiting out the interval (budget permitting)."""
        self._core.wake()

    def note_input(self) -> None:
        """The user pressed a key: polling keeps its brisk pace (it slows down when idle)."""
        self._core.last_input = self._core.clock()

    def pause(self) -> None:
        """Stop polling until :meth:`resume`."""
        self._core.paused = True
        self._core.set_state(status=SyncStatus.PAUSED, next_poll_in=None)
        self._core.wake()

    def resume(self) -> None:
        """Start polling again."""
        core = self._core
        core.paused = False
        if core.state.status == SyncStatus.PAUSED:
            core.set_state(
                status=SyncStatus.SYNCED if core.state.last_synced else SyncStatus.STARTING
            )
        core.wake()

    @property
    def paused(self) -> bool:
        """True while live updates are paused."""
        return self._core.paused

    def follow_cache(self) -> Delta:
        """Apply what other processes wrote to the cache since the last look (no write back)."""
        return follow_cache(self._core)

    async def reconcile(self) -> Delta:
        """List the next chat in turn while a full listing is held back (see fullsync.py)."""
        return await self._full.reconcile()

    # --- freshness ---------------------------------------------------------------------------

    async def load_cache(self) -> Delta:
        """Load the cached queue (instant first paint); an empty delta when there is none."""
        core = self._core
        if core.cache is None:
            return Delta()
        cached = core.cache.load()
        delta = core.store.load(
            messages=cached.messages,
            chats=cached.chats,
            mapping=cached.mapping,
            sync_token=cached.sync_token,
        )
        if cached.sync_token is not None:
            # Continue incrementally from the cached token; reconcile on the usual schedule.
            self._full.last_full = core.clock()
        core.tell(delta)
        core.set_state()
        return delta

    async def _list_all(self, full: bool) -> tuple[ScheduledMessageList, bool]:
        core = self._core
        self._last_list_at = core.clock()
        token = None if full else core.store.sync_token

        async def list_everything() -> ScheduledMessageList:
            return await core.call(
                Endpoint.LIST_ALL,
                lambda: core.client.list_scheduled_messages(
                    page_size=PAGE_SIZE, max_wait=FULL_LISTING_MAX_WAIT
                ),
            )

        if token is None:
            return await list_everything(), True
        try:
            listing = await core.call(
                Endpoint.LIST_ALL,
                lambda: core.client.list_scheduled_messages(sync_token=token, page_size=PAGE_SIZE),
            )
        except SyncTokenExpiredError:
            log.info("sync token refused; listing everything again")
            core.store.sync_token = None
            return await list_everything(), True
        return listing, False

    async def _sync_round(self, *, full: bool) -> Delta:
        """List (incrementally or fully), apply, settle unknown outcomes, publish. May raise."""
        core = self._core
        async with core.round_lock:
            full = self._full.choose(full)
            if core.state.status in (SyncStatus.STARTING, SyncStatus.SYNCED):
                core.set_state(status=SyncStatus.SYNCING)
            start = core.action_seq
            listing, was_full = await self._list_all(full)
            core.unreadable.note(listing, full=was_full)
            delta = core.store.apply_listing(listing, full=was_full, skip=core.skip_since(start))
            core.touched.clear()
            self._full.listed(was_full)
            delta = delta.merge(await core.settle())
            core.publish(delta)
            if core.cache is not None:
                # The newest token even when nothing changed (a restart a day later continues
                # incrementally), and when the queue was listed (other windows show it).
                core.cache.note_listed(core.store.sync_token, core.clock())
            core.set_state(
                status=SyncStatus.PAUSED if core.paused else SyncStatus.SYNCED,
                last_synced=core.clock(),
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
            and (self._core.clock() - started).total_seconds() < self._refresh_coalesce
        ):
            # A held refresh key must not burn the list budget: a listing that started a
            # moment ago is fresh enough. Wait for it if it is still running.
            async with self._core.round_lock:
                return Delta()
        return await self._refresh_now(full=full)

    async def sync_now(self, *, full: bool = False) -> Delta:
        """One sync round at once that raises API and network errors (after showing them in
        :attr:`state`): a script needs the error itself, where the dashboard refreshes."""
        try:
            return await self._sync_round(full=full)
        except CliqError as exc:
            self._core.note_failure(exc)
            raise

    async def _refresh_now(self, *, full: bool = False) -> Delta:
        """One sync round at once, errors turned into state."""
        try:
            return await self._sync_round(full=full)
        except CliqError as exc:
            self._core.note_failure(exc)
            return Delta()

    async def resolve(self) -> Delta:
        """One step of chat resolution within the budget; the delta of what it learnt."""
        core = self._core
        resting = core.resolve_paused_until
        if resting is not None and core.clock() < resting:
            return Delta()
        async with core.round_lock:
            start = core.action_seq
            delta = await core.resolver.step()
            stale = core.skip_since(start)
            if stale:
                # An action finished meanwhile: its rows are newer than what resolution listed.
                delta = Delta(
                    tuple(m for m in delta.added if m.id not in stale),
                    tuple(m for m in delta.changed if m.id not in stale),
                    tuple(m for m in delta.removed if m not in stale),
                    delta.chats,
                )
        return core.publish(delta)
