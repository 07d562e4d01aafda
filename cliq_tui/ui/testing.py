"""Driving the dashboard under Textual's Pilot without timed assertions: the helpers the UI
tests, the reliability tests and the screenshots script share (a clock that moves only when
told, and bounded waits on the app's own state, so a hang fails instead of blocking)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from cliq_tui.ui.app import CliqApp

if TYPE_CHECKING:
    from cliq_tui.fake import FakeServer

# The fake server's manual clock and the app's clock start at the same fixed instant, so the
# relative times and the status bar read the same on every run (2026-06-01T09:00:00Z, a Monday).
START_MS = 1_780_304_400_000
# How long wait_until lets the app run before it calls the wait a hang. A bound on the monotonic
# clock, not a count of pauses: on a loaded machine each 25 ms pause can take far longer, and a
# count of them once gave up on a dashboard that was merely slow. Generous, because a test waits
# for state; only a real hang should ever reach it (pytest-timeout stops the test at 300 s).
WAIT_LIMIT_S = 120.0


class SteppingClock:
    """The app's clock (epoch seconds): still until a test moves it, like the fake server's."""

    def __init__(self, start: float = START_MS / 1000) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.now += seconds


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Let the app run until ``condition`` holds (bounded, so a hang fails instead of blocking)."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for: {what}")
        await pilot.pause(0.025)


async def wait_for_queue(pilot: Pilot[Any]) -> None:
    """Wait until the engine is connected and the queue is on screen; say why when it is not."""
    app = pilot.app
    assert isinstance(app, CliqApp)
    try:
        await wait_until(
            pilot, lambda: app.engine is not None and app.main.queue.row_count > 0, "the queue"
        )
    except AssertionError as error:
        engine = app.engine
        held = len(engine.messages) if engine is not None else None
        raise AssertionError(
            f"{error}: engine holds {held} messages, state {app.sync_state}, toasts {toasts(app)}"
        ) from None


async def settle(pilot: Pilot[Any]) -> None:
    """Let posted messages and workers run."""
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()


def demo_server(app: CliqApp) -> FakeServer:
    """The demo's embedded fake server."""
    server = getattr(app.backend, "fake_server", None)
    assert server is not None, "the demo server is not running"
    return server


def toasts(app: CliqApp) -> list[tuple[str, str]]:
    """Every notification shown so far, as (title, message)."""
    return [(n.title, n.message) for n in app._notifications]
