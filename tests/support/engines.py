"""Sync engines on fake servers, built the way the tests need them.

:func:`engine_on` builds an engine on a real HTTP client with the wall clock's flow of time (no
retries: a test sees each fault at once). A :class:`Rig` puts a fake server, a client and an
engine on one :class:`~tests.support.clock.FakeClock`: the server's clock, the client's clock
(rate budgets, locks) and the engine's clock (poll intervals, settling) all move together, and
only when a test (or an injected sleep) says so: a ten-minute lock passes in a moment and
nothing is timed by the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from cliq_tui.api.auth import Auth, OAuthRefresh, StaticToken
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.retry import NO_RETRY, RetryPolicy
from cliq_tui.fake import FakeServer
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import SyncStatus

from .clock import FakeClock
from .servers import server_view, total_requests

# Reads are retried as in production, only with short backoffs.
QUICK_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02)


def engine_on(
    server: FakeServer,
    *,
    cache: QueueCache | None = None,
    timeout: float = 10.0,
    budget_scale: float = 1.0,
    **kw: Any,
) -> tuple[CliqClient, SyncEngine]:
    """A client (no retries, budgets scaled by ``budget_scale``) and an engine on ``server``;
    the caller closes the client."""
    limits = {e: int(e.spec.per_minute * budget_scale) for e in Endpoint}
    client = CliqClient(
        server.base_url,
        StaticToken(server.token),
        retry=NO_RETRY,
        timeout=timeout,
        budgets=RateBudgets(limits=limits),
    )
    kw.setdefault("settle_after", 0.0)
    kw.setdefault("refresh_coalesce", 0.0)  # tests refresh back to back on purpose
    return client, SyncEngine(client, cache=cache, **kw)


class StopLoop(Exception):
    """Raised by an injected sleep to end ``engine.run()``."""


@dataclass
class LoopSleep:
    """The engine's sleep: calls ``hook(seconds)`` (which may advance clocks or raise StopLoop)."""

    hook: Callable[[float], None] | None = None
    asked: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        if self.hook is not None:
            self.hook(seconds)
        await asyncio.sleep(0)


@dataclass
class Rig:
    """Everything one fault-matrix case runs on."""

    server: FakeServer
    clock: FakeClock
    auth: Auth
    client: CliqClient
    engine: SyncEngine
    sleep: LoopSleep
    notes: dict[str, Any] = field(default_factory=dict)

    async def refresh_later(self, seconds: float = 5.0) -> None:
        """Press refresh a few seconds on (a refresh right after a listing is answered by it)."""
        self.clock.advance(seconds)
        await self.engine.refresh()

    def total_requests(self) -> int:
        """Every API (and OAuth) request the fake server has seen."""
        return total_requests(self.server)

    async def run_until_synced(
        self,
        on_first_wait: Callable[[], None],
        *,
        on_wait: Callable[[float], None] | None = None,
        max_waits: int = 12,
    ) -> list[float]:
        """Run the polling loop; at its first wait call ``on_first_wait`` (the fault ends), then
        let it wait (moving the clocks) until it reports SYNCED. Returns the waits it asked for.

        ``on_wait(seconds)`` is called at every wait before the clocks move. Nobody presses
        refresh: the loop has to recover by itself.
        """
        ended = False

        def hook(seconds: float) -> None:
            nonlocal ended
            if ended and self.engine.state.status is SyncStatus.SYNCED:
                raise StopLoop
            if not ended:
                on_first_wait()
                ended = True
            if len(self.sleep.asked) > max_waits:
                raise AssertionError(f"no recovery after waits of {self.sleep.asked}")
            if on_wait is not None:
                on_wait(seconds)
            self.clock.advance(seconds)

        self.sleep.hook = hook
        self.sleep.asked.clear()
        try:
            await self.engine.run()
        except StopLoop:
            pass
        finally:
            self.sleep.hook = None
        return list(self.sleep.asked)


def rig_on(
    server: FakeServer, *, timeout: float = 5.0, oauth: bool = False, settle_after: float = 20.0
) -> Rig:
    """A rig on ``server`` (a manual clock): its client (real HTTP, quick retries) and engine
    read the server's clock, and every sleep of theirs moves it; the caller closes the client."""
    clock = FakeClock.of(server)
    auth: Auth
    if oauth:
        config = server.config
        auth = OAuthRefresh(
            config.client_id,
            config.client_secret,
            config.refresh_token,
            server.base_url,
            clock=clock,
        )
    else:
        auth = StaticToken(server.token)
    client = CliqClient(
        server.base_url, auth, timeout=timeout, clock=clock, sleep=clock.sleep, retry=QUICK_RETRY
    )
    sleep = LoopSleep()
    engine = SyncEngine(client, clock=clock.now, sleep=sleep, settle_after=settle_after)
    return Rig(server, clock, auth, client, engine, sleep)


# --- what the engine holds ---------------------------------------------------------------------


def engine_view(engine: SyncEngine) -> dict[str, tuple[str, str, str | None]]:
    """The engine's queue in the same shape as :func:`~tests.support.servers.server_view` (chat
    as the engine knows it)."""
    view = {}
    for mid, m in engine.messages.items():
        when = (
            m.time.astimezone(UTC).isoformat()
            if m.time is not None
            else (m.schedule_status.value if m.schedule_status else None)
        )
        view[mid] = (engine.chat_of(mid) or m.chat_id or "", m.text, when)
    return view


def assert_queue_matches(engine: SyncEngine, server: FakeServer) -> None:
    """The engine holds exactly the server's pending messages, with the same text and schedule.

    Chats are compared where the engine knows them (the global list does not say).
    """
    theirs = server_view(server)
    ours = engine_view(engine)
    assert set(ours) == set(theirs)
    for mid, (chat, text, when) in ours.items():
        assert (text, when) == theirs[mid][1:], mid
        if chat:
            assert chat == theirs[mid][0], mid


async def resolve_all(engine: SyncEngine, *, steps: int = 20) -> None:
    """Run resolution steps until every message has its chat (or the steps run out)."""
    for _ in range(steps):
        if all(m.chat_id for m in engine.messages.values()):
            return
        await engine.resolve()


async def eventually(condition: Callable[[], Awaitable[bool] | bool], what: str) -> None:
    """Wait (bounded by a count of short sleeps, not asserted on time) until ``condition``."""
    for _ in range(600):
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"gave up waiting for: {what}")
