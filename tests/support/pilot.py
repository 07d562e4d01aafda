"""Waiting on the dashboard under Textual's Pilot without timed assertions: bounded waits on the
app's own state (so a hang fails instead of blocking), and readers of what it shows."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from cliq_tui.fake import FakeServer
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.status_bar import StatusBar

# The terminal size the dashboard tests run at: wide enough for every column and pane.
SIZE = (160, 48)
# How long wait_until lets the app run before it calls the wait a hang. A bound on the monotonic
# clock, not a count of pauses: on a loaded machine each 25 ms pause can take far longer, and a
# count of them once gave up on a dashboard that was merely slow. Generous, because a test waits
# for state; only a real hang should ever reach it (pytest-timeout stops the test at 300 s).
WAIT_LIMIT_S = 120.0


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
    return [(n.title, n.message) for n in app.notices]


def status_text(app: CliqApp) -> str:
    """What the status bar says."""
    return str(app.main.query_one(StatusBar).render())


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (rendered by Rich at a fixed width)."""
    console = Console(width=150, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()
