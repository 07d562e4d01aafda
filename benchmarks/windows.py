"""Several dashboards and CLI runs on one account, on simulated time (the bench and the tests).

Each window is what the app's factory builds for a profile: its own client, its own connection
to the account's shared cache, a poller lease and the engine's ``run`` loop; they share a
folder, so the cache file and the lease files are the real ones. ``cli_list`` is one
``cliq-tui list`` run (:func:`cliq_tui.cli.resolve.list_with_chats`). Every client reaches the
same in-process fake through its own counting transport, so each window's requests are known.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.simclock import FakeLink, SimulatedLoop
from benchmarks.traffic import BASE_URL, TOKEN, ServerChanges
from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.fake.state import FakeState
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.lease import PollerLease, Role
from cliq_tui.sync.types import Delta

PROFILE = "bench"
LIST_ALL_PATH = "/api/v3/scheduledmessages"


class CountingLink(httpx.AsyncBaseTransport):
    """One client's way to the shared fake, counting what it sends by method and path."""

    def __init__(self, link: FakeLink) -> None:
        self._link = link
        self.sent: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Count the request, then serve it."""
        self.sent[f"{request.method} {request.url.path.rstrip('/')}"] += 1
        return await self._link.handle_async_request(request)

    def polls(self) -> int:
        """Global listings sent (each page counts)."""
        return self.sent[f"GET {LIST_ALL_PATH}"]


@dataclass
class Window:
    """One dashboard: the app's client, cache, lease and engine, and what reached it when."""

    name: str
    link: CountingLink
    client: CliqClient
    cache: QueueCache
    lease: PollerLease
    engine: SyncEngine
    task: asyncio.Task[None] | None = None
    pending: dict[str, float] = field(default_factory=dict)
    freshness: list[float] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)


class RequestLog:
    """Every request the fake counted, with when and whether it was throttled."""

    def __init__(self, state: FakeState) -> None:
        self.entries: list[tuple[int, str, bool]] = []
        record = state.record_request

        def recording(
            endpoint: str, method: str, path: str, status: int, sent: int, throttled: bool
        ) -> None:
            self.entries.append((state.now_ms(), endpoint, throttled))
            record(endpoint, method, path, status, sent, throttled)

        state.record_request = recording  # type: ignore[method-assign]

    def throttled(self) -> int:
        """Responses the fake refused for the rate limit."""
        return sum(1 for _, _, throttled in self.entries if throttled)

    def peaks(self) -> dict[str, int]:
        """Per endpoint, the most requests in any 60 s window (the fake's own window)."""
        times: dict[str, list[int]] = {}
        for at_ms, endpoint, _ in self.entries:
            times.setdefault(endpoint, []).append(at_ms)
        peaks: dict[str, int] = {}
        for endpoint, moments in times.items():
            moments.sort()
            first = 0
            for last, at_ms in enumerate(moments):
                while moments[first] <= at_ms - 60_000:
                    first += 1
                peaks[endpoint] = max(peaks.get(endpoint, 0), last - first + 1)
        return peaks


class Account:
    """One fake server and the account's shared folder, with the windows open on it.

    ``budgets`` makes the rate budget of each new client (None: the client's own, in memory).
    """

    def __init__(
        self,
        loop: SimulatedLoop,
        state: FakeState,
        link: FakeLink,
        folder: Path,
        *,
        budgets: Callable[[], Any] | None = None,
    ) -> None:
        self.loop = loop
        self.state = state
        self.link = link
        self.folder = folder
        self._budgets = budgets
        self.windows: list[Window] = []
        self.cli_runs = 0
        self.cli_failures: list[str] = []

    def _client(self) -> tuple[CountingLink, CliqClient]:
        link = CountingLink(self.link)
        budgets = self._budgets() if self._budgets is not None else None
        client = CliqClient(
            BASE_URL, StaticToken(TOKEN), transport=link, clock=self.loop.wall, budgets=budgets
        )
        return link, client

    async def open(self, name: str) -> Window:
        """Start a dashboard: load the cache (its first paint), then run."""
        link, client = self._client()
        cache = QueueCache.for_profile(PROFILE, BASE_URL, self.folder)
        lease = PollerLease(cache, monotonic=self.loop.time, name=name)
        engine = SyncEngine(client, cache=cache, lease=lease, clock=self.loop.wall_datetime)
        window = Window(name, link, client, cache, lease, engine)
        engine.subscribe(lambda delta: self._arrived(window, delta), lambda _s: None)
        await engine.load_cache()
        window.task = asyncio.ensure_future(engine.run())
        self.windows.append(window)
        return window

    def _arrived(self, window: Window, delta: Delta) -> None:
        now = self.loop.time()
        window.roles[str(window.lease.role)] += 1
        ids = [m.id for m in delta.added] + [m.id for m in delta.changed] + list(delta.removed)
        for message_id in ids:
            made_at = window.pending.pop(message_id, None)
            if made_at is not None:
                window.freshness.append(now - made_at)

    def changed(self, message_id: str) -> None:
        """A server-side change each open window should receive."""
        now = self.loop.time()
        for window in self.windows:
            window.pending.setdefault(message_id, now)

    async def close(self, window: Window) -> None:
        """Quit a dashboard as the app does: stop its run loop, then close client and cache."""
        await self._stop(window)
        window.lease.release()
        window.cache.close()
        await window.client.aclose()
        self.windows.remove(window)

    async def _stop(self, window: Window) -> None:
        if window.task is not None:
            task, window.task = window.task, None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def hang(self, window: Window) -> None:
        """Freeze a dashboard: it stops running but keeps its lease lock (and beats no more)."""
        release = window.lease.release
        window.lease.release = lambda: None  # type: ignore[method-assign]
        try:
            await self._stop(window)
        finally:
            window.lease.release = release  # type: ignore[method-assign]

    def wake(self, window: Window) -> None:
        """A frozen dashboard runs again."""
        window.task = asyncio.ensure_future(window.engine.run())

    async def cli_list(self) -> list[ScheduledMessage]:
        """One ``cliq-tui list`` run on the account (its own client and cache connection)."""
        from cliq_tui.cli.resolve import list_with_chats

        _, client = self._client()
        self.cli_runs += 1
        try:
            return await list_with_chats(client, PROFILE, cache_dir=self.folder)
        finally:
            await client.aclose()

    def pollers(self) -> list[str]:
        """The open windows that hold the polling role now."""
        return [w.name for w in self.windows if w.lease.role is Role.POLLING]

    async def close_all(self) -> None:
        """Close every open window."""
        for window in list(self.windows):
            await self.close(window)


class AccountChanges(ServerChanges):
    """Another device changing the queue server-side; every open window's freshness counts."""

    def __init__(self, account: Account, per_minute: float, seed: int) -> None:
        super().__init__(account.loop, account.state, account.link, per_minute, seed)
        self._account = account

    def _note(self, changed: str) -> None:
        """Every open window's freshness counts from this change."""
        self._account.changed(changed)
