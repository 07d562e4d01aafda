"""Simulated time: an asyncio event loop whose clock jumps ahead whenever it would wait.

Every ``asyncio.sleep``, timeout and budget wait runs on the loop's clock, so half an hour of
polling, user actions and server-side changes passes in seconds of real time, in the same order
and with the same gaps as in real time. It only works when nothing waits for real I/O: the fake
server is reached in-process through ``httpx.ASGITransport`` (see :class:`FakeLink`).
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

T = TypeVar("T")


class _AutojumpSelector(selectors.DefaultSelector):
    """Polls for I/O without blocking; a wait for timers moves the loop's clock instead."""

    def __init__(self, loop: SimulatedLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if events:
            return events
        if timeout is None:
            raise RuntimeError("simulated time: every task waits for I/O that cannot come")
        self._loop.advance(timeout)
        return []


class SimulatedLoop(asyncio.SelectorEventLoop):
    """An event loop on simulated time, starting at ``start`` (epoch seconds)."""

    def __init__(self, start: float) -> None:
        self._now = 0.0
        self.epoch = start
        super().__init__(selector=_AutojumpSelector(self))

    def time(self) -> float:
        """The loop's clock (seconds since the simulation began)."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (called when every task is waiting)."""
        if seconds > 0:
            self._now += seconds

    def wall(self) -> float:
        """Simulated epoch seconds, for the client's clock."""
        return self.epoch + self._now

    def wall_datetime(self) -> datetime:
        """Simulated time as an aware datetime, for the engine's clock."""
        return datetime.fromtimestamp(self.wall(), UTC)


def run_simulated(start: float, main: Callable[[SimulatedLoop], Coroutine[Any, Any, T]]) -> T:
    """Run ``main(loop)`` to completion on a fresh simulated loop starting at ``start``."""
    loop = SimulatedLoop(start)
    try:
        return loop.run_until_complete(main(loop))
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


class FakeLink(httpx.AsyncBaseTransport):
    """In-process HTTP to a fake server's app, keeping the fake's manual clock on loop time."""

    def __init__(self, app: Any, state: Any, loop: SimulatedLoop) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._state = state
        self._loop = loop

    def sync_clock(self) -> None:
        """Bring the fake's clock up to simulated now (it never moves backwards)."""
        now_ms = int(self._loop.wall() * 1000)
        if now_ms > self._state.now_ms():
            self._state.clock.set(now_ms)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request at simulated now."""
        self.sync_clock()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()
