"""Every chat of the user, for choosing where a new message goes (the create dialog's picker).

The queue only needs the chats that hold pending messages; scheduling into any other chat
needs the rest. They are listed lazily, the first time someone asks (:meth:`ChatDirectory.load`,
when the picker opens), never at start: GET /chats allows 30 requests a minute and locks for
10 minutes, so the listing spends pages of 100 and leaves the background reserve alone. Chats
already known (the cache, chat resolution) are offered at once, and a listing resolution already
finished makes a new one unnecessary. Each page goes into the queue's store as it arrives (and
with it into the cache file), so a search sees it while later pages still load. Once complete,
the directory is not listed again in this session. When the budget or the server stops the
listing, the chats known stay offered and :attr:`DirectoryState.note` says in one line why the
rest are missing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import CliqError, RateLimitError
from cliq_tui.api.models import Chat
from cliq_tui.core.format import countdown, plural
from cliq_tui.sync.chat_pages import ChatPager
from cliq_tui.sync.core import EngineCore
from cliq_tui.sync.polling import reserve

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class DirectoryState:
    """Where the listing of every chat stands: under way, complete, or stopped (``note`` says
    why, in one line)."""

    loading: bool = False
    complete: bool = False
    note: str | None = None


class ChatDirectory:
    """Every chat of the user: the known ones at once, the rest listed on the first ask."""

    def __init__(self, core: EngineCore) -> None:
        self._core = core
        self._complete = False
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[], None]] = []
        self.state = DirectoryState()
        # GET /chats requests this directory sent (for the tests and the budget's account).
        self.requests = 0

    # --- what the picker reads ---------------------------------------------------------------

    def chats(self) -> dict[str, Chat]:
        """Every chat known now, by id (the store's: it grows as pages arrive)."""
        return self._core.store.chats

    @property
    def complete(self) -> bool:
        """True once every chat has been listed in this session (here or by resolution)."""
        return self._complete or self._core.resolver.listed_all

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Be told when chats arrive or the state changes; returns the way to stop."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _set(self, state: DirectoryState) -> None:
        self.state = state
        self._tell()

    def _tell(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- listing -----------------------------------------------------------------------------

    def _keep(self) -> int:
        return reserve(self._core.budgets, Endpoint.LIST_CHATS)

    def _may_spend(self) -> bool:
        return self._core.remaining(Endpoint.LIST_CHATS) > self._keep()

    async def load(self) -> DirectoryState:
        """List every chat unless that was done in this session; never raises for API or
        network errors (they become :attr:`state`'s note)."""
        async with self._lock:
            if self.complete:
                if not self.state.complete:
                    self._set(DirectoryState(complete=True))
                return self.state
            if not self._may_spend():
                self._set(DirectoryState(note=self._not_now()))
                return self.state
            self._set(DirectoryState(loading=True, note="Listing your chats…"))
            listed = 0
            pager = ChatPager(self._core.client, self._count_call, self._may_spend)
            try:
                async for page in pager.pages():
                    listed += len(page)
                    self._add(page, listed)
            except CliqError as exc:
                log.info("listing every chat stopped: %s", exc)
                self._set(DirectoryState(note=self._failed(exc)))
                return self.state
            except asyncio.CancelledError:  # the app is closing: not "loading" forever
                self._set(DirectoryState(note=self._stopped()))
                raise
            self._complete = pager.complete
            if pager.complete:
                self._set(DirectoryState(complete=True))
            else:
                self._set(DirectoryState(note=self._stopped()))
            return self.state

    async def _count_call(self, endpoint: Endpoint, fn: Callable[[], Awaitable[T]]) -> T:
        self.requests += 1
        return await self._core.call(endpoint, fn)

    def _add(self, page: list[Chat], listed: int) -> None:
        delta = self._core.store.put_chats(page)
        self._core.publish(delta)  # the panes and the cache learn the chats' names too
        self._set(DirectoryState(loading=True, note=f"Listing your chats… {listed} so far"))

    # --- one line: why some chats are missing -----------------------------------------------

    def _known(self) -> str:
        count = len(self.chats())
        return f"showing the {plural(count, 'chat')} known" if count else "no chat is known yet"

    def _lock_left(self) -> float | None:
        until = self._core.lock_end(Endpoint.LIST_CHATS)
        if until is None:
            return None
        left = (until - self._core.clock()).total_seconds()
        return left if left > 0 else None

    def _not_now(self) -> str:
        locked = self._lock_left()
        if locked is not None:
            return f"Cliq's chat list is locked for {countdown(locked)}: {self._known()}."
        wait = self._core.budgets.seconds_until_free(Endpoint.LIST_CHATS)
        frees = f" (frees in {countdown(wait)})" if wait else ""
        return f"Chat-list budget spent{frees}: {self._known()}."

    def _stopped(self) -> str:
        return f"Chat-list budget low: {self._known()}; reopen later for the rest."

    def _failed(self, exc: CliqError) -> str:
        if isinstance(exc, RateLimitError):
            return self._not_now()
        return f"Listing your chats failed ({exc.title.lower()}): {self._known()}."
