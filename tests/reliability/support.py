"""The test rig of the fault matrix: a fake server, a client and an engine on one manual clock.

The fake server's clock, the client's clock (rate budgets, locks) and the engine's clock (poll
intervals, settling) all move together, and only when a test (or an injected sleep) says so:
a ten-minute lock passes in a moment and nothing is timed by the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cliq_tui.api.auth import Auth
from cliq_tui.api.client import CliqClient
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import SyncStatus

# 2026-06-01T09:00:00Z, a Monday: the same start as the other test folders.
START_MS = 1_780_304_400_000
# Token, refresh token and client secret the secrets tests look for (distinctive on purpose).
ACCESS_TOKEN = "1000.acc3ss-T0KEN-must-n0t-leak.7f3a"
REFRESH_TOKEN = "1000.r3fresh-T0KEN-must-n0t-leak.9c2e"
CLIENT_SECRET = "cl1ent-S3CRET-must-n0t-leak-b41d"
CLIENT_ID = "1000.CLIENTIDVISIBLE"


class ManualClock:
    """Epoch seconds that move only through :meth:`advance` (which moves the fake's clock too)."""

    def __init__(self, server: FakeServer, start_ms: int = START_MS) -> None:
        self.server = server
        self.seconds = start_ms / 1000

    def __call__(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        """The clock as an aware datetime (what the engine reads)."""
        return datetime.fromtimestamp(self.seconds, UTC)

    def advance(self, seconds: float) -> None:
        """Move every clock forward; the fake delivers whatever falls due meanwhile."""
        self.seconds += seconds
        self.server.state.advance(seconds)


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
    clock: ManualClock
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
        return int(self.server.state.stats()["total"]["requests"])

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


def server_view(server: FakeServer) -> dict[str, tuple[str, str, str | None]]:
    """The fake's pending queue as id -> (chat, text or comment, due time or trigger)."""
    view = {}
    for item in server.state.messages():
        content = item["message"]["content"]
        text = content.get("text") if item["message"]["type"] == "text" else content.get("comment")
        when = (
            datetime.fromisoformat(item["time"]).astimezone(UTC).isoformat()
            if "time" in item
            else item.get("schedule_status")
        )
        view[item["id"]] = (item["chat_id"], text or "", when)
    return view


def engine_view(engine: SyncEngine) -> dict[str, tuple[str, str, str | None]]:
    """The engine's queue in the same shape as :func:`server_view` (chat as the engine knows it)."""
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
