"""Helpers for the dashboard tests (waiting on the app without timed assertions)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from cliq_tui.fake import FakeServer
from cliq_tui.ui.app import CliqApp

# The fake server's manual clock and the app's clock start at the same fixed instant, so the
# relative times and the status bar read the same on every run (2026-06-01T09:00:00Z, a Monday).
START_MS = 1_780_304_400_000


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
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.025)
    raise AssertionError(f"gave up waiting for: {what}")


async def wait_for_queue(pilot: Pilot[Any]) -> None:
    """Wait until the engine is connected and the demo queue is on screen."""
    app = pilot.app
    assert isinstance(app, CliqApp)
    try:
        await wait_until(
            pilot, lambda: app.engine is not None and app.main.queue.row_count > 0, "the queue"
        )
    except AssertionError as error:
        engine = app.engine
        held = len(engine.messages) if engine is not None else None
        notes = [(n.title, n.message) for n in app._notifications]
        raise AssertionError(
            f"{error}: engine holds {held} messages, state {app.sync_state}, toasts {notes}"
        ) from None


async def refresh(pilot: Pilot[Any], seconds: float = 5.0) -> None:
    """Let some time pass on both clocks (a refresh right after a listing is coalesced), then
    press r."""
    app = pilot.app
    assert isinstance(app, CliqApp) and isinstance(app.clock, SteppingClock)
    app.clock.advance(seconds)
    fake_server(app).state.advance(seconds)
    await pilot.press("r")


def fake_server(app: CliqApp) -> FakeServer:
    """The demo's embedded fake server."""
    server = getattr(app.backend, "fake_server", None)
    assert server is not None, "the demo server is not running"
    return server


async def settle(pilot: Pilot[Any]) -> None:
    """Let posted messages and workers run."""
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (rendered by Rich at a fixed width)."""
    console = Console(width=150, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()
